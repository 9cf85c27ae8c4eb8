// Ready-made packets for the packet builder. Pure: they read the host, the rules and (for a reply) what the
// engine did with the packet being answered, so a reply to a DNATed or masqueraded packet is addressed the way
// the far end really sees it.
import type { HostSpec, TraceResult } from '../../engine/index.ts';
import type { ScenarioPacket } from '../../scenarios/types.ts';
import { formatIPv4, parseIPv4, prefixToMask } from '../../store/engineFacts.ts';

interface Addressed {
  iface: string;
  address: string;
  prefix: number;
}

/** The addresses of the host, loopback left out, in the order they are listed. */
export function hostAddresses(host: HostSpec | undefined): Addressed[] {
  const out: Addressed[] = [];
  for (const iface of host?.interfaces ?? []) {
    if (iface.name === 'lo') continue;
    for (const cidr of iface.addresses) {
      const [address = '', prefix = '32'] = cidr.split('/');
      if (parseIPv4(address) !== undefined) out.push({ iface: iface.name, address, prefix: Number(prefix) });
    }
  }
  return out;
}

/** Another host on the same network as `a` (the host part ends in .50 when that is free, else one up). */
export function neighbourOf(a: Addressed, last = 50): string {
  const addr = parseIPv4(a.address) ?? 0;
  const mask = prefixToMask(Math.min(a.prefix, 30));
  const net = (addr & mask) >>> 0;
  const size = (~mask >>> 0) + 1;
  let candidate = (net + (last % (size - 1 || 1))) >>> 0;
  if (candidate === addr) candidate = (candidate + 1) >>> 0;
  return formatIPv4(candidate);
}

const FALLBACK: Addressed = { iface: 'eth0', address: '10.0.0.1', prefix: 24 };

/** The first source port from `base` that no packet of the sequence uses: a new connection needs a new tuple. */
export function freeSourcePort(packets: readonly ScenarioPacket[], base: number): number {
  const used = new Set(packets.flatMap((p) => [p.sport, p.dport]).filter((p) => p !== undefined));
  let port = base;
  while (used.has(port) && port < 65535) port += 1;
  return port;
}

/** A client on the first network opens a new SSH connection to the host. */
export function sshSyn(
  host: HostSpec | undefined,
  label: string,
  packets: readonly ScenarioPacket[] = [],
): ScenarioPacket {
  const a = hostAddresses(host)[0] ?? FALLBACK;
  const sport = freeSourcePort(packets, 51000);
  return { label, in: a.iface, proto: 'tcp', src: neighbourOf(a), sport, dst: a.address, dport: 22, tcpFlags: ['SYN'] };
}

/** A ping from a neighbour to the host. The echo identifier is part of the conntrack tuple: a new ping gets a new one. */
export function ping(
  host: HostSpec | undefined,
  label: string,
  packets: readonly ScenarioPacket[] = [],
): ScenarioPacket {
  const a = hostAddresses(host)[0] ?? FALLBACK;
  const ids = new Set(packets.map((p) => p.icmpId));
  let icmpId = 1;
  while (ids.has(icmpId)) icmpId += 1;
  return {
    label,
    in: a.iface,
    proto: 'icmp',
    src: neighbourOf(a),
    dst: a.address,
    icmpType: 8,
    icmpCode: 0,
    icmpId,
    icmpSeq: 1,
  };
}

/** The first ClusterIP and port a kube-proxy ruleset sends to a KUBE-SVC chain, if any. */
export function firstServiceVip(rules: string): { vip: string; port: number; proto: string } | null {
  const m =
    /-A KUBE-SERVICES -d (\d+\.\d+\.\d+\.\d+)(?:\/32)? -p (tcp|udp)[^\n]*?--dport (\d+)[^\n]*-j KUBE-(?:SVC|EXT|FW)-/.exec(
      rules,
    );
  if (!m) return null;
  return { vip: m[1] ?? '', proto: m[2] ?? 'tcp', port: Number(m[3]) };
}

/** A pod (or client) sends a SYN to a service's virtual IP; the default Kubernetes API VIP when none is found. */
export function toServiceVip(
  host: HostSpec | undefined,
  rules: string,
  label: string,
  packets: readonly ScenarioPacket[] = [],
): ScenarioPacket {
  const all = hostAddresses(host);
  const podSide = all.find((a) => /^(cni|cbr|docker|flannel|cilium|vxlan|br-)/.test(a.iface)) ?? all[0] ?? FALLBACK;
  const svc = firstServiceVip(rules) ?? { vip: '10.96.0.1', port: 443, proto: 'tcp' };
  const p: ScenarioPacket = {
    label,
    in: podSide.iface,
    proto: svc.proto,
    src: neighbourOf(podSide, 5),
    sport: freeSourcePort(packets, 40000),
    dst: svc.vip,
    dport: svc.port,
  };
  if (svc.proto === 'tcp') p.tcpFlags = ['SYN'];
  return p;
}

/**
 * The answer to a traced packet, as the other end sends it: to the address and port the packet arrived with
 * (after NAT), from where the packet went. A packet delivered locally is answered by a local process; one sent
 * out of an interface is answered by a host behind that interface.
 */
export function replyTo(
  original: ScenarioPacket,
  result: TraceResult | undefined,
  label: string,
): ScenarioPacket | null {
  if (!result || (result.fate !== 'delivered' && result.fate !== 'sent')) return null;
  const seen = result.packet;
  const reply: ScenarioPacket = { label, proto: original.proto, src: seen.dst, dst: seen.src };
  if (result.fate === 'delivered') reply.local = true;
  else if (result.outIface) reply.in = result.outIface;
  else reply.local = true;
  if (seen.sport !== undefined && seen.dport !== undefined) {
    reply.sport = seen.dport;
    reply.dport = seen.sport;
  }
  if (original.proto === 'tcp') reply.tcpFlags = original.tcpFlags?.includes('SYN') ? ['SYN', 'ACK'] : ['ACK'];
  if (original.proto === 'icmp' && original.icmpType === 8) {
    reply.icmpType = 0;
    reply.icmpCode = 0;
    if (original.icmpId !== undefined) reply.icmpId = original.icmpId;
    if (original.icmpSeq !== undefined) reply.icmpSeq = original.icmpSeq;
  }
  return reply;
}

/** The next packet of the same connection from the same side: the ACK after a SYN. */
export function nextOfConnection(original: ScenarioPacket, label: string): ScenarioPacket {
  const next: ScenarioPacket = { ...structuredClone(original), label };
  if (original.proto === 'tcp') next.tcpFlags = ['ACK'];
  if (original.proto === 'icmp' && original.icmpSeq !== undefined) next.icmpSeq = original.icmpSeq + 1;
  return next;
}
