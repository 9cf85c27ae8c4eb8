// The IPVS state of one host during a trace request: its virtual services with their scheduler state and real
// server counters, and the IPVS connection table (`ipvsadm -Lnc`), with persistence templates.
// Sources: net/netfilter/ipvs/ip_vs_core.c (ip_vs_schedule, ip_vs_sched_persist), ip_vs_conn.c (ip_vs_conn_new,
// ip_vs_bind_dest, ip_vs_conn_in_get/out_get), ip_vs_ctl.c (__ip_vs_service_find).
import type { Explanation } from '../ext/types.ts';
import type { Packet } from '../model/packet.ts';

import { formatIPv4 } from '../net/ipv4.ts';
import type { ParsedIpvs } from './parse.ts';
import { serviceLabel } from './parse.ts';
import { scheduler, type DestState, type SchedulerModule } from './schedulers/index.ts';
import { nextTcpState, TCP_TIMEOUTS, UDP_TIMEOUT, type IpvsTcpState } from './tcpStates.ts';
import type { IpvsConnView, RealServerView, VirtualService } from './types.ts';
import { IpvsConnStore } from './connStore.ts';

export interface ServiceState {
  svc: VirtualService;
  label: string;
  dests: DestState[];
  module: SchedulerModule | undefined;
  schedState: unknown;
}

export interface IpvsConn {
  proto: number;
  caddr: number;
  cport: number;
  vaddr: number;
  vport: number;
  daddr: number;
  dport: number;
  service: ServiceState;
  dest: DestState;
  state: IpvsTcpState | 'UDP';
  /** IP_VS_CONN_F_INACTIVE: counted in the server's InActConn. */
  inactive: boolean;
  timeout: number;
  deadline: number;
  template: boolean;
  /** The persistence template that controls this connection. */
  control?: IpvsConn;
}

const PROTO_NUM = { tcp: 6, udp: 17, sctp: 132 } as const;

function why(id: string, params: Explanation['params'] = {}, matched = true): Explanation {
  return { id: `trace.ipvs.${id}`, params, matched };
}

function endpoint(addr: number, port: number): string {
  return `${formatIPv4(addr)}:${port}`;
}

export type ScheduleResult =
  | { kind: 'conn'; conn: IpvsConn; explain: Explanation[] }
  | { kind: 'no-dest'; explain: Explanation[] }
  | { kind: 'not-simulated'; explain: Explanation[] };

export class IpvsTable {
  readonly services: ServiceState[];
  private readonly conns = new IpvsConnStore((c) => this.unbind(c));
  /** The kernel's service hash tables (ip_vs_svc_table, ip_vs_svc_fwm_table): one lookup, whatever their size. */
  private readonly byAddr = new Map<string, ServiceState>();
  private readonly byMark = new Map<number, ServiceState>();
  now = 0;

  constructor(parsed: ParsedIpvs) {
    this.services = parsed.config.services.map((svc) => {
      const label = serviceLabel(svc.key);
      const dests: DestState[] = svc.dests.map((dest) => {
        const destLabel = endpoint(dest.addr, dest.port);
        const c = parsed.counters.get(`${label}|${destLabel}`);
        return { dest, label: destLabel, activeConns: c?.active ?? 0, inactConns: c?.inact ?? 0, overloaded: false };
      });
      const module = scheduler(svc.scheduler);
      for (const d of dests) this.updateOverload(d);
      return { svc, label, dests, module, schedState: module?.init(dests, svc.schedFlags) };
    });
    for (const s of this.services) {
      const k = s.svc.key;
      if (k.kind === 'fwmark') this.byMark.set(k.mark, s);
      else this.byAddr.set(`${PROTO_NUM[k.proto]}|${k.addr}|${k.port}`, s);
    }
  }

  /**
   * __ip_vs_service_find via ip_vs_service_find: a fwmark service for a marked packet first, then protocol +
   * address + port, then a port-0 ("all ports") service of that address.
   */
  findService(pkt: Packet): ServiceState | undefined {
    if (pkt.mark) {
      const byMark = this.byMark.get(pkt.mark);
      if (byMark) return byMark;
    }
    const key = (port: number) => `${pkt.proto}|${pkt.dst}|${port}`;
    return this.byAddr.get(key(pkt.dport ?? 0)) ?? this.byAddr.get(key(0));
  }

  /** ip_vs_conn_in_get: a connection whose client → virtual side is this packet. */
  inConn(pkt: Packet): IpvsConn | undefined {
    return this.conns.inConn(this.now, pkt.proto, pkt.src, pkt.sport ?? 0, pkt.dst, pkt.dport ?? 0);
  }

  /** ip_vs_conn_out_get: a connection whose real server → client side is this packet (a reply). */
  outConn(pkt: Packet): IpvsConn | undefined {
    return this.conns.outConn(this.now, pkt.proto, pkt.src, pkt.sport ?? 0, pkt.dst, pkt.dport ?? 0);
  }

  /** Every connection ends (a batch of fresh flows): each leaves its server; persistence templates stay. */
  forgetConnections(): void {
    this.conns.forgetConnections();
  }

  /** ip_vs_unbind_dest: an expired connection leaves its server's counters. */
  private unbind(c: IpvsConn): void {
    if (c.inactive) c.dest.inactConns--;
    else c.dest.activeConns--;
    this.updateOverload(c.dest);
  }

  /**
   * IP_VS_DEST_F_OVERLOAD (ip_vs_bind_dest / ip_vs_unbind_dest): set when active + inactive reach the upper
   * threshold; cleared below the lower threshold (3/4 of the upper one when no lower is set).
   */
  private updateOverload(d: DestState): void {
    const { upperThreshold: u, lowerThreshold: l } = d.dest;
    if (!u) return;
    const total = d.activeConns + d.inactConns;
    if (total >= u) d.overloaded = true;
    else if (d.overloaded && total < (l || (u * 3) / 4)) d.overloaded = false;
  }

  /** The scheduler (or the persistence template) picks a real server and a new connection is made. */
  schedule(service: ServiceState, pkt: Packet): ScheduleResult {
    const { svc } = service;
    if (!service.module)
      return { kind: 'not-simulated', explain: [why('sched-not-simulated', { sched: svc.scheduler }, false)] };
    const explain: Explanation[] = [];
    let template: IpvsConn | undefined;
    let index: number | null;
    if (svc.persistence !== undefined) {
      // ip_vs_sched_persist: the client's network (caddr & -M mask) keeps its server while the template lives.
      const snet = (pkt.src & svc.persistenceMask) >>> 0;
      const vport = svc.key.kind === 'fwmark' ? 0 : (pkt.dport ?? 0);
      const vaddr = svc.key.kind === 'fwmark' ? svc.key.mark : pkt.dst;
      template = this.conns.template(this.now, service, snet, vaddr, vport);
      if (template) {
        index = service.dests.indexOf(template.dest);
        explain.push(
          why('persist-hit', {
            client: formatIPv4(snet),
            server: template.dest.label,
            timeout: svc.persistence,
            weight: template.dest.dest.weight,
          }),
        );
      } else {
        const pick = service.module.schedule(service.schedState, service.dests, schedPacket(pkt), svc.schedFlags);
        explain.push(pick.explain);
        index = pick.index;
        if (index !== null) {
          template = this.newConn(service, service.dests[index]!, { ...pkt, src: snet }, true, vaddr, vport);
          explain.push(
            why('persist-new', { client: formatIPv4(snet), server: template.dest.label, timeout: svc.persistence }),
          );
        }
      }
    } else {
      const pick = service.module.schedule(service.schedState, service.dests, schedPacket(pkt), svc.schedFlags);
      explain.push(pick.explain);
      index = pick.index;
    }
    if (index === null) {
      explain.push(why('no-dest', { service: service.label }, false));
      return { kind: 'no-dest', explain };
    }
    const conn = this.newConn(service, service.dests[index]!, pkt, false);
    if (template) {
      conn.control = template;
      template.deadline = this.now + template.timeout;
      this.conns.deadlineSet(template);
    }
    return { kind: 'conn', conn, explain };
  }

  /** ip_vs_conn_new + ip_vs_bind_dest: every new connection starts INACTIVE (IP_VS_CONN_F_INACTIVE). */
  private newConn(
    service: ServiceState,
    dest: DestState,
    pkt: Packet,
    template: boolean,
    vaddr = pkt.dst,
    vport = pkt.dport ?? 0,
  ): IpvsConn {
    const conn: IpvsConn = {
      proto: template && service.svc.key.kind === 'fwmark' ? 0 : pkt.proto,
      caddr: pkt.src,
      cport: template ? 0 : (pkt.sport ?? 0),
      vaddr,
      vport,
      daddr: dest.dest.addr,
      dport: dest.dest.port || (pkt.dport ?? 0),
      service,
      dest,
      state: pkt.proto === 6 && !template ? 'NONE' : 'UDP',
      inactive: true,
      timeout: template ? service.svc.persistence! : 3,
      deadline: 0,
      template,
    };
    conn.deadline = this.now + conn.timeout;
    if (!template) {
      dest.inactConns++;
      this.updateOverload(dest);
    }
    this.conns.add(conn);
    return conn;
  }

  /** ip_vs_set_state for a packet of the connection: its protocol state and timeout, and the server counters. */
  packetSeen(conn: IpvsConn, pkt: Packet, dir: 'in' | 'out'): void {
    if (conn.proto === 6 && conn.state !== 'UDP') {
      const next = nextTcpState(conn.state, pkt.tcpFlags ?? 0, dir);
      const active = next === 'ESTABLISHED';
      if (conn.inactive && active) {
        conn.dest.inactConns--;
        conn.dest.activeConns++;
      } else if (!conn.inactive && !active) {
        conn.dest.activeConns--;
        conn.dest.inactConns++;
      }
      conn.inactive = !active;
      conn.state = next;
      conn.timeout = TCP_TIMEOUTS[next];
    } else conn.timeout = conn.proto === 17 ? UDP_TIMEOUT : conn.timeout;
    conn.deadline = this.now + conn.timeout;
    this.conns.deadlineSet(conn);
  }

  connections(): IpvsConnView[] {
    return this.conns.list(this.now).map((c) => connView(c, this.now));
  }

  servers(): RealServerView[] {
    return this.services.flatMap((s) =>
      s.dests.map((d) => ({
        service: s.label,
        server: d.label,
        weight: d.dest.weight,
        forwarding: d.dest.forwarding,
        activeConns: d.activeConns,
        inactConns: d.inactConns,
      })),
    );
  }
}

function schedPacket(pkt: Packet) {
  return { src: pkt.src, sport: pkt.sport ?? 0, dst: pkt.dst, dport: pkt.dport ?? 0 };
}

const PROTO_NAME: Record<number, IpvsConnView['proto']> = { 6: 'TCP', 17: 'UDP', 132: 'SCTP', 0: 'IP' };

function mmss(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/** One line of `ipvsadm -Lnc` (print_conn in ipvsadm.c). */
export function connView(c: IpvsConn, now: number): IpvsConnView {
  const fwmark = c.service.svc.key.kind === 'fwmark';
  return {
    proto: PROTO_NAME[c.proto] ?? 'IP',
    expire: mmss(c.deadline - now),
    state: c.template ? 'NONE' : c.state,
    source: endpoint(c.caddr, c.cport),
    virtual: c.template && fwmark ? endpoint(c.vaddr, 0) : endpoint(c.vaddr, c.vport),
    destination: endpoint(c.daddr, c.dport),
    template: c.template,
  };
}
