// Payload expressions (nft(8), "PAYLOAD EXPRESSION"; kernel nft_payload.c): header fields of the packet. nft adds an
// implicit protocol dependency to `tcp dport` (meta l4proto tcp), so on another protocol the field is absent and the
// relation does not hold; `th` (transport header) reads the ports of any protocol that has them.
import { IPPROTO } from '../../model/packet.ts';
import type { Packet } from '../../model/packet.ts';
import type { Cursor } from '../cursor.ts';
import {
  ICMP_CODE,
  ICMP_TYPE,
  INET_PROTO,
  INET_SERVICE,
  INTEGER,
  IPV4_ADDR,
  TCP_FLAG,
  type DataType,
} from '../datatype.ts';
import type { Selector } from '../model.ts';
import type { Token } from '../tokenize.ts';

type Field = { type: DataType; read: (p: Packet) => number | undefined; transport?: boolean };

const hasPorts = (p: Packet) => p.proto === IPPROTO.tcp || p.proto === IPPROTO.udp || p.proto === 132;
const onProto = (proto: number, f: (p: Packet) => number | undefined) => (p: Packet) =>
  p.proto === proto ? f(p) : undefined;

const FIELDS: Record<string, Record<string, Field>> = {
  ip: {
    saddr: { type: IPV4_ADDR, read: (p) => p.src },
    daddr: { type: IPV4_ADDR, read: (p) => p.dst },
    protocol: { type: INET_PROTO, read: (p) => p.proto },
    ttl: { type: INTEGER, read: (p) => p.ttl },
    length: { type: INTEGER, read: (p) => p.length },
    dscp: { type: INTEGER, read: (p) => p.tos >> 2 },
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
    sport: { type: INET_SERVICE, read: (p) => (hasPorts(p) ? p.sport : undefined), transport: true },
    dport: { type: INET_SERVICE, read: (p) => (hasPorts(p) ? p.dport : undefined), transport: true },
  },
  icmp: {
    type: { type: ICMP_TYPE, read: onProto(IPPROTO.icmp, (p) => p.icmpType) },
    code: { type: ICMP_CODE, read: onProto(IPPROTO.icmp, (p) => p.icmpCode) },
  },
};

export const payloadModule = {
  name: 'payload',
  keywords: Object.keys(FIELDS),
  follows: Object.fromEntries(Object.entries(FIELDS).map(([k, f]) => [k, Object.keys(f)])),
  parse(c: Cursor, first: Token): Selector {
    const fields = FIELDS[first.value]!;
    const t = c.word();
    const f = fields[t.value];
    if (!f) c.unexpected(t);
    return { text: `${first.value} ${t.value}`, type: f.type, read: (e) => f.read(e.pkt), transport: f.transport };
  },
};
