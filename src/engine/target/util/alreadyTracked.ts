// CT and NOTRACK act only on a packet that carries no conntrack entry yet (xt_CT.c: `if (skb->_nfct != 0) return
// XT_CONTINUE`). In the raw table that is every packet except one looped back through lo, which keeps the entry it
// got on its way out; an untracked packet carries the "untracked" mark and is left alone too.
import type { EvalContext } from '../../ext/types.ts';

/** The tracer shows a packet without an entry as null (conntrack off) or as a bare INVALID view. */
export function alreadyTracked(ctx: EvalContext): boolean {
  return ctx.ct !== null && ctx.ct.state !== 'INVALID';
}
