// The transport headers nft knows by name (nftables 1.0.6 src/proto.c: proto_icmp, proto_igmp, proto_udp,
// proto_udplite, proto_tcp, proto_dccp, proto_sctp, proto_esp, proto_ah, proto_comp, proto_icmp6, and proto_th for
// the ports any of them may have), with their fields' templates in nft's order. The kernel keeps no names: nft lists a
// rule by reading offsets back, so a `th` field read after `meta l4proto icmp` is listed by what lies at its bytes in
// an ICMP header (src/payload.c payload_expr_complete, payload_expr_expand). The lab reads a named field where `th`
// reads it: the same bytes of the transport header (transportBytes), the bytes it knows of the packet.
import { IPPROTO, type Packet } from '../../model/packet.ts';
import {
  BITMASK,
  DCCP_PKTTYPE,
  ICMP_CODE,
  ICMP_TYPE,
  ICMPV6_CODE,
  ICMPV6_TYPE,
  IGMP_TYPE,
  INET_PROTO,
  INET_SERVICE,
  integerBits,
  TCP_FLAG,
  type DataType,
} from '../datatype.ts';
import type { NftEval, Selector } from '../model.ts';

/** One field of a header (struct proto_hdr_template): where it lies, in bits from the header's start. */
export interface HeaderField {
  name: string;
  offset: number;
  len: number;
  type: DataType;
}

/** A header nft knows by name (struct proto_desc): its templates. */
export interface ProtocolHeader {
  name: string;
  /** The templates in index order (payload_expr_expand walks them in this order). */
  fields: readonly HeaderField[];
  /** The field that says which protocol comes next (`ah nexthdr`, `icmp type`): nft may drop an equality on it as a
   * dependency (payload_dependency_store). */
  protocolKey?: string;
}

/** A transport header. */
export interface TransportHeader extends ProtocolHeader {
  /** Its IP protocol number. */
  proto: number;
}

export const f = (name: string, offset: number, len: number, type: DataType = integerBits(len)): HeaderField => ({
  name,
  offset,
  len,
  type,
});
const ports = [f('sport', 0, 16, INET_SERVICE), f('dport', 16, 16, INET_SERVICE)];

// Index order as in proto.c's enums (include/proto.h): IGMP's is type, checksum, mrt, group — so a 32-bit read lists
// `igmp type … igmp mrt …` then `th dport …` (payload_expr_expand passes checksum before reaching offset 16).
export const TRANSPORT_HEADERS: readonly TransportHeader[] = [
  {
    name: 'icmp',
    proto: 1,
    protocolKey: 'type',
    fields: [
      f('type', 0, 8, ICMP_TYPE),
      f('code', 8, 8, ICMP_CODE),
      f('checksum', 16, 16),
      f('id', 32, 16),
      f('sequence', 48, 16),
      f('gateway', 32, 32),
      f('mtu', 48, 16),
    ],
  },
  {
    name: 'igmp',
    proto: 2,
    fields: [f('type', 0, 8, IGMP_TYPE), f('checksum', 16, 16), f('mrt', 8, 8), f('group', 32, 32)],
  },
  { name: 'udp', proto: 17, fields: [...ports, f('length', 32, 16), f('checksum', 48, 16)] },
  { name: 'udplite', proto: 136, fields: [...ports, f('csumcov', 32, 16), f('checksum', 48, 16)] },
  {
    name: 'tcp',
    proto: 6,
    fields: [
      ...ports,
      f('sequence', 32, 32),
      f('ackseq', 64, 32),
      f('doff', 96, 4),
      f('reserved', 100, 4),
      f('flags', 104, 8, TCP_FLAG),
      f('window', 112, 16),
      f('checksum', 128, 16),
      f('urgptr', 144, 16),
    ],
  },
  { name: 'dccp', proto: 33, fields: [...ports, f('type', 67, 4, DCCP_PKTTYPE)] },
  { name: 'sctp', proto: 132, fields: [...ports, f('vtag', 32, 32), f('checksum', 64, 32)] },
  { name: 'esp', proto: 50, fields: [f('spi', 0, 32), f('sequence', 32, 32)] },
  {
    name: 'ah',
    proto: 51,
    protocolKey: 'nexthdr',
    fields: [
      f('nexthdr', 0, 8, INET_PROTO),
      f('hdrlength', 8, 8),
      f('reserved', 16, 16),
      f('spi', 32, 32),
      f('sequence', 64, 32),
    ],
  },
  {
    name: 'comp',
    proto: 108,
    protocolKey: 'nexthdr',
    fields: [f('nexthdr', 0, 8, INET_PROTO), f('flags', 8, 8, BITMASK), f('cpi', 16, 16)],
  },
  {
    name: 'icmpv6',
    proto: 58,
    protocolKey: 'type',
    fields: [
      f('type', 0, 8, ICMPV6_TYPE),
      f('code', 8, 8, ICMPV6_CODE),
      f('checksum', 16, 16),
      f('parameter-problem', 32, 32),
      f('mtu', 32, 32),
      f('id', 32, 16),
      f('sequence', 48, 16),
      f('max-delay', 32, 16),
    ],
  },
];

const BY_PROTO = new Map(TRANSPORT_HEADERS.map((h) => [h.proto, h]));

/** The header of this IP protocol nft knows by name (proto_inet_service.protocols), or undefined (gre, 99…). */
export const transportHeader = (proto: number): TransportHeader | undefined => BY_PROTO.get(proto);

/** The protocols whose header starts with the two ports (proto_th), which the lab's packets carry. */
const PORTS = new Set<number>([IPPROTO.tcp, IPPROTO.udp, 132, 136, 33]);

/**
 * The transport header's bytes the lab knows (undefined: not known): the ports, of every protocol the packet has them
 * for (TCP, UDP, SCTP, UDP-Lite, DCCP: trace/packet.ts), and what it tracks of TCP and UDP; the type and code of ICMP,
 * and its identifier and sequence number when the packet has them. The rest (an ICMP checksum, an ESP SPI, a TCP
 * checksum) the lab does not know, though the packet has them: hasTransportBits.
 */
export function transportBytes(p: Packet): (number | undefined)[] {
  if (PORTS.has(p.proto)) {
    if (p.sport === undefined) return [];
    const dport = p.dport ?? 0;
    const ports = [p.sport >>> 8, p.sport & 255, dport >>> 8, dport & 255];
    // UDP: the length (of the datagram: the IPv4 length less its 20-byte header); the checksum is not known.
    if (p.proto === IPPROTO.udp) return [...ports, ...be(p.length - IPV4_HEADER_BYTES, 2)];
    if (p.proto !== IPPROTO.tcp) return ports;
    // TCP: the sequence and acknowledgment numbers and the window when the packet tracks them, and the flags; not the
    // byte of the data offset (its reserved bits), the checksum or the urgent pointer.
    return [...ports, ...be(p.seq, 4), ...be(p.ack, 4), undefined, p.tcpFlags ?? 0, ...be(p.window, 2)];
  }
  if (p.proto === IPPROTO.icmp && p.icmpType !== undefined) {
    const u = undefined;
    const out = [p.icmpType, p.icmpCode, u, u];
    if (p.icmpId !== undefined) out.push(p.icmpId >>> 8, p.icmpId & 255);
    if (p.icmpId !== undefined && p.icmpSeq !== undefined) out.push(p.icmpSeq >>> 8, p.icmpSeq & 255);
    return out;
  }
  return [];
}

/** A number's bytes, big-endian (unknown bytes when the number is). */
function be(v: number | undefined, n: number): (number | undefined)[] {
  const out: (number | undefined)[] = [];
  for (let i = n - 1; i >= 0; i--) out.push(v === undefined ? undefined : Math.floor(v / 256 ** i) % 256);
  return out;
}

/** The IPv4 header the lab's packets have: no options (`@nh,0,8` is 0x45). */
export const IPV4_HEADER_BYTES = 20;

/**
 * Whether the packet has these bits of its transport header, whatever the lab knows of them: the kernel loads them
 * (nft_payload_eval, NFT_PAYLOAD_TRANSPORT_HEADER) unless the packet is a later fragment (pkt->fragoff) or too short
 * for them (skb_copy_bits fails); every IPv4 packet has a transport header (NFT_PKTINFO_L4PROTO), of any protocol.
 */
export function hasTransportBits(p: Packet, offset: number, len: number): boolean {
  return !p.fragment && p.length >= IPV4_HEADER_BYTES + Math.ceil((offset + len) / 8);
}

/** `len` bits at bit `offset` of these bytes, when every byte they touch is known (at most 32 bits). */
export function readBits(bytes: readonly (number | undefined)[], offset: number, len: number): number | undefined {
  const first = Math.floor(offset / 8);
  const last = Math.floor((offset + len - 1) / 8);
  let v = 0n;
  for (let i = first; i <= last; i++) {
    const byte = bytes[i];
    if (byte === undefined) return undefined;
    v = (v << 8n) | BigInt(byte);
  }
  const shift = BigInt((last + 1) * 8 - (offset + len));
  return Number((v >> shift) & ((1n << BigInt(len)) - 1n));
}

/** A field of the transport header at these bits, of any protocol (`th sport`, `@th,0,16`). */
export const readTransport = (p: Packet, offset: number, len: number): number | undefined =>
  readBits(transportBytes(p), offset, len);

/** The `th` pseudo-header's fields (proto_th): the ports, where TCP, UDP, UDP-Lite, DCCP and SCTP have them. */
export const TH_FIELDS: readonly HeaderField[] = ports;

const SELECTORS = new Map<string, Selector>();

/**
 * Selector.unknown of a field at these bits of the transport header of this protocol (any protocol: undefined, as
 * `th`): a packet of another protocol lacks it; one of this protocol has it, and the lab may not know it.
 */
export function unknownOf(proto: number | undefined, offset: number, len: number): (e: NftEval) => boolean {
  return (e) => (proto === undefined || e.pkt.proto === proto) && hasTransportBits(e.pkt, offset, len);
}

/**
 * The selector of a named header field (`sctp dport`), shared: it reads the same bits `th` would, on a packet of
 * that protocol only (the field is absent on another one).
 */
export function headerSelector(header: TransportHeader, field: HeaderField): Selector {
  const text = `${header.name} ${field.name}`;
  let sel = SELECTORS.get(text);
  if (!sel) {
    const { proto } = header;
    const { offset, len } = field;
    sel = {
      text,
      type: field.type,
      read: (e) => (e.pkt.proto === proto ? readTransport(e.pkt, offset, len) : undefined),
      unknown: unknownOf(proto, offset, len),
      header: 'transport',
      transport: true,
      proto,
    };
    SELECTORS.set(text, sel);
  }
  return sel;
}

/**
 * payload_expr_complete: the field of the header exactly at these bits (the first template in index order), or
 * undefined when none is (the `th` field keeps its name). `meta l4proto icmp th dport { 1, 2 }` lists as
 * `icmp checksum { 1, 2 }` (nft 1.0.6).
 */
export function completeField(header: ProtocolHeader, offset: number, len: number): HeaderField | undefined {
  return header.fields.find((x) => x.offset === offset && x.len === len);
}

/** A piece of an expanded comparison: a field (or the leading bits of one: a prefix), or bits no field starts at. */
export type ExpandedPart =
  { kind: 'field'; field: HeaderField; offset: number; len: number } | { kind: 'raw'; offset: number; len: number };

/**
 * payload_expr_expand: the fields a comparison of these bits covers, in template order from its first bit. A field
 * that starts at the next bit is taken whole when it fits, or as a prefix of the bits left (`meta l4proto esp th sport
 * 5` lists `esp spi 327680/16`); bits where no remaining template starts are left raw, and the walk never goes back
 * (IGMP: `igmp type … igmp mrt … th dport …`).
 */
export function expandFields(header: ProtocolHeader, offset: number, len: number): ExpandedPart[] {
  const out: ExpandedPart[] = [];
  let at = offset;
  let left = len;
  for (const field of header.fields) {
    if (field.offset !== at) continue;
    if (field.len <= left) {
      out.push({ kind: 'field', field, offset: at, len: field.len });
      at += field.len;
      left -= field.len;
      if (left === 0) return out;
    } else {
      out.push({ kind: 'field', field, offset: at, len: left });
      return out;
    }
  }
  out.push({ kind: 'raw', offset: at, len: left });
  return out;
}
