// Host[/mask] arguments of extensions (conntrack --ctorigsrc, recent --mask…), as libxtables reads them for
// XTTYPE_HOSTMASK: a dotted quad, then optionally a prefix length or a dotted mask. The address is kept as written
// (not masked). Host names are not resolved in the lab.
import { formatIPv4, maskToPrefix, parseIPv4, prefixToMask } from '../../net/ipv4.ts';
import { parseUnsigned } from '../../ext/numbers.ts';
import { MatchProblem } from './messages.ts';

export interface HostMask {
  addr: number;
  mask: number;
}

export function parseHostMask(text: string): HostMask | MatchProblem {
  const slash = text.indexOf('/');
  const addr = parseIPv4(slash < 0 ? text : text.slice(0, slash));
  if (addr === undefined) return new MatchProblem('bad-address', { value: text });
  if (slash < 0) return { addr, mask: 0xffffffff };
  const maskText = text.slice(slash + 1);
  const prefix = parseUnsigned(maskText, 0, 32);
  const mask = prefix !== undefined ? prefixToMask(prefix) : parseIPv4(maskText);
  if (mask === undefined) return new MatchProblem('bad-netmask', { value: maskText });
  return { addr, mask };
}

/** `/N` for a contiguous mask, nothing for /32, `/a.b.c.d` otherwise (xtables_ipmask_to_numeric). */
export function maskSuffix(mask: number): string {
  const prefix = maskToPrefix(mask >>> 0);
  if (prefix === undefined) return `/${formatIPv4(mask)}`;
  return prefix === 32 ? '' : `/${prefix}`;
}

export function formatHostMask(hm: HostMask): string {
  return formatIPv4(hm.addr) + maskSuffix(hm.mask);
}

/** The kernel's address comparison: the bits under the mask are equal. */
export function addrMatches(addr: number, hm: HostMask): boolean {
  return ((addr ^ hm.addr) & hm.mask) >>> 0 === 0;
}
