// Ports and port ranges as libxtables parses them (xtables_parse_port and the `a:b` range forms of tcp, udp,
// conntrack and multiport): a number 0–65535 in C notation, or a service name of the rule's protocol.
import { parseUnsigned } from '../../ext/numbers.ts';
import { MatchProblem } from './messages.ts';
import { TCP_SERVICES, UDP_SERVICES } from './services.ts';

export interface PortRange {
  min: number;
  max: number;
}

export const FULL_PORT_RANGE: Readonly<PortRange> = { min: 0, max: 65535 };

/** Service tables per protocol name; protocols without one (sctp, dccp…) take numbers only. */
function servicesOf(proto: string | undefined): Readonly<Record<string, number>> | undefined {
  if (proto === 'tcp') return TCP_SERVICES;
  if (proto === 'udp' || proto === 'udplite') return UDP_SERVICES;
  return undefined;
}

/** A port number or a service name (`ssh`) → number; undefined when it is neither. */
export function parsePort(text: string, proto?: string): number | undefined {
  const value = parseUnsigned(text, 0, 65535);
  if (value !== undefined) return value;
  const services = servicesOf(proto);
  if (services && Object.hasOwn(services, text)) return services[text];
  return undefined;
}

/**
 * `p`, `a:b`, `a:` (to 65535), `:b` (from 0) or `:` (all) → a range, or what is wrong with it.
 * iptables refuses a range whose first port is above its last.
 */
export function parsePortRange(text: string, proto?: string): PortRange | MatchProblem {
  const colon = text.indexOf(':');
  if (colon < 0) {
    const port = parsePort(text, proto);
    return port === undefined ? badPort(text) : { min: port, max: port };
  }
  const first = text.slice(0, colon);
  const last = text.slice(colon + 1);
  const min = first === '' ? 0 : parsePort(first, proto);
  if (min === undefined) return badPort(first);
  const max = last === '' ? 65535 : parsePort(last, proto);
  if (max === undefined) return badPort(last);
  if (min > max) return new MatchProblem('port-range-order', { value: text, min, max });
  return { min, max };
}

function badPort(text: string): MatchProblem {
  return new MatchProblem('bad-port', { value: text });
}

/** `p` for a single port, `a:b` for a range, as iptables-save prints them. */
export function formatRange(range: PortRange): string {
  return range.min === range.max ? String(range.min) : `${range.min}:${range.max}`;
}

export function inRange(value: number, range: PortRange): boolean {
  return value >= range.min && value <= range.max;
}

export function isFullRange(range: PortRange): boolean {
  return range.min === 0 && range.max === 65535;
}

/**
 * A numeric range `a`, `a:b`, `:b`, `a:` within [0, max] (length, tcpmss…) given to `option`; what is wrong with it
 * otherwise.
 */
export function parseNumberRange(text: string, max: number, option: string): PortRange | MatchProblem {
  const colon = text.indexOf(':');
  const parseOne = (t: string, fallback: number): number | undefined =>
    t === '' ? fallback : parseUnsigned(t, 0, max);
  const first = colon < 0 ? text : text.slice(0, colon);
  const last = colon < 0 ? text : text.slice(colon + 1);
  const min = parseOne(first, 0);
  const hi = parseOne(last, max);
  if (min === undefined || hi === undefined || (colon < 0 && text === ''))
    return new MatchProblem('bad-number-range', { option, value: text, max });
  if (min > hi) return new MatchProblem('range-order', { option, value: text, min, max: hi });
  return { min, max: hi };
}
