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
}

/**
 * nftables words for one extension's options (`tcp dport 22`, `ct state established,related`); '' when the options
 * add no test (`--icmp-type any` is only the protocol); null when iptables' xlate refuses these options.
 */
export type Translate<D> = (data: D, ctx: TranslateContext) => string | null;
