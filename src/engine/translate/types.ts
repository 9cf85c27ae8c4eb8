// What a match or target module's translation sees and answers: the words iptables-translate prints for it.
import type { TableName } from '../model/types.ts';

export interface TranslateContext {
  table: TableName;
  chain: string;
  /** The rule's `-p` protocol when given and not negated (tcp's `dport` needs no `ip protocol` before it). */
  proto: number | undefined;
  /**
   * Sets the rule needs declared before it, as `name { type …; flags …; }` (connlimit's `connlimit0 { type
   * ipv4_addr; flags dynamic; }`); a match adds its own and names it by its position here.
   */
  sets: string[];
  /** Where iptables-translate 1.8.9's words do not mean what the rule means; a module adds each loss it writes. */
  lost: LostMeaning[];
}

/**
 * What iptables-translate 1.8.9's line drops or changes (the lab prints that line, as the tool does, and says so):
 * `protocol` — `-p tcp -m tcp` with no port test becomes no test at all; `ct-state` — a state list with SNAT or DNAT
 * becomes only `ct status snat|dnat`; `addrtype-dst` — only the source type is written when both are given;
 * `addrtype-types` — THROW, NAT and XRESOLVE are left out of a list; `tos-family` — TOS is written on `ip6 dscp` in
 * an IPv4 table; `icmp-negation` — `! --icmp-type any` loses its `!`; `multiport-either` — `--ports` with a range or a
 * `!` keeps only the range's ends and drops the `!`; `udp-negation` — udp's destination port takes the source port's
 * `!`.
 */
export type LostMeaning =
  | 'protocol'
  | 'ct-state'
  | 'addrtype-dst'
  | 'addrtype-types'
  | 'tos-family'
  | 'icmp-negation'
  | 'multiport-either'
  | 'udp-negation';

/**
 * nftables words for one extension's options (`tcp dport 22`, `ct state established,related`); '' when the options
 * add no test (`--icmp-type any` is only the protocol); null when iptables' xlate refuses these options.
 */
export type Translate<D> = (data: D, ctx: TranslateContext) => string | null;
