// The IPVS table as `ipvsadm-save -n` prints it (ipvsadm -S -n, ipvsadm 1.31: ipvsadm.c print_service_entry with
// FMT_RULE, libipvs.c for the sort), so `ipvsadm-restore` (ipvsadm -R) would rebuild it:
//   -A -t|-u|--sctp-service addr:port | -f mark  -s sched [-p timeout [-M mask]] [--pe engine] [-o] [-b flags]
//   -a <same service> -r addr:port -g|-i|-m -w weight [--tun-type …]
// What it does not print is lost on the way, as on a real host: -x/-y thresholds, -M without -p, and the kernel's own
// order of services and real servers (ipvsadm sorts both unless --nosort).
import { formatIPv4 } from '../net/ipv4.ts';
import type { Forwarding, IpvsConfig, RealServer, TunnelChecksum, VirtualKey, VirtualService } from './types.ts';

/** fwd_switch(): IP_VS_CONN_F_MASQ -m, IP_VS_CONN_F_TUNNEL -i, IP_VS_CONN_F_DROUTE (and LOCALNODE) -g. */
const FORWARD_SWITCH: Record<Forwarding, string> = { masq: '-m', tunnel: '-i', route: '-g' };

/** tun_flags_opts[]: the option for IP_VS_TUNNEL_ENCAP_FLAG_NOCSUM (0), CSUM and REMCSUM. */
const CHECKSUM_OPTION: Record<TunnelChecksum, string> = {
  nocsum: '--tun-nocsum',
  csum: '--tun-csum',
  remcsum: '--tun-remcsum',
};

/** Protocol numbers, for the sort: IPPROTO_TCP 6, IPPROTO_UDP 17, IPPROTO_SCTP 132. */
const PROTOCOL_NUMBER = { tcp: 6, udp: 17, sctp: 132 } as const;

/**
 * `r = ntohl(a) - ntohl(b)` in libipvs's comparisons: an unsigned difference read as an int, so two values more than
 * 2^31 apart compare backwards (200.0.0.1 sorts before 10.0.0.1). Kept as ipvsadm has it.
 */
function libipvsDifference(a: number, b: number): number {
  return (a - b) | 0;
}

/** ipvs_cmp_services: fwmark, address family, protocol, address, port (address services have fwmark 0). */
function compareServices(a: VirtualKey, b: VirtualKey): number {
  const mark = (k: VirtualKey) => (k.kind === 'fwmark' ? k.mark : 0);
  const byMark = libipvsDifference(mark(a), mark(b));
  if (byMark !== 0 || a.kind === 'fwmark' || b.kind === 'fwmark') return byMark;
  return PROTOCOL_NUMBER[a.proto] - PROTOCOL_NUMBER[b.proto] || libipvsDifference(a.addr, b.addr) || a.port - b.port;
}

/** ipvs_cmp_dests: address, then port. */
function compareServers(a: RealServer, b: RealServer): number {
  return libipvsDifference(a.addr, b.addr) || a.port - b.port;
}

/** svc_name with FMT_RULE: `-t addr:port`, `-u …`, `--sctp-service …`, `-f mark`. */
function serviceSwitch(key: VirtualKey): string {
  if (key.kind === 'fwmark') return `-f ${key.mark}`;
  const flag = key.proto === 'tcp' ? '-t' : key.proto === 'udp' ? '-u' : '--sctp-service';
  return `${flag} ${formatIPv4(key.addr)}:${key.port}`;
}

/**
 * The scheduler flags as the kernel holds them, IP_VS_SVC_F_SCHED1..3, named back per scheduler as
 * print_sched_flags() does: sh-fallback,sh-port for sh, mh-fallback,mh-port for mh, flag-1,flag-2 otherwise.
 */
function schedFlagsText(svc: VirtualService): string {
  const bits = new Set<number>();
  for (const f of svc.schedFlags)
    bits.add(f.endsWith('fallback') || f === 'flag-1' ? 1 : f.endsWith('port') || f === 'flag-2' ? 2 : 3);
  const names =
    svc.scheduler === 'sh'
      ? ['sh-fallback', 'sh-port', 'flag-3']
      : svc.scheduler === 'mh'
        ? ['mh-fallback', 'mh-port', 'flag-3']
        : ['flag-1', 'flag-2', 'flag-3'];
  return names.filter((_, i) => bits.has(i + 1)).join(',');
}

function serviceLine(svc: VirtualService, name: string): string {
  let line = `-A ${name} -s ${svc.scheduler}`;
  if (svc.persistence !== undefined) {
    line += ` -p ${svc.persistence}`;
    if (svc.persistenceMask >>> 0 !== 0xffffffff) line += ` -M ${formatIPv4(svc.persistenceMask >>> 0)}`;
  }
  if (svc.persistenceEngine) line += ` --pe ${svc.persistenceEngine}`;
  if (svc.onePacket) line += ' -o';
  const flags = schedFlagsText(svc);
  if (flags) line += ` -b ${flags}`;
  return line;
}

/** print_tunnel_rule(): a tunnelling server names its tunnel type (ipip when the kernel reports none). */
function serverLine(d: RealServer, name: string): string {
  const line = `-a ${name} -r ${formatIPv4(d.addr)}:${d.port} ${FORWARD_SWITCH[d.forwarding]} -w ${d.weight}`;
  if (d.forwarding !== 'tunnel') return line;
  const tunnel = d.tunnel ?? { type: 'ipip' };
  const checksum = CHECKSUM_OPTION[tunnel.checksum ?? 'nocsum'];
  if (tunnel.type === 'gue') return `${line} --tun-type gue --tun-port ${tunnel.port ?? 0} ${checksum}`;
  if (tunnel.type === 'gre') return `${line} --tun-type gre ${checksum}`;
  return `${line} --tun-type ipip`;
}

/** `ipvsadm-save -n`: one `-A` line per virtual service, each followed by its `-a` lines; every line ends in \n. */
export function saveIpvs(config: IpvsConfig): string {
  const out: string[] = [];
  const services = [...config.services].sort((a, b) => compareServices(a.key, b.key));
  for (const svc of services) {
    const name = serviceSwitch(svc.key);
    out.push(serviceLine(svc, name));
    for (const d of [...svc.dests].sort(compareServers)) out.push(serverLine(d, name));
  }
  return out.map((l) => `${l}\n`).join('');
}
