// The contract of one IPVS scheduler module (net/netfilter/ipvs/ip_vs_<name>.c: init_service, schedule). Each module
// sees the service's real servers in the kernel's list order with their live counters, and explains its choice.
import type { Explanation } from '../../ext/types.ts';
import type { RealServer } from '../types.ts';

/** A real server with what the scheduler reads from struct ip_vs_dest. */
export interface DestState {
  readonly dest: RealServer;
  /** "addr:port" as ipvsadm prints it. */
  readonly label: string;
  activeConns: number;
  inactConns: number;
  /** IP_VS_DEST_F_OVERLOAD: the upper connection threshold (-x) was reached. */
  overloaded: boolean;
}

/** What a scheduler may hash on: the first packet of the connection. */
export interface SchedPacket {
  src: number;
  sport: number;
  dst: number;
  dport: number;
}

export interface Pick {
  /** Index into the dest list, or null: "no destination available". */
  index: number | null;
  explain: Explanation;
}

export interface SchedulerModule<S = unknown> {
  name: string;
  /** init_service (and add/del/upd_dest, which redo the same for the lab: its config never changes mid-trace). */
  init(dests: readonly DestState[], flags: readonly string[]): S;
  schedule(state: S, dests: readonly DestState[], pkt: SchedPacket, flags: readonly string[]): Pick;
  /**
   * The exact share of new connections each real server gets, where the algorithm defines one independently of
   * traffic: rr/wrr over a whole cycle, sh/dh/mh over their hash table. Undefined for lc/wlc (they follow load).
   */
  shares?(state: S, dests: readonly DestState[], flags: readonly string[]): number[] | undefined;
}

export function why(id: string, params: Explanation['params'] = {}, matched = true): Explanation {
  return { id: `trace.ipvs.sched.${id}`, params, matched };
}

/** ip_vs.h: a server takes new connections when its weight is positive and it is not overloaded. */
export function available(d: DestState): boolean {
  return d.dest.weight > 0 && !d.overloaded;
}

/** ip_vs_dest_conn_overhead (include/net/ip_vs.h): active connections weigh 256 times an inactive one. */
export function overhead(d: DestState): number {
  return d.activeConns * 256 + d.inactConns;
}

export function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}
