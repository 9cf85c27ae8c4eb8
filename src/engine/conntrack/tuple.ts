// Conntrack tuples: what identifies a connection in each direction (nf_conntrack_tuple), and their hash keys.
import type { CtTuple } from '../ext/types.ts';
import type { InnerHeader, Packet } from '../model/packet.ts';

/** A tuple with the ICMP query fields conntrack keys echo and timestamp flows on (type, code, identifier). */
export interface Tuple extends CtTuple {
  icmpType?: number;
  icmpCode?: number;
  icmpId?: number;
}

/** Protocols whose tuple carries ports. */
const PORT_PROTOS = new Set([6, 17, 33, 132, 136]);

/** ICMP queries and their answers (nf_conntrack_proto_icmp.c, invmap). */
const ICMP_REPLY_TYPE: Record<number, number> = { 8: 0, 0: 8, 13: 14, 14: 13, 15: 16, 16: 15, 17: 18, 18: 17 };
/** Query types that may start a connection (valid_new). */
const ICMP_NEW_TYPES = new Set([8, 13, 15, 17]);
/** ICMP errors: carry the header of the packet they are about (icmp_error). */
const ICMP_ERROR_TYPES = new Set([3, 4, 5, 11, 12]);

export function hasPorts(proto: number): boolean {
  return PORT_PROTOS.has(proto);
}

export function isIcmpError(pkt: Pick<Packet, 'proto' | 'icmpType'>): boolean {
  return pkt.proto === 1 && pkt.icmpType !== undefined && ICMP_ERROR_TYPES.has(pkt.icmpType);
}

export function icmpMayStart(type: number): boolean {
  return ICMP_NEW_TYPES.has(type);
}

export function icmpHasReply(type: number): boolean {
  return ICMP_REPLY_TYPE[type] !== undefined;
}

export function tupleOf(pkt: Packet | InnerHeader): Tuple {
  if (PORT_PROTOS.has(pkt.proto)) {
    return { proto: pkt.proto, src: pkt.src, dst: pkt.dst, sport: pkt.sport ?? 0, dport: pkt.dport ?? 0 };
  }
  if (pkt.proto === 1) {
    const p = pkt as Packet;
    // An inner header only says it was an ICMP query: take it as the echo request it almost always is.
    return {
      proto: 1,
      src: pkt.src,
      dst: pkt.dst,
      icmpType: p.icmpType ?? 8,
      icmpCode: p.icmpCode ?? 0,
      icmpId: pkt.icmpId ?? 0,
    };
  }
  return { proto: pkt.proto, src: pkt.src, dst: pkt.dst };
}

/** The tuple of the answer (nf_ct_invert_tuple). */
export function invertTuple(t: Tuple): Tuple {
  const out: Tuple = { proto: t.proto, src: t.dst, dst: t.src };
  if (t.sport !== undefined) out.dport = t.sport;
  if (t.dport !== undefined) out.sport = t.dport;
  if (t.proto === 1) {
    out.icmpType = ICMP_REPLY_TYPE[t.icmpType ?? 8] ?? t.icmpType ?? 0;
    out.icmpCode = t.icmpCode ?? 0;
    out.icmpId = t.icmpId ?? 0;
  }
  return out;
}

export function tupleKey(t: Tuple, zone: number): string {
  if (t.proto === 1) return `${zone}|1|${t.src}|${t.dst}|${t.icmpId}|${t.icmpType}|${t.icmpCode}`;
  if (t.sport !== undefined) return `${zone}|${t.proto}|${t.src}|${t.dst}|${t.sport}|${t.dport}`;
  return `${zone}|${t.proto}|${t.src}|${t.dst}`;
}
