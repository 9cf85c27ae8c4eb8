// The address and port ranges of the NAT targets, read as libxt_NAT/libxt_REDIRECT/libxt_MASQUERADE read them.
import type { NatRange } from '../../ext/types.ts';
import { formatIPv4, parseIPv4 } from '../../net/ipv4.ts';
import { TCP_SERVICES, UDP_SERVICES } from '../../match/util/services.ts';
import type { TargetErrorId } from './messages.ts';
import { leadingUnsigned } from '../../ext/numbers.ts';

/** Protocols whose port a NAT target may set (libxt_NAT: TCP, UDP, SCTP, DCCP, and ICMP's echo id). */
const PORTED_PROTOCOLS: ReadonlySet<number> = new Set([6, 17, 132, 33, 1]);

export function portsAllowed(proto: number | undefined): boolean {
  return proto !== undefined && PORTED_PROTOCOLS.has(proto);
}

/** A service name (getservbyname(3) with any protocol), as xtables_service_to_port resolves `ssh`. */
function servicePort(name: string): number | undefined {
  if (Object.hasOwn(TCP_SERVICES, name)) return TCP_SERVICES[name];
  if (Object.hasOwn(UDP_SERVICES, name)) return UDP_SERVICES[name];
  return undefined;
}

export type RangeResult = { ok: true; range: NatRange } | { ok: false; error: TargetErrorId };

/** The number at the start of `text` (leaving what follows), else a whole-text service name. */
function portAt(text: string, min: number): { value: number; rest: string } | undefined {
  const numeric = leadingUnsigned(text, min, 0xffff);
  if (numeric) return numeric;
  const service = servicePort(text);
  return service === undefined || service < min ? undefined : { value: service, rest: '' };
}

/**
 * `port[-port[/base]]` (libxt_NAT parse_ports): the first port may be a service name standing alone, the last
 * port of a range only a number, a `:` between them is refused ("use dash"), and the base port after `/` is a
 * number from 1 or a service name.
 */
function natPorts(text: string, range: NatRange): TargetErrorId | undefined {
  const min = portAt(text, 0);
  if (!min) return 'nat-bad-port';
  range.minPort = range.maxPort = min.value;
  if (min.rest === '') return undefined;
  if (min.rest.startsWith(':')) return 'nat-port-colon';
  if (!min.rest.startsWith('-')) return 'nat-bad-port';
  const max = leadingUnsigned(min.rest.slice(1), 0, 0xffff);
  if (!max) return 'nat-bad-port';
  if (max.value < min.value) return 'nat-port-range-order';
  range.maxPort = max.value;
  if (max.rest === '') return undefined;
  if (!max.rest.startsWith('/')) return 'nat-bad-port';
  const base = portAt(max.rest.slice(1), 1);
  if (!base || base.rest !== '') return 'nat-bad-base-port';
  range.basePort = base.value;
  return undefined;
}

/**
 * `[addr[-addr]][:port[-port[/base]]]`, the argument of DNAT --to-destination and SNAT --to-source. Ports need a
 * protocol that has them (`-p tcp`…): iptables says "Need TCP, UDP, SCTP or DCCP with port specification".
 */
export function parseNatTo(text: string, proto: number | undefined): RangeResult {
  const colon = text.indexOf(':');
  const addrText = colon < 0 ? text : text.slice(0, colon);
  const range: NatRange = {};
  if (colon >= 0) {
    if (!portsAllowed(proto)) return { ok: false, error: 'nat-port-needs-proto' };
    const error = natPorts(text.slice(colon + 1), range);
    if (error) return { ok: false, error };
  }
  if (addrText !== '') {
    const dash = addrText.indexOf('-');
    const min = parseIPv4(dash < 0 ? addrText : addrText.slice(0, dash));
    const max = dash < 0 ? min : parseIPv4(addrText.slice(dash + 1));
    // inet_pton for each end; neither iptables nor the kernel checks that the range is in order.
    if (min === undefined || max === undefined) return { ok: false, error: 'nat-bad-address' };
    range.minAddr = min;
    range.maxAddr = max;
  } else if (colon < 0) {
    return { ok: false, error: 'nat-bad-address' };
  }
  return { ok: true, range };
}

/**
 * `port[-port]` of MASQUERADE and REDIRECT --to-ports: the same reader as DNAT's ports. REDIRECT refuses a `/base`
 * offset ("Shifted portmap ranges not supported", libxt_REDIRECT.t: `42-1234/567`).
 */
export function parseToPorts(text: string, proto: number | undefined, target: 'MASQUERADE' | 'REDIRECT'): RangeResult {
  if (!portsAllowed(proto)) return { ok: false, error: 'nat-port-needs-proto' };
  const range: NatRange = {};
  const error = natPorts(text, range);
  if (error) return { ok: false, error };
  if (range.basePort !== undefined) {
    if (target === 'REDIRECT') return { ok: false, error: 'nat-no-base-port' };
    withoutBase(range);
  }
  return { ok: true, range };
}

/**
 * SNAT and MASQUERADE accept `/base` but keep only the offset flag: their kernel structure
 * (nf_nat_ipv4_multi_range_compat) has no base port, so the base is 0 and iptables-save prints `/0`.
 */
export function withoutBase(range: NatRange): NatRange {
  if (range.basePort !== undefined) range.basePort = 0;
  return range;
}

/** `min[-max]` of ports as iptables-save prints them, with DNAT's `/base`. */
export function formatPorts(range: NatRange): string {
  if (range.minPort === undefined) return '';
  let text = String(range.minPort);
  if (range.maxPort !== undefined && range.maxPort !== range.minPort) text += `-${range.maxPort}`;
  if (range.basePort !== undefined) text += `/${range.basePort}`;
  return text;
}

/** `addr[-addr][:ports]` as iptables-save prints a DNAT/SNAT range. */
export function formatNatTo(range: NatRange): string {
  let text = '';
  if (range.minAddr !== undefined) {
    text += formatIPv4(range.minAddr);
    if (range.maxAddr !== undefined && range.maxAddr !== range.minAddr) text += `-${formatIPv4(range.maxAddr)}`;
  }
  if (range.minPort !== undefined) text += `:${formatPorts(range)}`;
  return text;
}
