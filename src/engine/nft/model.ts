// The nftables ruleset as the lab holds it: tables of a family, their chains (base chains with type, hook, priority and
// policy), sets and maps, and rules made of expression and statement objects from the registry (registry.ts).
import type { Explanation, HostQuery, NatRequest, RejectWith, ConnView } from '../ext/types.ts';
import type { Packet } from '../model/packet.ts';
import type { Ratio } from '../ext/ratio.ts';
import type { DataType, Scalar } from './datatype.ts';
import type { Pos, SourceLines } from './position.ts';

export type { Pos } from './position.ts';

export type Family = 'ip' | 'ip6' | 'inet' | 'arp' | 'bridge' | 'netdev';
export const FAMILIES: readonly Family[] = ['ip', 'ip6', 'inet', 'arp', 'bridge', 'netdev'];

export type NftHook = 'ingress' | 'prerouting' | 'input' | 'forward' | 'output' | 'postrouting' | 'egress';
export type ChainType = 'filter' | 'nat' | 'route';

/** One component of a set element or constant: a numeric interval (a single value is lo = hi) or a string. */
export type KeyPart = { lo: number; hi: number } | { str: string; wildcard: boolean };

export type Verdict =
  { kind: 'accept' | 'drop' | 'return' | 'continue' | 'queue' } | { kind: 'jump' | 'goto'; chain: string; pos: Pos };

export type ElementData = { kind: 'verdict'; verdict: Verdict } | { kind: 'value'; parts: KeyPart[] };

export interface NftElement {
  key: KeyPart[];
  data?: ElementData;
  comment?: string;
  /** The element's own counter, in a set declared with `counter` (written numbers; absent: zero). */
  counter?: { packets: number; bytes: number };
  pos: Pos;
}

export interface NftSet {
  name: string;
  map: boolean;
  anonymous: boolean;
  keyTypes: DataType[];
  /** A map's value type; 'verdict' for a verdict map. */
  dataType?: DataType[] | 'verdict';
  /** Declared with `typeof`: the expressions as nft lists them (`ip saddr . tcp dport`, `ip saddr : meta mark`). */
  typeofText?: string;
  flags: string[];
  /** Declaration lines kept verbatim for printing (timeout, size, policy, gc-interval). */
  extra: string[];
  comment?: string;
  elements: NftElement[];
  /** Exact keys (no interval part) for O(1) lookups: kube-proxy's 10,000-service maps. Undefined: a small anonymous
   * set, whose elements are all in `ranged`, searched in order. */
  exact: Map<string, NftElement> | undefined;
  /** Elements searched in order: those with an interval part (all of a small anonymous set's). */
  ranged: NftElement[];
  /** How many elements were written, when nft merged or deduplicated them (setIntervals.ts): an anonymous set
   * written with several elements stays a set even when one is left. */
  written?: number;
  /** The kernel's handle in its table (handles.ts); undefined for an anonymous set. */
  handle?: number;
  pos: Pos;
}

export interface BaseChainSpec {
  type: ChainType;
  hook: NftHook;
  /** As declared: `filter + 10` is 10. */
  priority: number;
  /** The priority as written, for printing (`filter`, `dstnat`, `-110`). */
  priorityText: string;
  policy: 'accept' | 'drop';
  device?: string;
  pos: Pos;
}

export interface NftRule {
  id: number;
  /** The kernel's handle in its table (handles.ts). */
  handle: number;
  stmts: Stmt[];
  comment?: string;
  pos: Pos;
}

export interface NftChain {
  name: string;
  table: NftTable;
  base?: BaseChainSpec;
  rules: NftRule[];
  comment?: string;
  /** Creation order over the whole ruleset (equal priorities run in reverse creation order). */
  created: number;
  /** The kernel's handle in its table (handles.ts). */
  handle: number;
  pos: Pos;
}

/**
 * A named stateful object of a table (nft(8) "STATEFUL OBJECTS"): a counter or a quota, declared with its starting
 * numbers and shared by every rule that names it (`counter name "x"`). `id` keys its state in the trace, apart from
 * every rule's.
 */
export type NftObject =
  | {
      kind: 'counter';
      name: string;
      packets: number;
      bytes: number;
      comment?: string;
      handle: number;
      id: number;
      pos: Pos;
    }
  | {
      kind: 'quota';
      name: string;
      /** The budget in bytes; `used` what was already spent; `over` inverts the match (NFT_QUOTA_F_INV). */
      bytes: number;
      used: number;
      over: boolean;
      comment?: string;
      handle: number;
      id: number;
      pos: Pos;
    };

/** A flowtable (nft(8) "FLOWTABLES"): the fast path of established flows offloaded with `flow add @name`. Kept and
 * listed; its fast path is not simulated. */
export interface NftFlowtable {
  name: string;
  hook: string;
  priority: number;
  devices: string[];
  counter: boolean;
  offload: boolean;
  handle: number;
  pos: Pos;
}

export interface NftTable {
  family: Family;
  name: string;
  flags: string[];
  comment?: string;
  chains: Map<string, NftChain>;
  sets: Map<string, NftSet>;
  /** Named counters and quotas by objectKey (objects.ts), in creation order (nft lists them so, before the sets). */
  objects: Map<string, NftObject>;
  flowtables: Map<string, NftFlowtable>;
  pos: Pos;
}

export interface NftRuleset {
  tables: NftTable[];
  /** The text it was read from: the line and column of each position (`source.where(rule.pos)`). */
  source: SourceLines;
}

/** Everything an expression reads and a statement may change while the packet is at one rule. */
export interface NftEval {
  pkt: Packet;
  hook: NftHook;
  inIface: string | undefined;
  outIface: string | undefined;
  ct: ConnView | null;
  host: HostQuery;
  /** `exact`: p as a fraction (numgen's 1/(mod - i)), for explore mode's exact probabilities. */
  choose(p: number, exact?: Ratio): boolean;
  /** The rule being evaluated (the walker sets it): keys per-rule state. */
  ruleId: number;
  /** State of one rule across the packets of a request (limit buckets, numgen counters). */
  ruleState<T>(init: () => T): T;
  /** Elements added from the packet path (`update @set { ip saddr }`), per set, kept for the request. */
  dynamicSet(set: NftSet): Map<string, NftElement>;
  now: number;
}

/** An expression that reads a value from the packet or its context (payload, meta, ct, fib, numgen). */
export interface Selector {
  text: string;
  type: DataType;
  /** Undefined: the field is absent (a `tcp dport` on a UDP packet), so the relation does not hold — or the lab does
   * not know it (`unknown`). */
  read(e: NftEval): Scalar | undefined;
  /**
   * Asked only when `read` gave undefined: true when the packet does have these bytes but the lab does not model them
   * (an ICMP checksum, an ESP SPI, the IPv4 identification). The kernel would load them (nft_payload_eval gives up only
   * on a transport header a later fragment lacks, a packet too short, or no link-layer header), so the relation may
   * hold; the lab cannot tell, and stops the rule as if it did not. Absent or false: the packet lacks the field.
   */
  unknown?(e: NftEval): boolean;
  needsConntrack?: boolean;
  /** Reads a transport header (`tcp dport`, `th dport`): NAT ports are allowed after it. */
  transport?: boolean;
  /** A payload field of this header (`ip saddr`: network; `tcp dport`, `th dport`: transport): the listing folds
   * the protocol dependencies it implies (fold.ts). */
  header?: 'network' | 'transport';
  /** The transport protocol a header field belongs to (`tcp dport`: 6); none for `th`, which any protocol has. */
  proto?: number;
  /** A raw payload (`@nh,72,8`): where its bits lie. nft lists it by the field of the protocol in context at those
   * bits, if there is one (`ip protocol`: fold.ts). */
  raw?: { base: 'll' | 'nh' | 'th'; offset: number; len: number };
  /** Seen through a bitwise operation (`meta mark & 0x4000`): compared as a plain number. */
  masked?: { op: '&' | '|' | '^'; mask: number; base: Selector };
  /** `meta mark set …`, `ct mark set …`, `ct zone set …`. */
  assign?(e: NftEval, value: number): StmtOutcome;
}

/** What a statement did: go on, stop the rule (a relation that did not hold), or decide. */
export type StmtOutcome =
  | { kind: 'next'; explain?: Explanation }
  | { kind: 'break'; explain?: Explanation }
  | { kind: 'verdict'; verdict: Verdict; explain?: Explanation }
  | { kind: 'nat'; req: NatRequest; explain?: Explanation }
  | { kind: 'reject'; with: RejectWith; explain?: Explanation }
  | { kind: 'notrack'; explain?: Explanation }
  | { kind: 'zone'; zone: number; explain?: Explanation };

/** Where a statement may run (the kernel's validate callbacks: nft_nat_validate, nft_chain_validate…). */
export interface StmtPlace {
  type: ChainType;
  hook: NftHook;
  family: Family;
}

/** What a statement's listed form may depend on: the table's family and the rule before it (fold.ts). */
export interface ListingContext {
  family: Family;
  /** An earlier match fixed the network protocol to IPv4 (`ip saddr …`, `meta nfproto ipv4`). */
  ipv4: boolean;
}

export interface Stmt {
  kind: string;
  text: string;
  pos: Pos;
  /** The selectors an expression statement (a match, a map lookup) reads: nft lists a protocol dependency they
   * imply without it (fold.ts). Undefined: not an expression statement. */
  readonly sels?: readonly Selector[];
  /** The selectors a statement that is not an expression reads (the key of `meta mark set ip saddr map { … }`): the
   * listing names a raw one as nft does (fold.ts). */
  readonly reads?: readonly Selector[];
  /** `sel value` or `sel == value` with a single value: `meta l4proto tcp` is a protocol dependency (fold.ts). */
  readonly equals?: number;
  /** The text the JSON writer reads, when the listed text lost part of the meaning (`ct state == a,b`, relation.ts). */
  readonly jsonText?: string;
  /** Its text in this listing context, when that differs from `text` (a plain reject after `ip saddr` in inet). */
  listed?(ctx: ListingContext): string;
  /**
   * Its text with these selectors in place of its own (a raw payload nft names by the field of the protocol in
   * context: `@nh,72,8 1-6` is listed `ip protocol 1-6`, fold.ts): a constant is printed by the field's type, an
   * anonymous set keeps its elements' (`ip protocol { 0x6, 0x11 }`, nft 1.0.6). Absent: the texts are swapped.
   */
  listedAs?(renames: ReadonlyMap<Selector, Selector>): string;
  /** Whether it holds an anonymous set or map, when known without printing it (handles.ts reads the text else). */
  readonly holdsAnonymousSet?: boolean;
  /** A verdict ends the rule: nothing may follow it. */
  terminal?: boolean;
  needsConntrack?: boolean;
  /** False: kept and printed, traced as "not simulated". */
  simulated?: boolean;
  /** Calls `visit` for each verdict this statement may give (also through a verdict map), with where it is written;
   * a visitor, not a list: validation walks 50,000 jumps of a 10,000-service ruleset. */
  targets?(visit: (verdict: Verdict, pos: Pos) => void): void;
  /** Why the kernel refuses it in a base chain of this type and hook (undefined: allowed). */
  refuse?(place: StmtPlace): string | undefined;
  exec(e: NftEval): StmtOutcome;
}
