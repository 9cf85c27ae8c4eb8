// The request and result shapes of a trace: the contract of `nflab trace`, of the worker API and of the UI.
// They are plain JSON (no Map, no bigint) so they cross the worker boundary and the URL unchanged.
import type { Diagnostic, HookName, TableName } from '../model/types.ts';
import type { CtState, Explanation } from '../ext/types.ts';
import type { NftHook } from '../nft/model.ts';
import type { IpvsConnView, RealServerView } from '../ipvs/types.ts';

export interface InterfaceSpec {
  name: string;
  /** CIDR form, e.g. "10.0.1.1/24". */
  addresses: string[];
}

export interface RouteSpec {
  /** "default" or a CIDR. */
  to: string;
  via?: string;
  dev: string;
  metric?: number;
  /** A routing table other than main (254), used by `routingRules`. */
  table?: number;
}

/** `ip rule add fwmark MARK[/MASK] table N`. */
export interface RoutingRuleSpec {
  fwmark: number;
  mask?: number;
  table: number;
}

export interface HostSpec {
  interfaces: InterfaceSpec[];
  routes: RouteSpec[];
  /** Policy routing: packets whose mark matches are routed with that table first. */
  routingRules?: RoutingRuleSpec[];
  forwarding: boolean;
  /** 'auto' (default): conntrack runs only when a rule needs it, as in a fresh network namespace. */
  conntrack?: 'auto' | 'on';
  /** net.ipv4.conf.all.route_localnet (default false). */
  routeLocalnet?: boolean;
  /** Where the security table sits at INPUT/FORWARD/OUTPUT: iptables-nft (150, default) or legacy (50). */
  tableOrder?: 'nft' | 'legacy';
}

export interface InnerHeaderSpec {
  proto: string | number;
  src: string;
  dst: string;
  sport?: number;
  dport?: number;
  /** An error about an ICMP message (an echo): its type, identifier (part of its conntrack tuple) and sequence. */
  icmpType?: number;
  icmpId?: number;
  icmpSeq?: number;
}

/** TCP options as a packet carries them (see TcpOptions in the packet model). */
export interface TcpOptionsSpec {
  mss?: number;
  wscale?: number;
  sackPerm?: boolean;
  timestamp?: [number, number];
  sack?: [number, number][];
}

/**
 * Who sent a local packet, for `-m owner` (xt_owner.c owner_mt): absent or true, a process's socket (uid/gid);
 * false, no socket a process holds (REJECT's RST, a not yet accept()ed connection); "kernel", one of the kernel's
 * own sockets, which has no file (the TCP stack's RSTs, echo replies, ICMP errors).
 */
export type SocketSpec = boolean | 'kernel';

/** A packet as a scenario or the CLI describes it. */
export interface PacketSpec {
  /** Arriving interface; absent when `local` is true. */
  in?: string;
  /** Sent by a local process. */
  local?: boolean;
  uid?: number;
  gid?: number;
  socket?: SocketSpec;
  proto: string | number;
  src: string;
  dst: string;
  sport?: number;
  dport?: number;
  tcpFlags?: string[];
  /** TCP sequence and acknowledgment numbers (32-bit) and the raw window: with them conntrack checks the window. */
  seq?: number;
  ack?: number;
  window?: number;
  tcpOptions?: TcpOptionsSpec;
  icmpType?: number;
  icmpCode?: number;
  icmpId?: number;
  icmpSeq?: number;
  inner?: InnerHeaderSpec;
  mark?: number;
  length?: number;
  tos?: number;
  ttl?: number;
  /** Seconds since the first packet (for limit and recent); defaults to the previous packet's time. */
  at?: number;
}

export interface TraceRequest {
  /** An iptables-save dump, a script of iptables commands, or nftables text (`nft -f` / `nft list ruleset`). */
  rules: string;
  /** An iptables-save dump loaded before `rules`, as iptables-nft-restore would (NFT.md). */
  iptablesRules?: string;
  host?: HostSpec;
  /** `ipset save` text. */
  ipsets?: string;
  /** IPVS virtual services: `ipvsadm-save -n` text (or an `ipvsadm -Ln` listing). */
  ipvs?: string;
  seed?: number;
  explore?: boolean;
  packets: PacketSpec[];
  /**
   * 'full' (default): every rule evaluated, with its match explanations and packet snapshots, for the UI.
   * 'walk': only fate, packet, walk and the route/fate/conntrack steps (batch runs and benchmarks).
   */
  detail?: 'full' | 'walk';
  /** Hard limit on rule evaluations per packet (default 100,000): reported as a 'limit' step, never a hang. */
  maxRuleEvaluations?: number;
  /** Packets after the request's steps pass this many are not traced (default MAX_TRACE_STEPS, 250,000). */
  maxTraceSteps?: number;
}

export type Fate = 'delivered' | 'sent' | 'dropped' | 'rejected' | 'queued';

/** One line of what `nft monitor trace` reports (under iptables-nft, or for a native nftables chain). */
export interface WalkEntry {
  /** The iptables hook name; a native nftables chain gives nft's (`prerouting`, `ingress`…). */
  hook: HookName | NftHook;
  /** An iptables table, or a native nftables table's own name. */
  table: TableName | string;
  /** Native nftables chains: the table's family and the base chain's declared priority. */
  family?: string;
  priority?: number;
  chain: string;
  rule: number | 'policy';
  verdict: string;
}

/** The packet in JSON form (addresses dotted, protocol by name when it has one). */
export interface PacketView {
  proto: string;
  src: string;
  dst: string;
  sport?: number;
  dport?: number;
  tcpFlags?: string[];
  seq?: number;
  ack?: number;
  window?: number;
  tcpOptions?: TcpOptionsSpec;
  icmpType?: number;
  icmpCode?: number;
  icmpId?: number;
  /** The header an ICMP error carries (after NAT translation). */
  inner?: {
    proto: string;
    src: string;
    dst: string;
    sport?: number;
    dport?: number;
    icmpType?: number;
    icmpId?: number;
    icmpSeq?: number;
  };
  mark: number;
  tos: number;
  ttl: number;
  length: number;
  inIface?: string;
  outIface?: string;
}

export interface ConnTupleView {
  src: string;
  dst: string;
  sport?: number;
  dport?: number;
  proto: string;
  icmpId?: number;
  icmpType?: number;
}

export interface ConnEntryView {
  state: CtState;
  status: string[];
  orig: ConnTupleView;
  reply: ConnTupleView;
  mark: number;
  zone: number;
  /** The entry's number in the table (stable across the packets of one request). */
  id?: number;
  /** The packet's direction in this connection. */
  dir?: 'ORIGINAL' | 'REPLY';
  /** TCP only: conntrack's own state (SYN_SENT, ESTABLISHED, TIME_WAIT…). */
  tcpState?: string;
  /** Seconds before the entry times out (nf_conntrack_*_timeout defaults for its protocol and state). */
  expires?: number;
}

export interface MatchStep {
  /** Extension name, or 'proto' | 'src' | 'dst' | 'in' | 'out' | 'fragment' for the generic ones. */
  name: string;
  /** The option text as saved, e.g. "-p tcp -m tcp --dport 22". */
  text: string;
  matched: boolean;
  /** False for a match the lab does not simulate (treated as matching, and said so). */
  simulated: boolean;
  explain: Explanation[];
}

/**
 * Which leg of the path a packet is on: before the input routing decision, after it (input or forward), a local
 * packet before and after its output route, and after a re-route (ip_route_me_harder: NAT or a mark changed it).
 */
export type RouteStage = 'prerouting' | 'input' | 'forward' | 'output' | 'reroute';

/** One chain of the jump stack: its name, and the rule of it that jumped further (0 for the innermost chain). */
export interface StackFrame {
  chain: string;
  rule: number;
}

export interface StepBase {
  /** Where the packet is, and the packet itself at this step: the UI rewinds by index. */
  hook: HookName | null;
  stage: RouteStage;
  /** The chains the packet is nested in at this step, base chain first; empty outside a table. */
  stack: readonly StackFrame[];
  packet: PacketView;
  ct: ConnEntryView | null;
}

export type TraceStep =
  | (StepBase & { kind: 'arrive'; iface: string | null; local: boolean })
  | (StepBase & { kind: 'hook'; hook: HookName })
  | (StepBase & {
      kind: 'conntrack';
      hook: HookName;
      event: 'lookup' | 'new' | 'confirm' | 'untracked' | 'invalid';
      state: CtState;
      explain?: Explanation;
    })
  | (StepBase & { kind: 'chain'; table: TableName; chain: string; via: 'hook' | 'jump' | 'goto' | 'return' })
  | (StepBase & {
      kind: 'rule';
      table: TableName;
      chain: string;
      /** 1-based position in its chain. */
      index: number;
      ruleId: number;
      /** The rule as iptables-save prints it. */
      text: string;
      matches: MatchStep[];
      matched: boolean;
      /** Present when the rule matched and its target ran. */
      target?: { name: string; verdict: string; explain: Explanation[] };
      /** The kernel's TRACE notation, e.g. "nat:PREROUTING:rule:3". */
      trace: string;
    })
  | (StepBase & { kind: 'policy'; table: TableName; chain: string; policy: 'ACCEPT' | 'DROP'; trace: string })
  | (StepBase & { kind: 'return'; table: TableName; chain: string; trace: string })
  | (StepBase & {
      kind: 'nat';
      table: TableName;
      chain: string;
      before: PacketView;
      after: PacketView;
      /** Packet fields rewritten here (empty when the nat table only explains why it did nothing). */
      changed: string[];
      /** Why: a binding applied from the connection, or the nat table skipped (untracked, not the first packet…). */
      explain?: Explanation;
    })
  | (StepBase & {
      kind: 'route';
      decision: 'local' | 'forward' | 'output' | 'drop';
      outIface: string | null;
      reason: Explanation;
    })
  | (StepBase & {
      kind: 'ipvs';
      hook: HookName;
      /** The IPVS hook function's priority at this hook (ip_vs_ops4). */
      priority: number;
      fn: 'in' | 'out' | 'icmp';
      action: 'pass' | 'xmit' | 'snat' | 'no-dest' | 'not-simulated';
      explain: Explanation[];
      /** The IPVS connection the packet belongs to (ipvsadm -Lnc), when there is one. */
      conn?: IpvsConnView;
      before?: PacketView;
    })
  | (StepBase & { kind: 'fate'; fate: Fate; outIface: string | null; reason: Explanation })
  | (StepBase & { kind: 'limit'; reason: Explanation })
  | (StepBase &
      NftPlace & {
        kind: 'nft-chain';
        via: 'hook' | 'jump' | 'goto' | 'return';
        /** Why the packet is in this chain now: its hook's priority order, an accept before it, a jump, goto or return. */
        explain: Explanation[];
      })
  | (StepBase &
      NftPlace & {
        kind: 'nft-rule';
        /** 1-based position in its chain. */
        index: number;
        /** Each statement that ran, in order, with why it held or stopped the rule. */
        statements: { text: string; matched: boolean; simulated: boolean; explain: Explanation[] }[];
        matched: boolean;
        /** The rule's verdict when it ran to its end (`accept`, `jump web`, `continue`…). */
        verdict?: string;
      })
  | (StepBase &
      NftPlace & {
        /**
         * The base chain accepted (by a rule or its policy): that ends only this base chain; the packet goes on to
         * the next chain registered at the hook (nf_hook_slow: NF_ACCEPT moves to the next hook entry), if any.
         */
        kind: 'nft-accept';
        by: number | 'policy';
        next: NextChain | null;
        /** That the accept ended only this base chain, and where the packet goes on. */
        explain: Explanation[];
      });

/** The next chain a packet meets at a hook after a base chain accepted it. */
export type NextChain =
  | { kind: 'nft'; family: string; table: string; chain: string; priority: number }
  | { kind: 'iptables'; table: TableName; chain: string; priority: number };

/** Where a native nftables chain is: its hook (nft's name), family, table, chain and base-chain priority. */
export interface NftPlace {
  nftHook: NftHook;
  family: string;
  table: string;
  chain: string;
  priority: number;
  /** The base chain the walk started from (`chain` may be a regular chain it jumped to). */
  base: string;
}

export interface TraceResult {
  fate: Fate;
  outIface: string | null;
  /** The packet as delivered, sent, or when dropped. */
  packet: PacketView;
  ctstate: CtState | null;
  walk: WalkEntry[];
  steps: TraceStep[];
  /**
   * The TCP RST or ICMP error a REJECT sent back, traced as its own packet (also the ICMP time-exceeded or
   * net-unreachable routing sends about a packet it cannot forward).
   */
  reply?: TraceResult;
  /** Why the packet ended as it did (the last 'fate' step's reason). */
  reason?: Explanation;
  /** The connection table after this packet (confirmed entries). Only with detail 'full'. */
  conntrack?: ConnEntryView[];
  /** Rule and policy counters after this packet (those the request's packets moved), from the saved [p:b] on. Only with detail 'full'. */
  counters?: CountersView;
  /** With an IPVS configuration and detail 'full': its connection table and real server counters after this packet. */
  ipvs?: { connections: IpvsConnView[]; servers: RealServerView[] };
}

/** Packet and byte counters as `iptables -L -v` shows them. */
export interface CountersView {
  rules: { ruleId: number; packets: number; bytes: number }[];
  policies: { table: TableName; chain: string; packets: number; bytes: number }[];
}

export interface Outcome extends TraceResult {
  probability: number;
  /**
   * The same probability as an exact fraction ("1/3"), each random rule read as the simplest fraction its 31-bit
   * fixed-point probability stands for; absent when some draw had no exact value.
   */
  fraction?: string;
}

export type TraceResponse =
  | { ok: true; results: TraceResult[]; diagnostics: Diagnostic[] }
  | { ok: true; outcomes: Outcome[]; diagnostics: Diagnostic[]; ipvsShares?: IpvsShare[] }
  | { ok: false; errors: Diagnostic[] };

/** Explore mode: a real server's exact share of new connections, for the schedulers that define one. */
export interface IpvsShare {
  service: string;
  scheduler: string;
  server: string;
  /** Fraction of new connections (rr/wrr over a cycle, sh/dh/mh over the hash table). */
  share: number;
}
