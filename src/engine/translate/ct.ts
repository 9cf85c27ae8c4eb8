// The conntrack state list as libxt_conntrack's state_xlate_print writes it: the states in its fixed order
// (invalid, new, related, established, untracked), `!` before a negated list; the SNAT and DNAT pseudo-states are
// status bits in nftables (`ct status snat`).
const STATE_ORDER = ['INVALID', 'NEW', 'RELATED', 'ESTABLISHED', 'UNTRACKED'] as const;

/** null when the list mixes states with SNAT/DNAT, or negates or combines the NAT pseudo-states. */
export function ctStateWords(states: readonly string[], negated: boolean): string | null {
  const real = STATE_ORDER.filter((s) => states.includes(s));
  const nat = ['SNAT', 'DNAT'].filter((s) => states.includes(s));
  if (real.length > 0 && nat.length > 0) return null;
  if (nat.length > 0) return nat.length === 1 && !negated ? `ct status ${nat[0]!.toLowerCase()}` : null;
  return `ct state ${negated ? '! ' : ''}${real.map((s) => s.toLowerCase()).join(',')}`;
}
