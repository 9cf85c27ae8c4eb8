// The conntrack state list as libxt_conntrack's state_xlate_print writes it: the states in its fixed order
// (invalid, new, related, established, untracked), `!` before a negated list. The SNAT and DNAT pseudo-states are
// status bits in nftables: iptables 1.8.9 (conntrack_mt_xlate) then writes only `ct status snat` (or, without SNAT,
// `ct status dnat`) and drops the other states and the `!` — `! --ctstate NEW,SNAT` becomes `ct status snat`.
const STATE_ORDER = ['INVALID', 'NEW', 'RELATED', 'ESTABLISHED', 'UNTRACKED'] as const;

export function ctStateWords(states: readonly string[], negated: boolean): string {
  if (states.includes('SNAT')) return 'ct status snat';
  if (states.includes('DNAT')) return 'ct status dnat';
  const real = STATE_ORDER.filter((s) => states.includes(s));
  return `ct state ${negated ? '! ' : ''}${real.map((s) => s.toLowerCase()).join(',')}`;
}
