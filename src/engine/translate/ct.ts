// The conntrack state list as libxt_conntrack's state_xlate_print writes it: the states in its fixed order
// (invalid, new, related, established, untracked), `!` before a negated list. The SNAT and DNAT pseudo-states are
// status bits in nftables: iptables 1.8.9 (conntrack_mt_xlate) then writes only `ct status snat` (or, without SNAT,
// `ct status dnat`) and drops the other states and the `!` — `! --ctstate NEW,SNAT` becomes `ct status snat`.
import type { LostMeaning } from './types.ts';

const STATE_ORDER = ['INVALID', 'NEW', 'RELATED', 'ESTABLISHED', 'UNTRACKED'] as const;

export function ctStateWords(states: readonly string[], negated: boolean, lost: LostMeaning[]): string {
  const status = states.includes('SNAT') ? 'snat' : states.includes('DNAT') ? 'dnat' : undefined;
  if (status) {
    // Only `ct status snat` alone (one pseudo-state, not negated) means what the rule means.
    if (negated || states.length > 1) lost.push('ct-state');
    return `ct status ${status}`;
  }
  const real = STATE_ORDER.filter((s) => states.includes(s));
  return `ct state ${negated ? '! ' : ''}${real.map((s) => s.toLowerCase()).join(',')}`;
}
