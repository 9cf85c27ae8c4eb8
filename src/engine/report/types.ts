// A ruleset with its counters as plain data: what `iptables -L -v` and `iptables-save -c` print from. Built from the
// parsed model by rulesetReport(); the formatters (iptablesList, iptablesSave) only read it.
import type { TableName } from '../model/types.ts';

export interface ReportRule {
  /** The rule's id in the parsed ruleset (the trace's counters are keyed by it). */
  id: number;
  /** 1-based position in its chain (--line-numbers). */
  num: number;
  packets: number;
  bytes: number;
  /** ACCEPT, a user chain, an extension name; '' for a rule without -j (it only counts). */
  target: string;
  goto: boolean;
  /** The prot column: a name from iptables' own short list (tcp, udp, all…) or the number. */
  proto: string;
  protoInverted: boolean;
  /** The opt column: "--", "-f" or "!f". */
  opt: string;
  /** "*" for any interface, "!eth0" when negated, "eth+" kept as written. */
  inIface: string;
  outIface: string;
  /** 0.0.0.0/0, a host without /32, a network with /N (or a dotted mask when not contiguous). */
  source: string;
  sourceInverted: boolean;
  destination: string;
  destinationInverted: boolean;
  /** The matches and the target as each extension prints itself in a listing, each with its leading space. */
  extra: string;
  /** The `-A CHAIN …` line as iptables-save prints it (without counters). */
  save: string;
}

export interface ReportChain {
  name: string;
  builtin: boolean;
  policy: 'ACCEPT' | 'DROP' | null;
  packets: number;
  bytes: number;
  /** Rules of the table that jump or go to this chain (a user chain's header counts them). */
  references: number;
  rules: ReportRule[];
}

export interface ReportTable {
  name: TableName;
  /** In iptables-save order: built-in chains in hook order, then user chains by name. */
  chains: ReportChain[];
}
