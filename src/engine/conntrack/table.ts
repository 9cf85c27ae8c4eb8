// The connection table and what nf_conntrack_in decides for each packet: which connection it belongs to, in which
// direction, and its state (NEW, ESTABLISHED, RELATED, INVALID). Entries enter the table when their first packet is
// confirmed (it passed its last hook); a first packet dropped earlier leaves nothing behind, as in the kernel.
import type { CtState, CtStatus, Explanation } from '../ext/types.ts';
import type { Packet } from '../model/packet.ts';
import { TCP_TIMEOUTS, validTcpFlags, type TcpState } from './tcpState.ts';
import { hasUnacknowledgedData, tcpNew, tcpPacket, type TcpTrack, type TcpVerdict } from './tcpWindow.ts';

/** nf_conntrack_tcp_timeout_unacknowledged. */
const TCP_UNACKNOWLEDGED_TIMEOUT = 300;
import { icmpHasReply, icmpMayStart, invertTuple, isIcmpError, tupleKey, tupleOf, type Tuple } from './tuple.ts';
import { TCP_FLAG } from '../model/packet.ts';

export type Direction = 'ORIGINAL' | 'REPLY';

export interface Conn {
  id: number;
  orig: Tuple;
  /** The tuple answers are expected on; NAT rewrites it. */
  reply: Tuple;
  status: Set<CtStatus>;
  tcpState: TcpState | undefined;
  /** TCP: the state machine and both directions' windows (struct ip_ct_tcp). */
  tcp: TcpTrack | undefined;
  mark: number;
  zone: number;
  /** Which NAT manipulations are decided (nf_nat_initialized): the nat chains run once per manipulation. */
  natDone: { src: boolean; dst: boolean };
  /** When the entry was created (seconds on the request's clock): UDP becomes a stream 2 s later. */
  created: number;
  /** Seconds left when last refreshed (the protocol's timeout for its state). */
  expires: number;
  /** When the entry times out, in seconds since the start of the trace request. */
  deadline: number;
}

/** The connection a packet is attached to (skb->_nfct with its ctinfo). */
export interface CtAttach {
  conn: Conn;
  dir: Direction;
  state: 'NEW' | 'ESTABLISHED' | 'RELATED';
}

export type CtLookup =
  | { kind: 'tracked'; attach: CtAttach; event: 'new' | 'lookup'; explain: Explanation }
  | { kind: 'invalid'; explain: Explanation };

function why(id: string, params: Record<string, string | number | boolean> = {}): Explanation {
  return { id: `trace.conntrack.${id}`, params, matched: true };
}

function protoTimeout(conn: Conn): number {
  if (conn.tcp && conn.tcpState) {
    // Data one side has not acknowledged yet caps the timeout at nf_conntrack_tcp_timeout_unacknowledged (300 s).
    const timeout = TCP_TIMEOUTS[conn.tcpState];
    return hasUnacknowledgedData(conn.tcp) ? Math.min(timeout, TCP_UNACKNOWLEDGED_TIMEOUT) : timeout;
  }
  // nf_conntrack_udp_timeout (30 s) until the flow is a stream, nf_conntrack_udp_timeout_stream (120 s) after.
  if (conn.orig.proto === 17) return conn.status.has('ASSURED') ? 120 : 30;
  if (conn.orig.proto === 1) return 30;
  return 600;
}

export class ConntrackTable {
  private readonly byKey = new Map<string, { conn: Conn; dir: Direction }>();
  private readonly conns = new Set<Conn>();
  private nextId = 1;
  /** The clock: seconds since the start of the trace request (packets may say when they are sent). */
  now = 0;

  /** Confirmed entries that have not timed out, oldest first. */
  entries(): Conn[] {
    return [...this.conns].filter((c) => c.deadline > this.now);
  }

  private refresh(conn: Conn): void {
    conn.expires = protoTimeout(conn);
    conn.deadline = this.now + conn.expires;
  }

  /** The entry for a tuple, unless it has timed out (then it is gone, as the kernel's garbage collector does). */
  private lookup(t: Tuple, zone: number): { conn: Conn; dir: Direction } | undefined {
    const found = this.byKey.get(tupleKey(t, zone));
    if (found && found.conn.deadline <= this.now) {
      this.remove(found.conn);
      return undefined;
    }
    return found;
  }

  has(t: Tuple, zone: number): boolean {
    return this.lookup(t, zone) !== undefined;
  }

  find(t: Tuple, zone: number): { conn: Conn; dir: Direction } | undefined {
    return this.lookup(t, zone);
  }

  /** __nf_conntrack_confirm: the entry becomes visible to later packets under both of its tuples. */
  confirm(conn: Conn): void {
    if (conn.status.has('CONFIRMED')) return;
    conn.status.add('CONFIRMED');
    this.conns.add(conn);
    this.byKey.set(tupleKey(conn.orig, conn.zone), { conn, dir: 'ORIGINAL' });
    this.byKey.set(tupleKey(conn.reply, conn.zone), { conn, dir: 'REPLY' });
  }

  remove(conn: Conn): void {
    if (!this.conns.delete(conn)) return;
    this.byKey.delete(tupleKey(conn.orig, conn.zone));
    this.byKey.delete(tupleKey(conn.reply, conn.zone));
  }

  private create(orig: Tuple, zone: number, tcp: TcpTrack | undefined): Conn {
    const conn: Conn = {
      id: this.nextId++,
      orig,
      reply: invertTuple(orig),
      status: new Set(),
      tcpState: tcp?.state,
      tcp,
      mark: 0,
      zone,
      natDone: { src: false, dst: false },
      created: this.now,
      expires: 0,
      deadline: 0,
    };
    this.refresh(conn);
    return conn;
  }

  /** The end of nf_conntrack_tcp_packet for an in-window segment: the state moves, ASSURED, a lone RST reply. */
  private tcpAccepted(conn: Conn, from: TcpState, to: TcpState, pkt: Packet): void {
    conn.tcpState = to;
    if (!conn.status.has('SEEN_REPLY')) {
      // "If only reply is a RST, we can consider ourselves not to have an established connection."
      if ((pkt.tcpFlags ?? 0) & TCP_FLAG.RST) this.remove(conn);
    } else if (to === 'ESTABLISHED' && (from === 'SYN_RECV' || from === 'ESTABLISHED')) {
      conn.status.add('ASSURED');
    }
  }

  /** nf_conntrack_in for one packet at PREROUTING or OUTPUT. */
  track(pkt: Packet, zone: number): CtLookup {
    if (isIcmpError(pkt)) return this.trackIcmpError(pkt, zone);
    const tuple = tupleOf(pkt);
    if (pkt.proto === 6 && !validTcpFlags(pkt.tcpFlags ?? 0)) {
      return { kind: 'invalid', explain: why('invalid-tcp-flags') };
    }
    let found = this.lookup(tuple, zone);
    let verdict: TcpVerdict | undefined;
    if (found?.conn.tcp) {
      verdict = tcpPacket(found.conn.tcp, found.dir, pkt, {
        seenReply: found.conn.status.has('SEEN_REPLY'),
        assured: found.conn.status.has('ASSURED'),
      });
      if (verdict.kind === 'reopen') {
        // The old entry is deleted and the lookup repeated (NF_REPEAT): the SYN starts a new connection.
        this.remove(found.conn);
        found = undefined;
      }
    }
    if (!found) return this.trackNew(pkt, tuple, zone);

    const { conn, dir } = found;
    if (verdict?.kind === 'invalid') {
      return { kind: 'invalid', explain: why(`tcp.${verdict.reason.id}`, verdict.reason.params) };
    }
    let ignored: Explanation | undefined;
    if (verdict?.kind === 'ignore') ignored = why(`tcp.${verdict.reason.id}`, verdict.reason.params);
    else if (verdict?.kind === 'accept') this.tcpAccepted(conn, verdict.from, verdict.to, pkt);
    if (conn.orig.proto === 17 && conn.status.has('SEEN_REPLY') && this.now > conn.created + 2) {
      // nf_conntrack_udp_packet: traffic both ways and still active after two seconds is a stream: ASSURED.
      conn.status.add('ASSURED');
    }
    let event: Explanation;
    if (dir === 'REPLY') {
      const first = !conn.status.has('SEEN_REPLY');
      conn.status.add('SEEN_REPLY');
      event = why(first ? 'first-reply' : 'reply', { id: conn.id });
    } else event = why('original', { id: conn.id });
    // An ignored segment changes nothing, not even the timeout (nf_conntrack_tcp_packet returns before refreshing).
    if (ignored) event = ignored;
    else this.refresh(conn);
    const state = dir === 'REPLY' || conn.status.has('SEEN_REPLY') ? 'ESTABLISHED' : 'NEW';
    return { kind: 'tracked', attach: { conn, dir, state }, event: 'lookup', explain: event };
  }

  private trackNew(pkt: Packet, tuple: Tuple, zone: number): CtLookup {
    let tcp: TcpTrack | undefined;
    if (pkt.proto === 6) {
      // tcp_new: only a segment that may open a connection (SYN, or a bare ACK picked up mid-stream) creates one.
      tcp = tcpNew(pkt);
      if (!tcp) return { kind: 'invalid', explain: why('invalid-tcp-new') };
      const first = tcpPacket(tcp, 'ORIGINAL', pkt, { seenReply: false, assured: false });
      if (first.kind === 'invalid')
        return { kind: 'invalid', explain: why(`tcp.${first.reason.id}`, first.reason.params) };
    } else if (pkt.proto === 1) {
      const type = pkt.icmpType ?? 8;
      if (!icmpMayStart(type)) {
        return {
          kind: 'invalid',
          explain: why(icmpHasReply(type) ? 'invalid-icmp-unsolicited' : 'invalid-icmp-type', { type }),
        };
      }
    }
    const conn = this.create(tuple, zone, tcp);
    return {
      kind: 'tracked',
      attach: { conn, dir: 'ORIGINAL', state: 'NEW' },
      event: 'new',
      explain: why('new', { id: conn.id }),
    };
  }

  /** icmp_error_message: an ICMP error is RELATED to the connection of the header it carries, else INVALID. */
  private trackIcmpError(pkt: Packet, zone: number): CtLookup {
    if (!pkt.inner) return { kind: 'invalid', explain: why('invalid-icmp-error-no-inner') };
    const found = this.lookup(invertTuple(tupleOf(pkt.inner)), zone);
    if (!found) return { kind: 'invalid', explain: why('invalid-icmp-error-unknown') };
    return {
      kind: 'tracked',
      attach: { conn: found.conn, dir: found.dir, state: 'RELATED' },
      event: 'lookup',
      explain: why('related', { id: found.conn.id }),
    };
  }
}

export function ctStateOf(attach: CtAttach | null, untracked: boolean): CtState {
  if (untracked) return 'UNTRACKED';
  return attach ? attach.state : 'INVALID';
}
