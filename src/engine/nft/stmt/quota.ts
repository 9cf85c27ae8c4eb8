// quota (nft(8), "QUOTA STATEMENT"; kernel nft_quota.c): a byte budget per rule. Each packet that reaches it adds its
// length to what was used (`used N` is where it starts), and the budget is spent once used >= quota
// (nft_overquota); the rule goes on while the budget lasts, or with `over` only once it is spent. nft lists the
// amounts in the largest unit that divides them (`quota 2048 kbytes` lists `quota 2 mbytes`) and drops `until`
// (checked with nft 1.0.6).
import { posOf, type Cursor } from '../cursor.ts';
import type { Stmt } from '../model.ts';
import type { RuleCtx } from '../ruleContext.ts';
import type { Token } from '../tokenize.ts';
import { namedQuota } from './namedObject.ts';
import { consumeQuota, quotaConfigText, readQuotaConfig } from './quotaConfig.ts';

export const quotaModule = {
  name: 'quota',
  keywords: ['quota'],
  parse(c: Cursor, first: Token, ctx: RuleCtx): Stmt {
    if (c.isWord('name')) return namedQuota(c, first, ctx);
    const q = readQuotaConfig(c);
    const text = `quota ${quotaConfigText(q)}`;
    return {
      kind: 'quota',
      text,
      pos: posOf(first),
      exec(e) {
        const { spent, pass } = consumeQuota(
          q,
          e.ruleState(() => ({ consumed: q.used })),
          e.pkt.length,
        );
        return {
          kind: pass ? 'next' : 'break',
          explain: { id: spent ? 'nftdyn.quota-spent' : 'nftdyn.quota-left', params: { quota: text }, matched: pass },
        };
      },
    };
  },
};
