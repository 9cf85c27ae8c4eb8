// quota (nft(8), "QUOTA STATEMENT"; kernel nft_quota.c): a byte budget per rule. Each packet that reaches it adds its
// length to what was used (`used N` is where it starts), and the budget is spent once used >= quota
// (nft_overquota); the rule goes on while the budget lasts, or with `over` only once it is spent. nft lists the
// amounts in the largest unit that divides them (`quota 2048 kbytes` lists `quota 2 mbytes`) and drops `until`
// (checked with nft 1.0.6).
import { posOf, type Cursor } from '../cursor.ts';
import type { Stmt } from '../model.ts';
import type { Token } from '../tokenize.ts';

const UNITS: Record<string, number> = { bytes: 1, kbytes: 1024, mbytes: 1024 * 1024 };

/** The largest unit that divides the amount (nftables src/statement.c quota_stmt_print, get_rate). */
export function quotaAmount(n: number): { val: number; unit: string } {
  if (n > 0 && n % UNITS.mbytes! === 0) return { val: n / UNITS.mbytes!, unit: 'mbytes' };
  if (n > 0 && n % UNITS.kbytes! === 0) return { val: n / UNITS.kbytes!, unit: 'kbytes' };
  return { val: n, unit: 'bytes' };
}

function amount(c: Cursor): number {
  const n = c.word('number');
  if (!/^\d+$/.test(n.value)) c.unexpected(n, 'number');
  const u = c.peek();
  if (u.kind !== 'word' || !(u.value in UNITS)) c.unexpected(u, 'string or bytes');
  c.next();
  return Number(n.value) * UNITS[u.value]!;
}

const printed = (n: number) => {
  const a = quotaAmount(n);
  return `${a.val} ${a.unit}`;
};

export const quotaModule = {
  name: 'quota',
  keywords: ['quota'],
  parse(c: Cursor, first: Token): Stmt {
    const over = c.eatWord('over');
    if (!over) c.eatWord('until');
    const quota = amount(c);
    const used = c.eatWord('used') ? amount(c) : 0;
    const text = `quota ${over ? 'over ' : ''}${printed(quota)}${used ? ` used ${printed(used)}` : ''}`;
    return {
      kind: 'quota',
      text,
      pos: posOf(first),
      exec(e) {
        const state = e.ruleState(() => ({ consumed: used }));
        state.consumed += e.pkt.length;
        const spent = state.consumed >= quota;
        const pass = spent === over;
        return {
          kind: pass ? 'next' : 'break',
          explain: { id: spent ? 'nftdyn.quota-spent' : 'nftdyn.quota-left', params: { quota: text }, matched: pass },
        };
      },
    };
  },
};
