// TCP connection tracking as net/netfilter/nf_conntrack_proto_tcp.c does it: tcp_new() for a connection's first
// segment, then nf_conntrack_tcp_packet() — the state table, the special cases around it (reopening a closed
// connection, ignored segments, RST checks) and tcp_in_window(), which keeps each direction's window (td_end,
// td_maxend, td_maxwin, td_maxack) and decides whether a segment is in window, ignored or INVALID.
// Sequence numbers are 32-bit and compared modulo 2^32 (before()/after()). A segment without `seq` (a packet
// described without sequence numbers) is judged on its flags and the state alone, as if in window.
import { TCP_FLAG, tcpOptionsLength, type Packet } from '../model/packet.ts';
import { flagClass, nextTcpState, type FlagClass, type TcpState } from './tcpState.ts';

/** ip_ct_tcp_state flags (IP_CT_TCP_FLAG_*). */
const WINDOW_SCALE = 0x01;
const SACK_PERM = 0x02;
const CLOSE_INIT = 0x04;
const BE_LIBERAL = 0x08;
const DATA_UNACKNOWLEDGED = 0x10;
const MAXACK_SET = 0x20;
/** MAXACKWINCONST: how far behind an ACK may be when the sender's window is not known to be larger. */
const MAXACKWINCONST = 66000;

/** One direction's view of the stream (struct ip_ct_tcp_state). */
export interface TcpSide {
  /** Highest seq + len sent. */
  end: number;
  /** Highest ack + window the other side advertised: the right edge of what this side may send. */
  maxend: number;
  /** Largest window this side advertised. */
  maxwin: number;
  /** Highest ack sent. */
  maxack: number;
  scale: number;
  flags: number;
}

/** struct ip_ct_tcp: the state, both directions ([0] ORIGINAL, [1] REPLY) and the last in-window segment. */
export interface TcpTrack {
  state: TcpState;
  seen: [TcpSide, TcpSide];
  lastIndex: FlagClass | undefined;
  lastDir: 0 | 1;
  lastEnd: number;
  /** Window checks apply: the connection's first segment carried sequence numbers. */
  windowed: boolean;
}

/** What nf_conntrack_tcp_packet() decided. */
export type TcpVerdict =
  | { kind: 'accept'; from: TcpState; to: TcpState }
  /** NF_ACCEPT with the entry left as it was (the packet keeps its ctstate). */
  | { kind: 'ignore'; reason: TcpReason }
  /** -NF_ACCEPT: the packet leaves conntrack without an entry (INVALID). */
  | { kind: 'invalid'; reason: TcpReason }
  /** A SYN reopening a closed or aborted connection: the entry is deleted and the lookup repeated (NF_REPEAT). */
  | { kind: 'reopen' };

/** Why, as a catalog id under trace.conntrack.tcp and its numbers. */
export interface TcpReason {
  id: string;
  params: Record<string, number | string>;
}

const u32 = (n: number) => n >>> 0;
/** before(a, b): a comes before b in sequence space. */
const before = (a: number, b: number) => (u32(a - b) | 0) < 0;
const after = (a: number, b: number) => before(b, a);

function side(): TcpSide {
  return { end: 0, maxend: 0, maxwin: 0, maxack: 0, scale: 0, flags: 0 };
}

/** tcp_options(): what of the segment's options conntrack keeps (window scale and SACK permitted, on a SYN). */
function noteOptions(pkt: Packet, s: TcpSide): void {
  const o = pkt.tcpOptions;
  if (o?.sackPerm) s.flags |= SACK_PERM;
  if (o?.wscale !== undefined) {
    s.flags |= WINDOW_SCALE;
    s.scale = Math.min(o.wscale, 14);
  }
}

/** segment_seq_plus_len(): seq + payload, +1 for SYN and for FIN. */
export function segmentEnd(pkt: Packet): number {
  const flags = pkt.tcpFlags ?? 0;
  const payload = Math.max(0, pkt.length - 20 - 20 - tcpOptionsLength(pkt.tcpOptions));
  return u32((pkt.seq ?? 0) + payload + (flags & TCP_FLAG.SYN ? 1 : 0) + (flags & TCP_FLAG.FIN ? 1 : 0));
}

/** tcp_new(): a SYN, or (nf_conntrack_tcp_loose = 1) any segment the table lets start mid-stream; else undefined. */
export function tcpNew(pkt: Packet): TcpTrack | undefined {
  const next = nextTcpState('NONE', 'ORIGINAL', pkt.tcpFlags ?? 0);
  if (next === 'INVALID' || next === 'IGNORE') return undefined;
  const t: TcpTrack = {
    state: 'NONE',
    seen: [side(), side()],
    lastIndex: undefined,
    lastDir: 0,
    lastEnd: 0,
    windowed: pkt.seq !== undefined,
  };
  const s = t.seen[0];
  s.end = segmentEnd(pkt);
  s.maxwin = pkt.window || 1;
  if (next === 'SYN_SENT') {
    s.maxend = s.end;
    noteOptions(pkt, s);
  } else {
    // Picked up mid-stream: its history is lost, so both directions are BE_LIBERAL (no window check ever fails).
    s.maxend = u32(s.end + s.maxwin);
    t.seen[0].flags = t.seen[1].flags = SACK_PERM | BE_LIBERAL;
  }
  return t;
}

/** nf_conntrack_tcp_packet() for a segment of a known (or just created) connection. */
export function tcpPacket(
  t: TcpTrack,
  dirName: 'ORIGINAL' | 'REPLY',
  pkt: Packet,
  status: { seenReply: boolean; assured: boolean },
): TcpVerdict {
  const dir = dirName === 'ORIGINAL' ? 0 : 1;
  const flags = pkt.tcpFlags ?? 0;
  const index = flagClass(flags);
  const old = t.state;
  let next = nextTcpState(old, dirName, flags);
  const windowed = t.windowed && pkt.seq !== undefined;

  if (next === 'SYN_SENT' && (old === 'TIME_WAIT' || old === 'CLOSE')) {
    // RFC 1122 4.2.2.13: a SYN may reopen a connection closed by a FIN or aborted by a RST from the same side.
    const closing = (t.seen[0].flags | t.seen[1].flags) & CLOSE_INIT;
    if (closing || (t.lastDir === dir && t.lastIndex === 'rst')) return { kind: 'reopen' };
    next = 'IGNORE';
  }
  if (next === 'IGNORE') {
    // The entry may be out of sync with the endpoints: let the segment through without learning from it.
    t.lastIndex = index;
    t.lastDir = dir;
    t.lastEnd = segmentEnd(pkt);
    return { kind: 'ignore', reason: { id: 'ignored-in-state', params: { state: old } } };
  }
  if (next === 'INVALID') return { kind: 'invalid', reason: { id: 'invalid-transition', params: { state: old } } };

  const skipWindow = next === 'CLOSE' && index === 'rst' && windowed && rstChecks(t, dir, pkt, old, status);
  if (typeof skipWindow === 'object') {
    if (skipWindow.kind === 'invalid') return skipWindow;
    next = old;
  }
  if (windowed && skipWindow !== true) {
    const res = tcpInWindow(t, dir, pkt);
    if (res) return res;
  }
  t.lastIndex = index;
  t.lastDir = dir;
  t.state = next;
  if (old !== next && next === 'FIN_WAIT') t.seen[dir]!.flags |= CLOSE_INIT;
  // Without sequence numbers a FIN still marks the side that started closing.
  if (!windowed && flags & TCP_FLAG.FIN) t.seen[dir]!.flags |= CLOSE_INIT;
  return { kind: 'accept', from: old, to: next };
}

/**
 * The TCP_CONNTRACK_CLOSE case for a RST (nf_conntrack_tcp_packet): true to skip the window check (a RST answering
 * a segment let through while unsure), an INVALID verdict for a RST before the peer's highest ack ("invalid rst"),
 * `{ kind: 'keep' }` for one inside the window but not at the expected number (the state is kept "to allow a
 * possible challenge ACK"), false otherwise.
 */
function rstChecks(
  t: TcpTrack,
  dir: 0 | 1,
  pkt: Packet,
  old: TcpState,
  status: { seenReply: boolean; assured: boolean },
): boolean | { kind: 'keep' } | Extract<TcpVerdict, { kind: 'invalid' }> {
  const peer = t.seen[1 - dir]!;
  const seq = u32(pkt.seq!);
  const established = old === 'ESTABLISHED' && status.assured;
  let keep = false;
  if (peer.flags & MAXACK_SET && t.lastIndex !== 'syn') {
    // SEQ 0 before the connection is established: most likely the answer to a SYN let through.
    if (seq === 0 && !established) return false;
    if (before(seq, peer.maxack))
      return { kind: 'invalid', reason: { id: 'invalid-rst', params: { seq, maxack: peer.maxack } } };
    if (!established || seq === peer.maxack) return false;
    // Part of a train: the RST right after this side's last data.
    if (t.lastIndex === 'ack' && t.lastDir === dir && seq === t.lastEnd) return false;
    keep = true;
  }
  const letThrough = (status.seenReply && t.lastIndex === 'syn') || (!status.assured && t.lastIndex === 'ack');
  if (letThrough && pkt.ack !== undefined && u32(pkt.ack) === t.lastEnd) return true;
  return keep ? { kind: 'keep' } : false;
}

/** Unacknowledged data on either side shortens an established entry's timeout (nf_conntrack_tcp_timeout_unacknowledged). */
export function hasUnacknowledgedData(t: TcpTrack): boolean {
  return ((t.seen[0].flags | t.seen[1].flags) & DATA_UNACKNOWLEDGED) !== 0;
}

/** tcp_in_window(): undefined when the segment is in window (the sides updated), else ignored or INVALID. */
function tcpInWindow(t: TcpTrack, dir: 0 | 1, pkt: Packet): TcpVerdict | undefined {
  const sender = t.seen[dir];
  const receiver = t.seen[1 - dir]!;
  const flags = pkt.tcpFlags ?? 0;
  const hasAck = (flags & TCP_FLAG.ACK) !== 0;
  let seq = u32(pkt.seq!);
  let ack = u32(pkt.ack ?? 0);
  let sack = ack;
  let win = pkt.window ?? 0;
  let end = segmentEnd(pkt);
  if (receiver.flags & SACK_PERM && pkt.tcpOptions?.sack?.length) {
    for (const [, right] of pkt.tcpOptions.sack) if (after(u32(right), sack)) sack = u32(right);
  }

  if (sender.maxwin === 0) {
    if (flags & TCP_FLAG.SYN) {
      initSender(sender, receiver, pkt, end, win);
      if (!hasAck) return undefined; // simultaneous open
    } else {
      // Mid-stream: take what the segment says.
      sender.end = end;
      const swin = u32(win << sender.scale);
      sender.maxwin = swin === 0 ? 1 : swin;
      sender.maxend = u32(end + sender.maxwin);
      if (receiver.maxwin === 0) receiver.end = receiver.maxend = sack;
      else if (sack === u32(receiver.end + 1)) receiver.end = u32(receiver.end + 1);
    }
  } else if (flags & TCP_FLAG.SYN && after(end, sender.end) && (t.state === 'SYN_SENT' || t.state === 'SYN_RECV')) {
    // RFC 793: a reinitialised endpoint uses higher sequence numbers: start this direction over.
    initSender(sender, receiver, pkt, end, win);
    if (dir === 1 && !hasAck) return undefined;
  }

  if (!hasAck || ((flags & (TCP_FLAG.ACK | TCP_FLAG.RST)) === (TCP_FLAG.ACK | TCP_FLAG.RST) && ack === 0)) {
    // No ACK: count it as acknowledging everything the receiver sent (also RST+ACK with ack 0, broken stacks).
    ack = sack = receiver.end;
  }
  if (flags & TCP_FLAG.RST && seq === 0 && t.state === 'SYN_SENT') seq = end = sender.end; // RST answering a SYN

  const liberal = (sender.flags & BE_LIBERAL) !== 0;
  const judge = (kind: 'ignore' | 'invalid', id: string, params: TcpReason['params']): TcpVerdict | undefined =>
    liberal ? undefined : { kind, reason: { id, params } };
  const maxAckWin = Math.max(sender.maxwin, MAXACKWINCONST);

  if (!before(seq, u32(sender.maxend + 1))) {
    const overshot = u32(end - sender.maxend + 1);
    const ackOk = after(sack, u32(receiver.end - maxAckWin - 1));
    const inRecvWin = receiver.maxwin !== 0 && after(end, u32(sender.end - receiver.maxwin - 1));
    if (inRecvWin && ackOk && overshot <= receiver.maxwin && before(sack, u32(receiver.end + 1))) {
      // A few bytes more than the window allows: remember them, ignore the segment.
      sender.end = end;
      sender.flags |= DATA_UNACKNOWLEDGED;
      const r = judge('ignore', 'seq-overshoot', { bytes: overshot });
      if (r) return r;
    } else {
      const r = judge('invalid', 'seq-over', { seq, last: sender.maxend });
      if (r) return r;
    }
  } else if (!before(sack, u32(receiver.end + 1))) {
    const r = judge('invalid', 'ack-over', { ack: sack, last: receiver.end });
    if (r) return r;
  } else if (receiver.maxwin !== 0 && !after(end, u32(sender.end - receiver.maxwin - 1))) {
    const r = judge('ignore', 'seq-under', { seq, start: u32(sender.end - receiver.maxwin) });
    if (r) return r;
  } else if (!after(sack, u32(receiver.end - maxAckWin - 1))) {
    const r = judge('ignore', 'ack-under', { ack: sack, start: u32(receiver.end - maxAckWin) });
    if (r) return r;
  }

  // In window: update both directions.
  if (!(flags & TCP_FLAG.SYN)) win = u32(win << sender.scale);
  const swin = u32(win + (sack - ack));
  if (sender.maxwin < swin) sender.maxwin = swin;
  if (after(end, sender.end)) {
    sender.end = end;
    sender.flags |= DATA_UNACKNOWLEDGED;
  }
  if (hasAck) {
    if (!(sender.flags & MAXACK_SET)) {
      sender.maxack = ack;
      sender.flags |= MAXACK_SET;
    } else if (after(ack, sender.maxack)) sender.maxack = ack;
  }
  if (receiver.maxwin !== 0 && after(end, sender.maxend))
    receiver.maxwin = u32(receiver.maxwin + (end - sender.maxend));
  if (after(u32(sack + win), u32(receiver.maxend - 1))) {
    receiver.maxend = u32(sack + win);
    if (win === 0) receiver.maxend = u32(receiver.maxend + 1);
  }
  if (ack === receiver.end) receiver.flags &= ~DATA_UNACKNOWLEDGED;
  return undefined;
}

/** tcp_init_sender(): a SYN or SYN-ACK (re)starts this direction; window scaling only if both sides offered it. */
function initSender(sender: TcpSide, receiver: TcpSide, pkt: Packet, end: number, win: number): void {
  sender.end = sender.maxend = end;
  sender.maxwin = win === 0 ? 1 : win;
  noteOptions(pkt, sender);
  if (!(sender.flags & WINDOW_SCALE && receiver.flags & WINDOW_SCALE)) sender.scale = receiver.scale = 0;
}

/**
 * The next segment a real stack would send in direction `dir` (for the packet builder's "auto" seq/ack): seq where
 * this side's data ends, ack where the other side's ends.
 */
export function nextInWindow(t: TcpTrack, dir: 'ORIGINAL' | 'REPLY'): { seq: number; ack: number } {
  const d = dir === 'ORIGINAL' ? 0 : 1;
  return { seq: t.seen[d]!.end, ack: t.seen[1 - d]!.end };
}
