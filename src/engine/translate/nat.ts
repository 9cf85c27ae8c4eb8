// The NAT targets' address and port range and flags as libipt_DNAT/SNAT/MASQUERADE and libxt_REDIRECT translate
// them: `to 1.2.3.4-1.2.3.6:1-1023`, ports alone as `to :8080`, then `random,fully-random,persistent`.
import type { NatRange } from '../ext/types.ts';
import { formatIPv4 } from '../net/ipv4.ts';

/** null for a port offset mapping (`:a-b/base`), which these xlates do not write. */
export function natTo(range: NatRange): string | null {
  if (range.basePort !== undefined) return null;
  let text = '';
  if (range.minAddr !== undefined) {
    text = formatIPv4(range.minAddr);
    if (range.maxAddr !== undefined && range.maxAddr !== range.minAddr) text += `-${formatIPv4(range.maxAddr)}`;
  }
  if (range.minPort !== undefined) {
    text += `:${range.minPort}`;
    if (range.maxPort !== undefined && range.maxPort !== range.minPort) text += `-${range.maxPort}`;
  }
  return text === '' ? '' : `to ${text}`;
}

export function natFlags(flags: { random?: boolean; randomFully?: boolean; persistent?: boolean }): string {
  const names = [
    flags.random && 'random',
    flags.randomFully && 'fully-random',
    flags.persistent && 'persistent',
  ].filter((n): n is string => typeof n === 'string');
  return names.join(',');
}

/** `dnat to 1.2.3.4:80 random`, `masquerade to :10-20`, `redirect`. */
export function natStatement(
  keyword: string,
  range: NatRange,
  flags: { random?: boolean; randomFully?: boolean; persistent?: boolean },
): string | null {
  const to = natTo(range);
  if (to === null) return null;
  return [keyword, to, natFlags(flags)].filter((p) => p !== '').join(' ');
}
