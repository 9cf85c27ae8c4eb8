// `flow add @ft` (also written `flow offload @ft`; nft(8) "FLOW STATEMENT", kernel nft_flow_offload.c): hands an
// established flow to the flowtable's fast path, after which its packets skip the hooks. The lab keeps the statement
// and lists it as nft does (`flow add @ft`, ct.c flow_offload_stmt_print) but does not simulate the fast path: a
// trace meets it as the kernel's slow path does, and the packet goes on through the chain.
import { posOf, type Cursor } from '../cursor.ts';
import type { Stmt } from '../model.ts';
import { spanPos } from '../position.ts';
import type { RuleCtx } from '../ruleContext.ts';
import type { Token } from '../tokenize.ts';
import { keptAsWritten } from './kept.ts';

export const flowModule = {
  name: 'flow',
  keywords: ['flow'],
  parse(c: Cursor, first: Token, ctx: RuleCtx): Stmt {
    // Other `flow …` forms (the old `flow table name { … }` meter) are kept as written.
    if (!(c.isWord('add') || c.isWord('offload')) || !c.isPunct('@', 1)) return keptAsWritten(c, first);
    c.next();
    c.next();
    const name = c.name();
    const pos = spanPos(first.start, name.end - first.start);
    ctx.objectLater({ kind: 'flowtable', name: name.value, pos });
    const text = `flow add @${name.value}`;
    const next = {
      kind: 'next' as const,
      explain: { id: 'nftdyn.flow-offload', params: { flowtable: name.value }, matched: true },
    };
    return { kind: 'flow', text, pos: posOf(first), simulated: false, exec: () => next };
  },
};
