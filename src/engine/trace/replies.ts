// The packets the host sends back on its own: a REJECT's TCP RST or ICMP error (nf_reject_ipv4), and the ICMP
// errors routing sends (icmp_send: time exceeded, net unreachable).
import type { RejectWith } from '../ext/types.ts';
import { IPPROTO, TCP_FLAG, tcpOptionsLength, type InnerHeader, type Packet } from '../model/packet.ts';
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
  const inner: InnerHeader = { proto: pkt.proto, src: pkt.src, dst: pkt.dst };
  if (pkt.sport !== undefined) inner.sport = pkt.sport;
  if (pkt.dport !== undefined) inner.dport = pkt.dport;
  if (pkt.proto === IPPROTO.icmp) {
    inner.icmpType = pkt.icmpType ?? 8;
    inner.icmpId = pkt.icmpId ?? 0;
    if (pkt.icmpSeq !== undefined) inner.icmpSeq = pkt.icmpSeq;
  }
  return {
    proto: IPPROTO.icmp,
    src,
    dst: pkt.src,
    icmpType: type,
    icmpCode: code,
    inner,
    // IP header + ICMP header + as much of the offending packet as fits in 576 bytes (icmp_send's room).
    length: 28 + Math.min(pkt.length, ICMP_QUOTE_MAX),
    // icmp_send: "tos = icmp_pointers[type].error ? (RT_TOS(iph->tos) | IPTOS_PREC_INTERNETCONTROL) : iph->tos".
    tos: (pkt.tos & 0x1e) | 0xc0,
    ttl: 64,
    mark: 0,
    fragment: false,
  };
}

/** 576 (the minimum datagram every host takes) − 20 (IP) − 8 (ICMP): what an ICMP error quotes at most. */
const ICMP_QUOTE_MAX = 548;

/** Bytes of data a TCP segment carries: total length − IP header − TCP header with its options. */
export function tcpPayload(pkt: Packet): number {
  return Math.max(0, pkt.length - 20 - 20 - tcpOptionsLength(pkt.tcpOptions));
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
    ...resetNumbers(pkt),
    window: 0,
    length: 40,
    tos: 0,
    ttl: 64,
    mark: 0,
    fragment: false,
  };
}

/**
 * nf_reject_ip_tcphdr_put(): a segment with ACK is answered with seq = its ack (ack_seq 0); one without ACK with
 * seq 0 and ack = its seq + SYN + FIN + its payload length. Without sequence numbers on the offending segment
 * (a packet described without them) the RST has none either.
 */
function resetNumbers(pkt: Packet): { seq?: number; ack?: number } {
  const flags = pkt.tcpFlags ?? 0;
  if (flags & TCP_FLAG.ACK) return pkt.ack === undefined ? {} : { seq: pkt.ack, ack: 0 };
  if (pkt.seq === undefined) return {};
  const syn = flags & TCP_FLAG.SYN ? 1 : 0;
  const fin = flags & TCP_FLAG.FIN ? 1 : 0;
  return { seq: 0, ack: (pkt.seq + syn + fin + tcpPayload(pkt)) >>> 0 };
}
