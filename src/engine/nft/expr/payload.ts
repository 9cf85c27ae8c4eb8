// Payload expressions (nft(8), "PAYLOAD EXPRESSION"; kernel nft_payload.c): header fields of the packet. nft adds an
// implicit protocol dependency to `tcp dport` (meta l4proto tcp), so on another protocol the field is absent and the
// relation does not hold; `th` (transport header) reads the first bytes of any protocol's header: the ports of TCP,
// UDP, SCTP, UDP-Lite and DCCP, the type and code of ICMP (`th sport`) and its checksum (`th dport`, which the packet
// has and the lab does not know: Selector.unknown), as the kernel's nft_payload does (expr/transportHeaders.ts).
import { IPPROTO } from '../../model/packet.ts';
import type { Packet } from '../../model/packet.ts';
import type { Cursor } from '../cursor.ts';
import {
  DSCP,
  ICMP_CODE,
  ICMP_TYPE,
  INET_PROTO,
  INET_SERVICE,
  integerBits,
  IPV4_ADDR,
  TCP_FLAG,
  type DataType,
} from '../datatype.ts';
import type { Selector } from '../model.ts';
import type { Token } from '../tokenize.ts';
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

const FIELDS: Record<string, Record<string, Field>> = {
  ip: {
    saddr: { type: IPV4_ADDR, read: (p) => p.src },
    daddr: { type: IPV4_ADDR, read: (p) => p.dst },
    protocol: { type: INET_PROTO, read: (p) => p.proto },
    ttl: { type: integerBits(8), read: (p) => p.ttl },
    length: { type: integerBits(16), read: (p) => p.length },
    dscp: { type: DSCP, read: (p) => p.tos >> 2 },
  },
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
        return [name, sel];
      }),
    ),
  ]),
);

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
