// A named set that rules update from the packet path (`update @s { ip saddr }`, `add @s { … }`): nft gives it the
// `dynamic` flag and, when it has no size of its own, a size of 65535, and lists both (checked with nft 1.0.6: a
// set declared with `flags timeout` and updated by a rule lists `size 65535` and `flags dynamic,timeout`; the same
// set with no rule updating it lists neither).
import type { NftSet } from './model.ts';

export function markUpdatedFromRules(set: NftSet): void {
  // The printer lists flags in nft's order (print.ts), so `dynamic` lands before `timeout`.
  if (!set.flags.includes('dynamic')) set.flags.push('dynamic');
  if (!set.extra.some((x) => x.startsWith('size '))) set.extra.push('size 65535');
}
