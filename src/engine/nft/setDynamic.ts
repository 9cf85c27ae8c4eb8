// A named set that rules update from the packet path (`update @s { ip saddr }`, `add @s { … }`): nft gives it the
// `dynamic` flag and, when it has no size of its own, a size of 65535, and lists both (checked with nft 1.0.6: a
// set declared with `flags timeout` and updated by a rule lists `size 65535` and `flags dynamic,timeout`; the same
// set with no rule updating it lists neither).
import type { NftElement, NftSet, Pos } from './model.ts';

/** What a set statement tells the validator (validate.ts): where its key is written, whether it gives a timeout. */
export interface SetUpdateRef {
  keyPos: Pos;
  stmtPos: Pos;
  timeout: boolean;
}

/** An element added from the packet path (stmt/setUpdate.ts): when it expires (seconds, the trace's clock) and the
 * state of its statements (a limit's bucket per element). */
export interface DynamicElement extends NftElement {
  expires: number | undefined;
  state: unknown[];
}

/** An element added from the packet path whose timeout has passed is gone: a lookup no longer finds it. */
export function dynamicElementLive(el: NftElement, now: number): boolean {
  const expires = (el as Partial<DynamicElement>).expires;
  return expires === undefined || expires > now;
}

export function markUpdatedFromRules(set: NftSet): void {
  // The printer lists flags in nft's order (print.ts), so `dynamic` lands before `timeout`.
  if (!set.flags.includes('dynamic')) set.flags.push('dynamic');
  if (!set.extra.some((x) => x.startsWith('size '))) set.extra.push('size 65535');
}
