// A quota's arguments, shared by the quota statement and a named quota (nftables parser_bison.y quota_config:
// `[over|until] N unit [used N unit]`), as nft lists them and as nft_quota.c consumes them.
import type { Cursor } from '../cursor.ts';

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

/** `[over|until] N unit [used N unit]`: a quota statement's arguments and a named quota's (quota_config). */
export interface QuotaConfig {
  over: boolean;
  bytes: number;
  used: number;
}

export function readQuotaConfig(c: Cursor): QuotaConfig {
  const over = c.eatWord('over');
  if (!over) c.eatWord('until');
  const bytes = amount(c);
  const used = c.eatWord('used') ? amount(c) : 0;
  return { over, bytes, used };
}

/** As nft lists it: `over 2 kbytes used 1 kbytes` (`until` and `used 0` are not listed). */
export const quotaConfigText = (q: QuotaConfig): string =>
  `${q.over ? 'over ' : ''}${printed(q.bytes)}${q.used ? ` used ${printed(q.used)}` : ''}`;

/**
 * nft_quota.c nft_quota_do_eval: the packet's length is added to what was consumed, the quota is spent once that
 * reaches the budget (nft_overquota), and the rule stops when spent XOR `over` (NFT_QUOTA_F_INV).
 */
export function consumeQuota(
  q: QuotaConfig,
  state: { consumed: number },
  length: number,
): { spent: boolean; pass: boolean } {
  state.consumed += length;
  const spent = state.consumed >= q.bytes;
  return { spent, pass: spent === q.over };
}
