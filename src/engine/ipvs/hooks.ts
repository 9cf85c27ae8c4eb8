// Where IPVS takes the packet (net/netfilter/ipvs/ip_vs_core.c, ip_vs_ops4) and what each of its hook functions
// decides. NF_IP_PRI_NAT_SRC = 100 and NF_IP_PRI_NAT_DST = -100 (include/uapi/linux/netfilter_ipv4.h):
//   LOCAL_IN  98  ip_vs_out_hook   replies from a real server to a local client: source back to the VIP
//   LOCAL_IN  99  ip_vs_in_hook    requests to a virtual service: schedule, DNAT, send (after filter INPUT)
//   LOCAL_OUT -99 ip_vs_out_hook   replies from a local real server
//   LOCAL_OUT -98 ip_vs_in_hook    requests from local processes (after nat OUTPUT, before filter OUTPUT)
//   FORWARD   99  ip_vs_forward_icmp   ICMP errors about IPVS connections (not simulated)
//   FORWARD   100 ip_vs_out_hook   replies routed through this host: source back to the VIP (after filter FORWARD)
// Packets IPVS already handled carry skb->ipvs_property and are left alone by every IPVS hook.
import type { Explanation } from '../ext/types.ts';
import type { HookName } from '../model/types.ts';
import type { Packet } from '../model/packet.ts';
import { TCP_FLAG } from '../model/packet.ts';
import { formatIPv4 } from '../net/ipv4.ts';
import type { IpvsConn, IpvsTable } from './table.ts';

export type IpvsHookFn = 'in' | 'out' | 'icmp';

export interface IpvsStop {
  hook: HookName;
  priority: number;
  fn: IpvsHookFn;
}

export const IPVS_STOPS: readonly IpvsStop[] = [
  { hook: 'INPUT', priority: 98, fn: 'out' },
  { hook: 'INPUT', priority: 99, fn: 'in' },
  { hook: 'OUTPUT', priority: -99, fn: 'out' },
  { hook: 'OUTPUT', priority: -98, fn: 'in' },
  { hook: 'FORWARD', priority: 99, fn: 'icmp' },
  { hook: 'FORWARD', priority: 100, fn: 'out' },
];

const BY_HOOK = new Map<HookName, IpvsStop[]>();
for (const s of IPVS_STOPS) BY_HOOK.set(s.hook, [...(BY_HOOK.get(s.hook) ?? []), s]);

export function ipvsStopsAt(hook: HookName): readonly IpvsStop[] {
  return BY_HOOK.get(hook) ?? [];
}

export type IpvsDecision =
  | { kind: 'pass'; explain: Explanation[] }
  /** A request of a masq connection: the engine DNATs it and sends it (ip_vs_nat_xmit). */
  | { kind: 'xmit'; conn: IpvsConn; explain: Explanation[] }
  /** A reply of a masq connection: its source became the virtual service again (ip_vs_out → snat_handler). */
  | { kind: 'snat'; conn: IpvsConn; explain: Explanation[] }
  | { kind: 'no-dest'; explain: Explanation[] }
  | { kind: 'not-simulated'; explain: Explanation[] };

function why(id: string, params: Explanation['params'] = {}, matched = true): Explanation {
  return { id: `trace.ipvs.${id}`, params, matched };
}

const IPVS_PROTOS = new Set([6, 17, 132]);

function ep(addr: number, port: number | undefined): string {
  return `${formatIPv4(addr)}:${port ?? 0}`;
}

export function connParams(c: IpvsConn) {
  return {
    client: ep(c.caddr, c.cport),
    virtual: ep(c.vaddr, c.vport),
    server: ep(c.daddr, c.dport),
    state: c.state,
  };
}

/** ip_vs_in_hook: an existing connection, or a new one the scheduler makes, for a packet to a virtual service. */
export function ipvsIn(table: IpvsTable, pkt: Packet, stop: IpvsStop): IpvsDecision {
  if (!IPVS_PROTOS.has(pkt.proto)) return { kind: 'pass', explain: [] };
  const where = { hook: stop.hook, priority: stop.priority };
  const existing = table.inConn(pkt);
  if (existing) {
    table.packetSeen(existing, pkt, 'in');
    return forward(existing, [why('existing', { ...connParams(existing), ...where })]);
  }
  const service = table.findService(pkt);
  if (!service) return { kind: 'pass', explain: [] };
  const first = why(stop.hook === 'INPUT' ? 'service-input' : 'service-output', {
    service: service.label,
    sched: service.svc.scheduler,
    ...where,
  });
  // tcp_conn_schedule: only a SYN (without RST) opens an IPVS connection (sloppy_tcp off).
  const flags = pkt.tcpFlags ?? 0;
  if (pkt.proto === 6 && (!(flags & TCP_FLAG.SYN) || flags & TCP_FLAG.RST))
    return { kind: 'pass', explain: [first, why('tcp-not-syn', { service: service.label }, false)] };
  const scheduled = table.schedule(service, pkt);
  if (scheduled.kind !== 'conn') return { kind: scheduled.kind, explain: [first, ...scheduled.explain] };
  table.packetSeen(scheduled.conn, pkt, 'in');
  return forward(scheduled.conn, [first, ...scheduled.explain]);
}

function forward(conn: IpvsConn, explain: Explanation[]): IpvsDecision {
  const method = conn.dest.dest.forwarding;
  if (method !== 'masq')
    return {
      kind: 'not-simulated',
      explain: [...explain, why('fwd-not-simulated', { method, server: conn.dest.label }, false)],
    };
  return { kind: 'xmit', conn, explain };
}

/** ip_vs_out_hook: a reply from a real server of a masq connection gets the virtual service as its source. */
export function ipvsOut(table: IpvsTable, pkt: Packet, stop: IpvsStop): IpvsDecision {
  if (!IPVS_PROTOS.has(pkt.proto)) return { kind: 'pass', explain: [] };
  const conn = table.outConn(pkt);
  if (!conn || conn.dest.dest.forwarding !== 'masq') return { kind: 'pass', explain: [] };
  table.packetSeen(conn, pkt, 'out');
  pkt.src = conn.vaddr;
  pkt.sport = conn.vport;
  return {
    kind: 'snat',
    conn,
    explain: [why('reply-snat', { ...connParams(conn), hook: stop.hook, priority: stop.priority })],
  };
}

/** ip_vs_forward_icmp: ICMP errors about IPVS connections are not simulated; other packets pass untouched. */
export function ipvsIcmp(pkt: Packet): IpvsDecision {
  if (pkt.proto !== 1) return { kind: 'pass', explain: [] };
  return { kind: 'pass', explain: [why('icmp-not-simulated', {}, false)] };
}

/** ip_vs_nat_xmit's mangling: the destination becomes the real server. */
export function dnat(pkt: Packet, conn: IpvsConn): void {
  pkt.dst = conn.daddr;
  if (pkt.dport !== undefined) pkt.dport = conn.dport;
}
