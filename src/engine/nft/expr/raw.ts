// Raw payload expressions (nft(8), "RAW PAYLOAD EXPRESSION"; kernel nft_payload.c): `@base,offset,length` reads
// `length` bits at bit `offset` of a header — `ll` the link layer, `nh` the network header, `th` the transport header.
// nft lists one where it cannot name the fields: two `th` port tests it merged with no protocol known (merge.ts) list
// as `@th,0,32 0x10050`; where it can, it names them, as it names `th dport` (fold.ts). The lab knows the IPv4 header but its identification, fragment field and checksum, and of the
// transport header what transportHeaders.ts says; of the link layer nothing. Bits the packet has and the lab does not
// know are unknown (Selector.unknown); bits past the packet's end, a transport header on a later fragment or a link
// layer a packet sent from this host does not have yet are absent: the relation does not hold.
import type { Packet } from '../../model/packet.ts';
import type { Cursor } from '../cursor.ts';
import type { DataType } from '../datatype.ts';
import type { NftEval, Selector } from '../model.ts';
import { payloadSelector } from './payload.ts';
import { readBits, transportBytes, unknownOf } from './transportHeaders.ts';

const BASES = ['ll', 'nh', 'th'] as const;
type Base = (typeof BASES)[number];

/** The header's bytes the lab knows (undefined: not known), IPv4 as RFC 791 lays it out. */
function headerBytes(p: Packet, base: Base): (number | undefined)[] {
  if (base === 'nh') {
    const u = undefined;
    const [a, b, c, d] = [p.src >>> 24, (p.src >>> 16) & 255, (p.src >>> 8) & 255, p.src & 255];
    const [e, f, g, h] = [p.dst >>> 24, (p.dst >>> 16) & 255, (p.dst >>> 8) & 255, p.dst & 255];
    return [0x45, p.tos, p.length >>> 8, p.length & 255, u, u, u, u, p.ttl, p.proto, u, u, a, b, c, d, e, f, g, h];
  }
  return base === 'th' ? transportBytes(p) : [];
}

/** A raw field's value is an integer, listed in hex (nft prints a raw payload's constant as 0x…). One per width. */
const RAW_TYPES = new Map<number, { hex: DataType; decimal: DataType }>();
function rawTypes(bits: number): { hex: DataType; decimal: DataType } {
  let t = RAW_TYPES.get(bits);
  if (!t) {
    const hex: DataType = {
      name: 'integer',
      desc: 'integer',
      bits,
      parse: (text) =>
        /^0x[0-9a-f]+$/i.test(text) ? parseInt(text, 16) : /^\d+$/.test(text) ? Number(text) : undefined,
      print: (v) => `0x${Number(v).toString(16)}`,
    };
    RAW_TYPES.set(bits, (t = { hex, decimal: { ...hex, print: (v) => String(v) } }));
  }
  return t;
}
const rawType = (bits: number): DataType => rawTypes(bits).hex;

/**
 * The key types of a map (a verdict map, `meta mark set … map`): a raw payload's key is listed in decimal there, even
 * when the listing names its field (`@nh,72,8 vmap { 6 : accept }` is listed `ip protocol vmap { 6 : accept }`; a set
 * lookup keeps hex: `ip protocol { 0x6, 0x11 }`; nft 1.0.6).
 */
export function mapKeyTypes(types: DataType[]): DataType[] {
  const raw = (t: DataType) => RAW_TYPES.get(t.bits)?.hex === t;
  return types.some(raw) ? types.map((t) => (raw(t) ? rawTypes(t.bits).decimal : t)) : types;
}

/** Whether `@ll|nh|th,` starts here, or `at` tokens ahead (not a set reference `@name`). */
export function rawPayloadAhead(c: Cursor, at = 0): boolean {
  return c.isPunct('@', at) && (BASES as readonly string[]).includes(c.peek(at + 1).value) && c.isPunct(',', at + 2);
}

/** `@th,0,32`, the `@` next. */
export function parseRawPayload(c: Cursor): Selector {
  c.next();
  const base = c.word().value as Base;
  c.expectPunct(',');
  const offTok = c.word();
  c.expectPunct(',');
  const lenTok = c.word();
  const offset = Number(offTok.value);
  const len = Number(lenTok.value);
  if (!/^\d+$/.test(offTok.value)) c.unexpected(offTok, 'number');
  if (!/^\d+$/.test(lenTok.value) || len < 1 || len > 32)
    c.fail(lenTok, `raw payload length ${lenTok.value}: 1 to 32 bits here`);
  // payload_init_raw: the 16 bits at 0 or 16 of the transport header are `th sport` and `th dport` (an inet_service:
  // `@th,16,16 http` is port 80), the same expression in every way: listed, merged and named as they are.
  const th = base === 'th' && len === 16 && (offset === 0 || offset === 16);
  if (th) return payloadSelector('th', offset === 0 ? 'sport' : 'dport')!;
  return {
    text: `@${base},${offset},${len}`,
    type: rawType(len),
    read: (e) => readBits(headerBytes(e.pkt, base), offset, len),
    unknown: base === 'th' ? unknownOf(undefined, offset, len) : base === 'nh' ? nhHas(offset, len) : llHas,
    raw: { base, offset, len },
  };
}

/** Whether the packet reaches these bits of its network header (skb_copy_bits from the network header). */
const nhHas = (offset: number, len: number) => (e: NftEval) => e.pkt.length >= Math.ceil((offset + len) / 8);

/**
 * Whether the packet has a link-layer header: one that came in on a device does (eth_type_trans set the MAC header);
 * one this host sends has none before it is queued to the device (nft_payload_eval: !skb_mac_header_was_set, so the
 * rule breaks at output and postrouting). The lab never knows its bytes.
 */
const llHas = (e: NftEval) => e.inIface !== undefined;
