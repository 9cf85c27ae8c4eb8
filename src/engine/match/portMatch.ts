// The source/destination port test shared by the tcp, udp and sctp matches (kernel: port_match in xt_tcpudp.c:
// min <= port <= max, XOR the `!`).
import type { Explanation } from '../ext/types.ts';
import { say } from './util/explain.ts';
import { formatRange, inRange, type PortRange } from './util/ports.ts';

export interface PortTest {
  negated: boolean;
  range: PortRange;
}

/**
 * One explanation for one port test. Catalog ids: `match.<module>.<sport|dport>.<is|is-not|in|not-in>`, so a
 * sentence says "destination port 80 is not 22" or "… is in 1024:65535" whole.
 */
export function explainPort(
  module: 'tcp' | 'udp' | 'sctp',
  field: 'sport' | 'dport',
  test: PortTest,
  port: number,
): Explanation {
  const inside = inRange(port, test.range);
  const single = test.range.min === test.range.max;
  const verdict = single ? (inside ? 'is' : 'is-not') : inside ? 'in' : 'not-in';
  return say(`match.${module}.${field}.${verdict}`, inside !== test.negated, {
    port,
    range: formatRange(test.range),
    negated: test.negated,
  });
}

/**
 * The `iptables -L` form (libxt_tcp/libxt_udp print_ports): nothing for an un-negated 0:65535, " dpt:22",
 * " dpts:1024:65535", with "!" after the colon when negated.
 */
export function listPort(name: 'spt' | 'dpt', test: PortTest | undefined): string {
  if (!test) return '';
  const { min, max } = test.range;
  if (!test.negated && min === 0 && max === 65535) return '';
  const bang = test.negated ? '!' : '';
  return min === max ? ` ${name}:${bang}${min}` : ` ${name}s:${bang}${min}:${max}`;
}

/** The saved form: nothing for an un-negated 0:65535 (iptables prints nothing), else `[! ]--opt range`. */
export function savePort(option: string, test: PortTest | undefined): string {
  if (!test) return '';
  if (!test.negated && test.range.min === 0 && test.range.max === 65535) return '';
  return `${test.negated ? '! ' : ''}${option} ${formatRange(test.range)}`;
}
