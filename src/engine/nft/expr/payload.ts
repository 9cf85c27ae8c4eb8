// Payload expressions (nft(8), "PAYLOAD EXPRESSION"; kernel nft_payload.c): header fields of the packet. nft adds an
// implicit protocol dependency to `tcp dport` (meta l4proto tcp), so on another protocol the field is absent and the
// relation does not hold; `th` (transport header) reads the first bytes of any protocol's header: the ports of TCP,
// UDP, SCTP, UDP-Lite and DCCP, the type and code of ICMP (`th sport`) and its checksum (`th dport`, which the packet
// has and the lab does not know: Selector.unknown), as the kernel's nft_payload does (expr/transportHeaders.ts).
import { IPPROTO } from '../../model/packet.ts';
import type { Packet } from '../../model/packet.ts';
import type { Cursor } from '../cursor.ts';
import { ICMP_CODE, ICMP_TYPE, INET_SERVICE, integerBits, TCP_FLAG, type DataType } from '../datatype.ts';
import type { Selector } from '../model.ts';
import type { Token } from '../tokenize.ts';
import { IPV4_HEADER } from './ipv4Header.ts';
import {
  headerSelector,
  readTransport,
  TH_FIELDS,
  TRANSPORT_HEADERS,
  transportHeader,
  unknownOf,
} from './transportHeaders.ts';

type Field = { type: DataType; read: (p: Packet) => number | undefined; transport?: boolean };

const onProto = (proto: number, f: (p: Packet) => number | undefined) => (p: Packet) =>
  p.proto === proto ? f(p) : undefined;

/**
 * What the lab knows of the IPv4 header, field by field (its packets have no options: trace/packet.ts). The
 * identification, the fragment field and the checksum it does not model: every IPv4 packet has them, so a test of
 * them is unknown (Selector.unknown), not absent.
 */
const IPV4_READS: Record<string, (p: Packet) => number | undefined> = {
  version: () => 4,
  hdrlength: () => 5,
  dscp: (p) => p.tos >> 2,
  ecn: (p) => p.tos & 3,
  length: (p) => p.length,
  id: () => undefined,
  'frag-off': () => undefined,
  ttl: (p) => p.ttl,
  protocol: (p) => p.proto,
  checksum: () => undefined,
  saddr: (p) => p.src,
  daddr: (p) => p.dst,
};

const FIELDS: Record<string, Record<string, Field>> = {
  ip: Object.fromEntries(IPV4_HEADER.fields.map((h) => [h.name, { type: h.type, read: IPV4_READS[h.name]! }])),
  tcp: {
    sport: { type: INET_SERVICE, read: onProto(IPPROTO.tcp, (p) => p.sport), transport: true },
    dport: { type: INET_SERVICE, read: onProto(IPPROTO.tcp, (p) => p.dport), transport: true },
    flags: { type: TCP_FLAG, read: onProto(IPPROTO.tcp, (p) => p.tcpFlags ?? 0), transport: true },
  },
  udp: {
    sport: { type: INET_SERVICE, read: onProto(IPPROTO.udp, (p) => p.sport), transport: true },
    dport: { type: INET_SERVICE, read: onProto(IPPROTO.udp, (p) => p.dport), transport: true },
  },
  th: {
    sport: { type: INET_SERVICE, read: (p) => readTransport(p, 0, 16), transport: true },
    dport: { type: INET_SERVICE, read: (p) => readTransport(p, 16, 16), transport: true },
  },
  icmp: {
    type: { type: ICMP_TYPE, read: onProto(IPPROTO.icmp, (p) => p.icmpType) },
    code: { type: ICMP_CODE, read: onProto(IPPROTO.icmp, (p) => p.icmpCode) },
    // What nft lists `th dport` as after `meta l4proto icmp`: the same bytes, which every ICMP message has and the lab
    // does not know.
    checksum: { type: integerBits(16), read: onProto(IPPROTO.icmp, (p) => readTransport(p, 16, 16)) },
  },
};

const always = () => true;

/** The protocol number of each transport header (`th` has none: it reads the ports of whichever protocol). */
const HEADER_PROTO: Record<string, number> = { tcp: IPPROTO.tcp, udp: IPPROTO.udp, icmp: IPPROTO.icmp };

/**
 * One selector object per field, shared by every rule that reads it (selectors are never changed once made): a
 * 10,000-service ruleset would otherwise make one per use. A Map, not the object above: a rule's word must never
 * find an inherited property (`constructor`).
 */
const SELECTORS = new Map<string, Map<string, Selector>>(
  Object.entries(FIELDS).map(([proto, fields]) => [
    proto,
    new Map(
      Object.entries(fields).map(([name, f]): [string, Selector] => {
        const sel: Selector = { text: `${proto} ${name}`, type: f.type, read: (e) => f.read(e.pkt) };
        if (f.transport) sel.transport = true;
        sel.header = proto === 'ip' ? 'network' : 'transport';
        const number = HEADER_PROTO[proto];
        if (number !== undefined) sel.proto = number;
        // A transport field the packet of its protocol has, where its header's template puts it.
        const at = proto === 'th' ? TH_FIELDS : number !== undefined ? transportHeader(number)!.fields : undefined;
        const bits = at?.find((x) => x.name === name);
        if (bits) sel.unknown = unknownOf(number, bits.offset, bits.len);
        // Every IPv4 packet has the whole header.
        else if (proto === 'ip') sel.unknown = always;
        return [name, sel];
      }),
    ),
  ]),
);

// The fields of TCP and UDP the lab did not name above (`tcp sequence`, `udp length`), read where `th` reads them.
for (const h of TRANSPORT_HEADERS)
  if (h.name === 'tcp' || h.name === 'udp')
    for (const f of h.fields)
      if (!SELECTORS.get(h.name)!.has(f.name)) SELECTORS.get(h.name)!.set(f.name, headerSelector(h, f));

// The other transport headers nft names: their fields read the bytes `th` reads, on a packet of that protocol (the
// lab knows the ports of SCTP, UDP-Lite and DCCP; the rest it does not, though the packet has them: Selector.unknown). They are what nft lists a `th` field as after
// `meta l4proto sctp` and the like (fold.ts), so the listing reads back. ICMPv6's fields past its checksum are left
// out: nft adds an ICMPv6 type test before them (proto.c icmp_dep), which the lab does not model.
for (const h of TRANSPORT_HEADERS)
  if (!SELECTORS.has(h.name))
    SELECTORS.set(
      h.name,
      new Map(h.fields.filter((f) => h.name !== 'icmpv6' || f.offset < 32).map((f) => [f.name, headerSelector(h, f)])),
    );

/** The shared selector of a header field the lab reads (`tcp flags`, `esp spi`, `ip id`), or undefined. */
export const payloadSelector = (header: string, field: string): Selector | undefined =>
  SELECTORS.get(header)?.get(field);

export const payloadModule = {
  name: 'payload',
  keywords: [...SELECTORS.keys()],
  follows: Object.fromEntries([...SELECTORS].map(([k, fields]) => [k, [...fields.keys()]])),
  parse(c: Cursor, first: Token): Selector {
    const t = c.word();
    const sel = SELECTORS.get(first.value)!.get(t.value);
    if (!sel) c.unexpected(t);
    return sel;
  },
};
