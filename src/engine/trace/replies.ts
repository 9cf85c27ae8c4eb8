// The packets the host sends back on its own: a REJECT's TCP RST or ICMP error (nf_reject_ipv4), and the ICMP
// errors routing sends (icmp_send: time exceeded, net unreachable).
import type { RejectWith } from '../ext/types.ts';
import { IPPROTO, TCP_FLAG, type Packet } from '../model/packet.ts';
import type { Host } from '../host/host.ts';
import { isLocal, isMulticastAddr, lookupRoute, selectSourceAddress } from '../host/host.ts';
import { isIcmpError } from '../conntrack/tuple.ts';
import { rejectIcmpCode } from '../target/reject.ts';

/**
 * icmp_send: no error about an ICMP error, nor about broadcast or multicast; the error leaves from the address the
 * packet was sent to when that is ours, else from the address facing the sender.
 */
export function icmpError(host: Host, pkt: Packet, type: number, code: number): Packet | undefined {
  if (isIcmpError(pkt) || isMulticastAddr(pkt.dst) || host.broadcast.has(pkt.dst) || pkt.dst === 0xffffffff)
    return undefined;
  let src = pkt.dst;
  if (!isLocal(host, pkt.dst)) {
    const back = lookupRoute(host, pkt.src);
    src = (back && selectSourceAddress(host, back.dev, pkt.src)) ?? pkt.dst;
  }
  return {
    proto: IPPROTO.icmp,
    src,
    dst: pkt.src,
    icmpType: type,
    icmpCode: code,
    inner: { proto: pkt.proto, src: pkt.src, dst: pkt.dst, sport: pkt.sport, dport: pkt.dport, icmpId: pkt.icmpId },
    // IP header + ICMP header + the offending IP header + its first 8 bytes.
    length: 56,
    tos: 0,
    ttl: 64,
    mark: 0,
    fragment: false,
  };
}

/** The answer REJECT sends, or undefined when the kernel sends none (a RST about a RST, an error about an error…). */
export function rejectReply(host: Host, pkt: Packet, withType: RejectWith): Packet | undefined {
  const code = rejectIcmpCode(withType);
  if (code !== undefined) return icmpError(host, pkt, 3, code);
  const flags = pkt.tcpFlags ?? 0;
  if (pkt.proto !== IPPROTO.tcp || flags & TCP_FLAG.RST) return undefined;
  return {
    proto: IPPROTO.tcp,
    src: pkt.dst,
    dst: pkt.src,
    sport: pkt.dport ?? 0,
    dport: pkt.sport ?? 0,
    // RFC 793 reset generation: RST alone when the segment had ACK, RST+ACK otherwise.
    tcpFlags: flags & TCP_FLAG.ACK ? TCP_FLAG.RST : TCP_FLAG.RST | TCP_FLAG.ACK,
    length: 40,
    tos: 0,
    ttl: 64,
    mark: 0,
    fragment: false,
  };
}
