// The contract every match and target extension module implements. One module per extension;
// the registries (src/engine/match/index.ts, src/engine/target/index.ts) are the only lists of them.
import type { HookName, SourcePos, TableName } from '../model/types.ts';
import type { Packet } from '../model/packet.ts';
import type { Ratio } from './ratio.ts';
import type { Translate } from '../translate/types.ts';

/** How many arguments an option takes (getopt: no_argument, required_argument, or more, e.g. --tcp-flags). */
export interface OptionSpec {
  args: 0 | 1 | 2 | 'optional';
  /** `! --opt` is allowed. */
  negatable?: boolean;
}

/** One option as the user wrote it, e.g. `! --dport 22` → { name: '--dport', negated: true, args: ['22'] }. */
export interface ParsedOption {
  name: string;
  negated: boolean;
  args: string[];
  pos: SourcePos;
}

export interface ParseContext {
  table: TableName;
  chain: string;
  /** The rule's `-p` protocol number when given and not negated (needed by tcp/udp/multiport/DNAT ports…). */
  proto: number | undefined;
  /** True when the rule says `! -p …` (multiport refuses an inverted protocol). Optional: absent means false. */
  protoNegated?: boolean;
  /**
   * Names of the ipsets the scenario declares. iptables refuses `-m set --match-set NAME` when NAME does not exist
   * (libxt_set.t); when this is undefined the set match cannot check and accepts any name.
   */
  ipsets?: ReadonlySet<string>;
}

/**
 * Why a module refused its options, as the UI renders it: `id` is a catalog key with its namespace
 * (`match:error.bad-port`, `target:error.bad-number`) and params are the values its sentence interpolates.
 */
export interface ModuleError {
  id: string;
  params: Record<string, string | number>;
}

export type ParseResult<D> =
  | { ok: true; data: D }
  | {
      ok: false;
      /** The English sentence of `error` (what the CLI prints). */
      message: string;
      error: ModuleError;
      /** The option at fault, for line and column. */
      option?: ParsedOption;
    };

/**
 * A structured explanation the UI renders into a sentence through its message catalog.
 * `id` is a catalog key such as 'match.tcp.dport'; params carry field, value and operand.
 */
export interface Explanation {
  id: string;
  params: Record<string, string | number | boolean>;
  matched: boolean;
}

export type CtState = 'NEW' | 'ESTABLISHED' | 'RELATED' | 'INVALID' | 'UNTRACKED';
export type CtStatus = 'EXPECTED' | 'SEEN_REPLY' | 'ASSURED' | 'CONFIRMED' | 'SNAT' | 'DNAT';

export interface CtTuple {
  proto: number;
  src: number;
  dst: number;
  sport?: number;
  dport?: number;
}

/** The conntrack entry the packet belongs to, as matches and targets see it. Mutable: CONNMARK writes `mark`. */
export interface ConnView {
  state: CtState;
  status: Set<CtStatus>;
  dir: 'ORIGINAL' | 'REPLY';
  orig: CtTuple;
  reply: CtTuple;
  mark: number;
  zone: number;
  /** Seconds left before the entry expires. */
  expires: number;
}

export type AddrType =
  | 'UNSPEC'
  | 'UNICAST'
  | 'LOCAL'
  | 'BROADCAST'
  | 'ANYCAST'
  | 'MULTICAST'
  | 'BLACKHOLE'
  | 'UNREACHABLE'
  | 'PROHIBIT'
  | 'THROW'
  | 'NAT'
  | 'XRESOLVE';

export interface IpSetView {
  name: string;
  type: string;
  /** Does the set hold this element? `parts` are the packet fields chosen by the set match's flags. */
  has(parts: (number | string)[]): boolean;
  /**
   * Optional finer answer for `--return-nomatch`: the most specific entry covering the element is a plain one
   * ('match'), one flagged nomatch ('nomatch'), or there is none ('none').
   */
  lookup?(parts: (number | string)[]): 'match' | 'nomatch' | 'none';
  /**
   * Optional (the SET target): add the element, with the same parts as `has`; false when the set refuses it (already
   * there without --exist, or full). The tracer gives every trace request (and every explore run) fresh sets.
   */
  add?(parts: (number | string)[], opts?: { exist?: boolean; timeout?: number }): boolean;
  /** Optional (the SET target): remove the element; false when it was not there. */
  del?(parts: (number | string)[]): boolean;
}

/** What the host can answer while a packet is evaluated. */
export interface HostQuery {
  /** Address types of `addr` as the routing table sees it; `iface` restricts to that interface (addrtype --limit-iface-*). */
  addrTypes(addr: number, iface?: string): Set<AddrType>;
  ipset(name: string): IpSetView | undefined;
  /** The primary address of an interface (MASQUERADE, REDIRECT). */
  primaryAddress(iface: string): number | undefined;
  /**
   * Optional: the device the main routing table would send a packet to `addr` through (for a local address, the
   * interface holding it); undefined when no route. Lets the rpfilter match do its reverse-path lookup.
   */
  routeDev?(addr: number): string | undefined;
}

/** Everything a match reads and a target may change while the packet is at one rule. */
export interface EvalContext {
  /** Mutable: targets such as MARK, TOS, DSCP, TCPMSS write here. */
  pkt: Packet;
  hook: HookName;
  table: TableName;
  chain: string;
  /** Rule id, to key per-rule state (statistic nth, recent, limit). */
  ruleId: number;
  inIface: string | undefined;
  outIface: string | undefined;
  /** The conntrack entry, or null when the packet is not tracked at all (conntrack off). */
  ct: ConnView | null;
  /**
   * The sending socket, for locally generated packets (owner match): undefined when there is none a process holds;
   * `kernel` for one of the kernel's own sockets (no file, so no owner: xt_owner.c owner_mt).
   */
  socket: { uid: number; gid: number; kernel?: boolean } | undefined;
  host: HostQuery;
  /**
   * A random draw that succeeds with probability `p` (statistic --mode random). The tracer decides how:
   * a seeded RNG in replay, or both branches with their exact probabilities in explore mode. `exact` is p as a
   * fraction (the simplest one the rule's fixed-point probability stands for), carried into explore's outcomes.
   */
  choose(p: number, exact?: Ratio): boolean;
  /** Per-rule state that survives across packets of one trace request (nth counters, recent lists, limit buckets). */
  ruleState<T>(init: () => T): T;
  /**
   * State shared by every rule of the trace request under one key (the `recent` match's lists are shared by all rules
   * naming the same list). Optional: when absent, modules fall back to ruleState (per rule).
   */
  sharedState?<T>(key: string, init: () => T): T;
  /** Seconds since the start of the trace request (for limit and recent). */
  now: number;
}

export interface MatchOutcome {
  matched: boolean;
  explain: Explanation[];
}

export interface MatchModule<D = unknown> {
  name: string;
  options: Record<string, OptionSpec>;
  parse(options: ParsedOption[], ctx: ParseContext): ParseResult<D>;
  /** The canonical text after `-m name` as iptables-save prints it (may be empty). */
  save(data: D): string;
  /**
   * What `iptables -L -n` prints for the match (the extension's print() with numeric on), with its leading space,
   * e.g. " tcp dpt:22". Absent: the listing falls back to the module name and its saved options.
   */
  list?(data: D): string;
  evaluate(data: D, ctx: EvalContext): MatchOutcome;
  /**
   * False when the lab cannot simulate the match (string, u32, time…): evaluate then answers matched: true with
   * 'match.not-simulated' and the tracer marks the step as not simulated. Absent means true.
   */
  simulated?: boolean;
  /** The match reads the conntrack entry (conntrack, state, connmark…): in 'auto' mode it switches conntrack on. */
  needsConntrack?: boolean;
  /**
   * Hooks from which a chain holding this match may be reached, as the kernel's checkentry enforces them
   * (owner: OUTPUT and POSTROUTING; addrtype --limit-iface-in: not OUTPUT/POSTROUTING). Undefined: any hook.
   */
  hooks?(data: D): readonly HookName[] | undefined;
  /**
   * The match as iptables-translate writes it in nftables words (`tcp dport 22`), or null when the extension's
   * xlate cannot express these options. Absent: iptables has no translation for the extension.
   */
  translate?: Translate<D>;
}

export type RejectWith =
  | 'icmp-net-unreachable'
  | 'icmp-host-unreachable'
  | 'icmp-port-unreachable'
  | 'icmp-proto-unreachable'
  | 'icmp-net-prohibited'
  | 'icmp-host-prohibited'
  | 'icmp-admin-prohibited'
  | 'tcp-reset';

export interface NatRange {
  /** Inclusive address range; undefined keeps the address (e.g. REDIRECT, MASQUERADE). */
  minAddr?: number;
  maxAddr?: number;
  /** Inclusive port range; undefined keeps the port. */
  minPort?: number;
  maxPort?: number;
  /**
   * `:min-max/base` (NF_NAT_RANGE_PROTO_OFFSET): the original port p always maps to
   * min + ((p - base) & 0xffff) % (max - min + 1) (nf_nat_l4proto_unique_tuple; get_unique_tuple never keeps p
   * with an offset). DNAT keeps the base; SNAT and MASQUERADE keep only the flag, so their base is 0.
   * Undefined: no offset mapping.
   */
  basePort?: number;
}

export type NatRequest =
  | { kind: 'dnat'; range: NatRange; random: boolean; persistent: boolean }
  | { kind: 'snat'; range: NatRange; random: boolean; randomFully: boolean; persistent: boolean }
  | { kind: 'masquerade'; range: NatRange; random: boolean; randomFully: boolean }
  | { kind: 'redirect'; range: NatRange; random: boolean }
  | { kind: 'netmap'; addr: number; mask: number; dir: 'dst' | 'src' };

/** What a target tells the tracer to do next. Side effects on pkt/ct are made through the context. */
export type TargetVerdict =
  | { kind: 'accept' }
  | { kind: 'drop' }
  | { kind: 'continue' }
  | { kind: 'return' }
  | { kind: 'queue'; num: number; bypass: boolean }
  | { kind: 'reject'; with: RejectWith }
  | { kind: 'nat'; nat: NatRequest }
  /** raw NOTRACK / CT --notrack: the packet becomes UNTRACKED, then the chain continues. */
  | { kind: 'notrack' }
  /** CT --zone and similar settings for the connection being created, then the chain continues. */
  | { kind: 'ct-template'; zone?: number };

export interface TargetModule<D = unknown> {
  name: string;
  options: Record<string, OptionSpec>;
  /** Tables where the kernel accepts the target; undefined: any table. */
  tables?: readonly TableName[];
  /** Hooks from which a chain holding the target may be reached; undefined: any hook. */
  hooks?: readonly HookName[];
  parse(options: ParsedOption[], ctx: ParseContext): ParseResult<D>;
  /** The canonical text after `-j NAME` as iptables-save prints it (may be empty). */
  save(data: D): string;
  /** What `iptables -L -n` prints after the matches (the target's print()), with its leading space. */
  list?(data: D): string;
  apply(data: D, ctx: EvalContext): { verdict: TargetVerdict; explain: Explanation[] };
  /**
   * The target uses the conntrack entry (CONNMARK, CT, the NAT targets): in 'auto' mode it switches conntrack on.
   * Absent means false.
   */
  needsConntrack?: boolean;
  /**
   * A further hook restriction that depends on the options, as the kernel's checkentry enforces it
   * (TCPMSS --clamp-mss-to-pmtu: FORWARD, OUTPUT and POSTROUTING only). Undefined: only `hooks` applies.
   */
  hooksFor?(data: D): readonly HookName[] | undefined;
  /** The target as iptables-translate writes it (`dnat to 10.0.0.5:80`); null or absent: no translation. */
  translate?: Translate<D>;
}
