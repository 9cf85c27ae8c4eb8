// IPVS as a stop of the packet's path (see src/engine/ipvs/hooks.ts for where and why). A request IPVS schedules
// with masq forwarding is DNATed and sent by ip_vs_nat_xmit: a new route to the real server (__ip_vs_get_out_rt,
// which also decrements the TTL), then NF_HOOK(LOCAL_OUT, …, dst_output) — the OUTPUT chains, then POSTROUTING —
// from inside the hook that took it (NF_STOLEN). With net.ipv4.vs.conntrack=1 (kube-proxy sets it) the conntrack
// entry is kept and, still unconfirmed, expects its replies from the real server (ip_vs_update_conntrack).
import type { Explanation } from '../ext/types.ts';
import type { HookName } from '../model/types.ts';
import type { Packet } from '../model/packet.ts';
import type { Host } from '../host/host.ts';
import { routeOutput } from '../route/route.ts';
import { formatIPv4 } from '../net/ipv4.ts';
import { dnat, ipvsIcmp, ipvsIn, ipvsOut, type IpvsDecision, type IpvsStop } from '../ipvs/hooks.ts';
import { connView, type IpvsTable } from '../ipvs/table.ts';
import { icmpError } from './replies.ts';
import type { Run } from './run.ts';
import type { Fate, PacketView } from './types.ts';

type StopEnd = { kind: 'continue' } | { kind: 'stop'; fate: Fate; reason: Explanation; outIface?: string | null };

/** What the tracer lends IPVS to send a packet on: its hooks, POSTROUTING and its ICMP replies. */
export interface IpvsPath {
  host: Host;
  hook(run: Run, hook: HookName): StopEnd;
  postrouting(run: Run, outIface: string): { fate: Fate; outIface: string | null; reason: Explanation };
  sendReply(run: Run, reply: Packet): void;
}

function why(id: string, params: Explanation['params'] = {}, matched = true): Explanation {
  return { id: `trace.ipvs.${id}`, params, matched };
}

function step(run: Run, stop: IpvsStop, d: IpvsDecision, extra: Explanation[], before?: PacketView): void {
  if (!run.full) return;
  const conn = 'conn' in d ? { conn: connView(d.conn, d.conn.deadline - d.conn.timeout) } : {};
  const s = {
    ...conn,
    kind: 'ipvs' as const,
    ...run.base(),
    hook: stop.hook,
    priority: stop.priority,
    fn: stop.fn,
    action: d.kind,
    explain: [...d.explain, ...extra],
  };
  run.push(before ? { ...s, before } : s);
}

export function runIpvsStop(table: IpvsTable, run: Run, stop: IpvsStop, path: IpvsPath): StopEnd {
  const before = run.full ? run.packetView() : undefined;
  const d =
    stop.fn === 'in'
      ? ipvsIn(table, run.pkt, stop)
      : stop.fn === 'out'
        ? ipvsOut(table, run.pkt, stop)
        : ipvsIcmp(run.pkt);
  switch (d.kind) {
    case 'pass':
      if (d.explain.length) step(run, stop, d, []);
      return { kind: 'continue' };
    case 'snat':
      // ip_vs_out: the reply now looks as if the virtual service sent it, and no IPVS hook touches it again.
      run.ipvsProperty = true;
      run.changed();
      step(run, stop, d, [], before);
      return { kind: 'continue' };
    case 'no-dest': {
      // ip_vs_leave: ICMP port unreachable to the client, and the packet is dropped.
      step(run, stop, d, []);
      const unreachable = icmpError(path.host, run.pkt, 3, 3);
      if (unreachable) path.sendReply(run, unreachable);
      return { kind: 'stop', fate: 'dropped', reason: why('no-dest-fate', {}, false) };
    }
    case 'not-simulated':
      step(run, stop, d, []);
      return { kind: 'stop', fate: 'sent', reason: why('fwd-not-simulated-fate', {}, false), outIface: null };
    case 'xmit':
      return transmit(run, stop, d, path, before);
  }
}

function transmit(
  run: Run,
  stop: IpvsStop,
  d: Extract<IpvsDecision, { kind: 'xmit' }>,
  path: IpvsPath,
  before: PacketView | undefined,
): StopEnd {
  const { conn } = d;
  dnat(run.pkt, conn);
  run.ipvsProperty = true;
  const server = conn.dest.label;
  const extra: Explanation[] = [];
  const a = run.attach;
  if (a && !run.untracked && a.dir === 'ORIGINAL' && !a.conn.status.has('CONFIRMED')) {
    a.conn.reply = { ...a.conn.reply, src: conn.daddr, sport: conn.dport };
    extra.push(why('conntrack-reply', { id: a.conn.id, server }));
  }
  run.changed();
  const route = routeOutput(path.host, run.pkt.src, run.pkt.dst);
  if (route.kind === 'drop') {
    step(run, stop, d, [...extra, why('no-route', { server }, false)], before);
    return { kind: 'stop', fate: 'dropped', reason: why('no-route', { server }, false) };
  }
  if (route.outIface === 'lo') {
    // The real server is this host: NF_ACCEPT, the packet goes on to the local socket with its new destination.
    step(run, stop, d, [...extra, why('masq-local', { server })], before);
    return { kind: 'continue' };
  }
  if (run.pkt.ttl <= 1) {
    step(run, stop, d, [...extra, why('ttl', { ttl: run.pkt.ttl }, false)], before);
    const exceeded = icmpError(path.host, run.pkt, 11, 0);
    if (exceeded) path.sendReply(run, exceeded);
    return { kind: 'stop', fate: 'dropped', reason: why('ttl', { ttl: run.pkt.ttl }, false) };
  }
  run.pkt.ttl -= 1;
  const outIface = route.outIface!;
  step(
    run,
    stop,
    d,
    [...extra, why('masq', { server, iface: outIface, dst: formatIPv4(run.pkt.dst) }), route.reason],
    before,
  );
  // NF_HOOK(LOCAL_OUT) with no input device and the new route's device; then dst_output → ip_output → POSTROUTING.
  run.inIface = undefined;
  run.outIface = outIface;
  run.changed();
  const out = path.hook(run, 'OUTPUT');
  if (out.kind === 'stop') return out;
  const end = path.postrouting(run, outIface);
  return { kind: 'stop', ...end };
}
