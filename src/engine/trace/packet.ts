// Packets between the JSON world (PacketSpec, PacketView) and the engine (Packet), and the conntrack entry view.
import type { ConnView, CtState, CtStatus } from '../ext/types.ts';
import type { Diagnostic } from '../model/types.ts';
import {
  IPPROTO,
  TCP_FLAG,
  tcpOptionsLength,
  type InnerHeader,
  type Packet,
  type TcpFlagName,
  type TcpOptions,
} from '../model/packet.ts';
import { formatIPv4, parseIPv4 } from '../net/ipv4.ts';
import { parseProtocol, protocolName } from '../parse/protocols.ts';
import type { Conn, CtAttach } from '../conntrack/table.ts';
import type { Tuple } from '../conntrack/tuple.ts';
import type { ConnEntryView, PacketSpec, PacketView } from './types.ts';

const FLAG_NAMES = Object.keys(TCP_FLAG) as TcpFlagName[];

function packetError(index: number, message: string): Diagnostic {
  return { line: 0, col: 0, severity: 'error', message: `Packet ${index + 1}: ${message}`, code: 'bad-packet' };
}

function protoOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 && value <= 255 ? value : undefined;
  return typeof value === 'string' ? parseProtocol(value) : undefined;
}

const NUMBER_FIELDS = [
  'uid',
  'gid',
  'sport',
  'dport',
  'icmpType',
  'icmpCode',
  'icmpId',
  'icmpSeq',
  'mark',
  'length',
  'tos',
  'ttl',
  'at',
] as const;

/** Packets come from JSON (batch requests, the CLI, links): a wrong type is a message, not a TypeError. */
function shapeProblems(spec: PacketSpec, index: number): Diagnostic[] {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec))
    return [packetError(index, 'a packet is a JSON object such as {"in": "eth0", "proto": "tcp", …}.')];
  const problems: Diagnostic[] = [];
  for (const field of NUMBER_FIELDS)
    if (spec[field] !== undefined && typeof spec[field] !== 'number')
      problems.push(packetError(index, `"${field}" must be a number.`));
  if (
    spec.tcpFlags !== undefined &&
    (!Array.isArray(spec.tcpFlags) || spec.tcpFlags.some((f) => typeof f !== 'string'))
  )
    problems.push(packetError(index, '"tcpFlags" must be a list of flag names.'));
  if (spec.inner !== undefined && (typeof spec.inner !== 'object' || spec.inner === null))
    problems.push(packetError(index, '"inner" must be an object with a protocol, a source and a destination.'));
  return problems;
}

function portOk(p: number | undefined): boolean {
  return p === undefined || (Number.isInteger(p) && p >= 0 && p <= 65535);
}

/** Default total IP length: the headers alone (IP 20 bytes + TCP 20 and its options / UDP 8 / ICMP 8). */
function defaultLength(proto: number, options: TcpOptions | undefined): number {
  if (proto === IPPROTO.tcp) return 40 + tcpOptionsLength(options);
  if (proto === IPPROTO.udp || proto === IPPROTO.icmp) return 28;
  return 20;
}

/** Reads a packet description; answers diagnostics instead of throwing. */
export function packetFromSpec(
  spec: PacketSpec,
  index: number,
): { pkt: Packet; diagnostics: Diagnostic[] } | { pkt: undefined; diagnostics: Diagnostic[] } {
  const diagnostics = shapeProblems(spec, index);
  if (diagnostics.length > 0) return { pkt: undefined, diagnostics };
  const proto = protoOf(spec.proto);
  const src = parseIPv4(String(spec.src ?? ''));
  const dst = parseIPv4(String(spec.dst ?? ''));
  if (proto === undefined) diagnostics.push(packetError(index, `unknown protocol "${spec.proto}".`));
  if (src === undefined) diagnostics.push(packetError(index, `source "${spec.src}" is not an IPv4 address.`));
  if (dst === undefined) diagnostics.push(packetError(index, `destination "${spec.dst}" is not an IPv4 address.`));
  if (!portOk(spec.sport) || !portOk(spec.dport))
    diagnostics.push(packetError(index, 'ports must be between 0 and 65535.'));
  if (!spec.local && !spec.in)
    diagnostics.push(
      packetError(index, 'give the interface it arrives on ("in") or say it is sent locally ("local": true).'),
    );
  let flags = 0;
  for (const name of spec.tcpFlags ?? []) {
    const bit = TCP_FLAG[name.toUpperCase() as TcpFlagName];
    if (bit === undefined) diagnostics.push(packetError(index, `unknown TCP flag "${name}".`));
    else flags |= bit;
  }
  let inner: InnerHeader | undefined;
  if (spec.inner) {
    const ip = protoOf(spec.inner.proto);
    const is = parseIPv4(String(spec.inner.src ?? ''));
    const id = parseIPv4(String(spec.inner.dst ?? ''));
    if (ip === undefined || is === undefined || id === undefined)
      diagnostics.push(packetError(index, 'the inner header needs a protocol, a source and a destination.'));
    else {
      inner = { proto: ip, src: is, dst: id };
      if (ip === IPPROTO.tcp || ip === IPPROTO.udp) {
        inner.sport = spec.inner.sport ?? 0;
        inner.dport = spec.inner.dport ?? 0;
      }
      if (ip === IPPROTO.icmp) {
        // Cases older than these fields mean an echo request with identifier 0.
        inner.icmpType = spec.inner.icmpType ?? 8;
        inner.icmpId = spec.inner.icmpId ?? 0;
        if (spec.inner.icmpSeq !== undefined) inner.icmpSeq = spec.inner.icmpSeq;
      }
    }
  }
  if (diagnostics.length > 0 || proto === undefined || src === undefined || dst === undefined)
    return { pkt: undefined, diagnostics };
  const pkt: Packet = {
    proto,
    src,
    dst,
    length: spec.length ?? defaultLength(proto, spec.tcpOptions),
    tos: spec.tos ?? 0,
    ttl: spec.ttl ?? 64,
    mark: (spec.mark ?? 0) >>> 0,
    fragment: false,
  };
  if (proto === IPPROTO.tcp || proto === IPPROTO.udp || proto === 132 || proto === 136 || proto === 33) {
    pkt.sport = spec.sport ?? 0;
    pkt.dport = spec.dport ?? 0;
  }
  if (proto === IPPROTO.tcp) {
    pkt.tcpFlags = spec.tcpFlags ? flags : TCP_FLAG.SYN;
    if (spec.seq !== undefined) pkt.seq = spec.seq >>> 0;
    if (spec.ack !== undefined) pkt.ack = spec.ack >>> 0;
    if (spec.window !== undefined) pkt.window = spec.window & 0xffff;
    if (spec.tcpOptions) pkt.tcpOptions = copyOptions(spec.tcpOptions);
  }
  if (proto === IPPROTO.icmp) {
    pkt.icmpType = spec.icmpType ?? 8;
    pkt.icmpCode = spec.icmpCode ?? 0;
    if (spec.icmpId !== undefined) pkt.icmpId = spec.icmpId;
    if (spec.icmpSeq !== undefined) pkt.icmpSeq = spec.icmpSeq;
    if (inner) pkt.inner = inner;
  }
  return { pkt, diagnostics };
}

function copyOptions(o: TcpOptions): TcpOptions {
  const copy: TcpOptions = { ...o };
  if (o.timestamp) copy.timestamp = [o.timestamp[0], o.timestamp[1]];
  if (o.sack) copy.sack = o.sack.map(([l, r]) => [l, r]);
  return copy;
}

export function clonePacket(pkt: Packet): Packet {
  const copy = { ...pkt };
  if (pkt.inner) copy.inner = { ...pkt.inner };
  if (pkt.tcpOptions) copy.tcpOptions = copyOptions(pkt.tcpOptions);
  return copy;
}

export function flagNames(flags: number): string[] {
  return FLAG_NAMES.filter((n) => flags & TCP_FLAG[n]);
}

export function packetView(pkt: Packet, inIface: string | undefined, outIface: string | undefined): PacketView {
  const view: PacketView = {
    proto: protocolName(pkt.proto),
    src: formatIPv4(pkt.src),
    dst: formatIPv4(pkt.dst),
    mark: pkt.mark,
    tos: pkt.tos,
    ttl: pkt.ttl,
    length: pkt.length,
  };
  if (pkt.sport !== undefined) view.sport = pkt.sport;
  if (pkt.dport !== undefined) view.dport = pkt.dport;
  if (pkt.tcpFlags !== undefined) view.tcpFlags = flagNames(pkt.tcpFlags);
  if (pkt.seq !== undefined) view.seq = pkt.seq;
  if (pkt.ack !== undefined) view.ack = pkt.ack;
  if (pkt.window !== undefined) view.window = pkt.window;
  if (pkt.tcpOptions) view.tcpOptions = copyOptions(pkt.tcpOptions);
  if (pkt.icmpType !== undefined) view.icmpType = pkt.icmpType;
  if (pkt.icmpCode !== undefined) view.icmpCode = pkt.icmpCode;
  if (pkt.icmpId !== undefined) view.icmpId = pkt.icmpId;
  if (pkt.inner) {
    view.inner = {
      proto: protocolName(pkt.inner.proto),
      src: formatIPv4(pkt.inner.src),
      dst: formatIPv4(pkt.inner.dst),
    };
    if (pkt.inner.sport !== undefined) view.inner.sport = pkt.inner.sport;
    if (pkt.inner.dport !== undefined) view.inner.dport = pkt.inner.dport;
    if (pkt.inner.icmpType !== undefined) view.inner.icmpType = pkt.inner.icmpType;
    if (pkt.inner.icmpId !== undefined) view.inner.icmpId = pkt.inner.icmpId;
    if (pkt.inner.icmpSeq !== undefined) view.inner.icmpSeq = pkt.inner.icmpSeq;
  }
  if (inIface !== undefined) view.inIface = inIface;
  if (outIface !== undefined) view.outIface = outIface;
  return view;
}

function tupleView(t: Tuple): ConnEntryView['orig'] {
  const v: ConnEntryView['orig'] = { proto: protocolName(t.proto), src: formatIPv4(t.src), dst: formatIPv4(t.dst) };
  if (t.sport !== undefined) v.sport = t.sport;
  if (t.dport !== undefined) v.dport = t.dport;
  if (t.icmpId !== undefined) v.icmpId = t.icmpId;
  if (t.icmpType !== undefined) v.icmpType = t.icmpType;
  return v;
}

const STATUS_ORDER: CtStatus[] = ['EXPECTED', 'SEEN_REPLY', 'ASSURED', 'CONFIRMED', 'SNAT', 'DNAT'];

export function connEntryView(conn: Conn, state: CtState, dir: 'ORIGINAL' | 'REPLY', now?: number): ConnEntryView {
  const view: ConnEntryView = {
    state,
    status: STATUS_ORDER.filter((s) => conn.status.has(s)),
    orig: tupleView(conn.orig),
    reply: tupleView(conn.reply),
    mark: conn.mark,
    zone: conn.zone,
    id: conn.id,
    dir,
  };
  if (conn.tcpState) view.tcpState = conn.tcpState;
  view.expires = now === undefined ? conn.expires : Math.max(0, conn.deadline - now);
  return view;
}

/** What matches and targets see of the entry: a live view whose mark writes go to the connection (CONNMARK). */
class LiveConnView implements ConnView {
  constructor(
    private readonly conn: Conn,
    readonly state: CtState,
    readonly dir: 'ORIGINAL' | 'REPLY',
  ) {}
  get status(): Set<CtStatus> {
    return this.conn.status;
  }
  get orig(): Tuple {
    return this.conn.orig;
  }
  /** Read live: NAT rewrites the reply tuple while the packet is still in the nat chains. */
  get reply(): Tuple {
    return this.conn.reply;
  }
  get mark(): number {
    return this.conn.mark;
  }
  set mark(value: number) {
    this.conn.mark = value >>> 0;
  }
  get zone(): number {
    return this.conn.zone;
  }
  /**
   * nf_ct_expires(): an unconfirmed entry (a connection's first packet, before its last hook) still holds its
   * timeout as a relative value, which reads as already expired: 0 (recorded: conformance g13).
   */
  get expires(): number {
    return this.conn.status.has('CONFIRMED') ? this.conn.expires : 0;
  }
}

export function connView(attach: CtAttach): ConnView {
  return new LiveConnView(attach.conn, attach.state, attach.dir);
}
