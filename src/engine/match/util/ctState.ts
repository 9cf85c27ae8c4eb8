// Conntrack states as the state and conntrack matches see them (xt_conntrack.c): the packet's ctinfo gives one of
// NEW, ESTABLISHED, RELATED; no entry at all is INVALID unless it was made UNTRACKED; the SNAT and DNAT
// pseudo-states come from the entry's status bits (the connection was NATed). Printed in this order.
import type { ConnView } from '../../ext/types.ts';
import { MatchProblem } from './messages.ts';

export const CT_STATE_NAMES = ['INVALID', 'NEW', 'RELATED', 'ESTABLISHED', 'UNTRACKED', 'SNAT', 'DNAT'] as const;
export type CtStateName = (typeof CT_STATE_NAMES)[number];

/** What the packet is, as state names (one real state, plus SNAT/DNAT when the connection is NATed). */
export function packetStates(ct: ConnView | null): CtStateName[] {
  if (!ct) return ['INVALID'];
  const states: CtStateName[] = [ct.state];
  if (ct.state !== 'UNTRACKED' && ct.state !== 'INVALID') {
    if (ct.status.has('SNAT')) states.push('SNAT');
    if (ct.status.has('DNAT')) states.push('DNAT');
  }
  return states;
}

/**
 * `ESTABLISHED,RELATED` → names; each word may be a prefix of a state name in any case (strncasecmp), the first
 * state in iptables' order that it begins wins. `allowed` limits the names (the state match has no SNAT/DNAT).
 */
export function parseStateList(
  text: string,
  allowed: readonly CtStateName[],
  option: string,
): CtStateName[] | MatchProblem {
  const found = new Set<CtStateName>();
  const lookupOrder: readonly CtStateName[] = ['INVALID', 'NEW', 'ESTABLISHED', 'RELATED', 'UNTRACKED', 'SNAT', 'DNAT'];
  for (const word of text.split(',')) {
    const upper = word.toUpperCase();
    const state = word === '' ? undefined : lookupOrder.find((s) => allowed.includes(s) && s.startsWith(upper));
    if (!state) return new MatchProblem('bad-state', { option, value: word, states: allowed.join(',') });
    found.add(state);
  }
  return CT_STATE_NAMES.filter((s) => found.has(s));
}
