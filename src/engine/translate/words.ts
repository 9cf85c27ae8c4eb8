// Small pieces every translation uses, spelt as libxtables' xt_xlate_add calls spell them.
import type { PortRange } from '../match/util/ports.ts';

/** `!= ` before a negated value (nft's relational operator), nothing otherwise. */
export function not(negated: boolean): string {
  return negated ? '!= ' : '';
}

/** A port or port range as nft writes it: `22`, `1020-1023`. */
export function portRange(r: PortRange): string {
  return r.min === r.max ? String(r.min) : `${r.min}-${r.max}`;
}

/**
 * `tcp sport != 22`: a port test as libxt_tcp.c tcp_xlate and libxt_udp.c udp_xlate write it; the whole range
 * 0-65535 (negated or not) is left out, as they leave it out.
 */
export function portWords(key: string, test: { negated: boolean; range: PortRange } | undefined): string {
  if (!test || (test.range.min === 0 && test.range.max === 0xffff)) return '';
  return `${key} ${not(test.negated)}${portRange(test.range)}`;
}

/**
 * A string in nft's double quotes (a log prefix, a comment, an interface name), as iptables-translate 1.8.9 writes
 * it: nothing inside is escaped (`--comment 'q"z'` gives `comment "q"z"`, which nft itself would not read back).
 */
export function quoted(text: string): string {
  return `"${text}"`;
}

/** Words joined by one space, empty pieces left out. */
export function words(...parts: (string | null | undefined | false)[]): string {
  return parts.filter((p): p is string => typeof p === 'string' && p !== '').join(' ');
}
