// The request and result shapes of a trace: the contract of `nflab trace`, of the worker API and of the UI.
// They are plain JSON (no Map, no bigint) so they cross the worker boundary and the URL unchanged.
import type { Diagnostic, HookName, TableName } from '../model/types.ts';
import type { CtState, Explanation } from '../ext/types.ts';
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
}

export interface HostSpec {
  interfaces: InterfaceSpec[];
  routes: RouteSpec[];
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
}

/** A packet as a scenario or the CLI describes it. */
export interface PacketSpec {
  /** Arriving interface; absent when `local` is true. */
  in?: string;
  /** Sent by a local process. */
  local?: boolean;
  uid?: number;
  gid?: number;
  proto: string | number;
  src: string;
  dst: string;
  sport?: number;
  dport?: number;
  tcpFlags?: string[];
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
  rules: string;
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
}

export type Fate = 'delivered' | 'sent' | 'dropped' | 'rejected' | 'queued';

/** One line of what `nft monitor trace` reports under iptables-nft. */
export interface WalkEntry {
  hook: HookName;
  table: TableName;
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
  icmpType?: number;
  icmpCode?: number;
  icmpId?: number;
  /** The header an ICMP error carries (after NAT translation). */
  inner?: { proto: string; src: string; dst: string; sport?: number; dport?: number };
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

interface StepBase {
  /** Where the packet is, and the packet itself at this step: the UI rewinds by index. */
  hook: HookName | null;
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
  | (StepBase & { kind: 'limit'; reason: Explanation });

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
