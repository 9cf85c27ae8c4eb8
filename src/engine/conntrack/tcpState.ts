// TCP connection tracking states and transitions, as the kernel's nf_conntrack_proto_tcp.c keeps them
// (its tcp_conntracks table, indexed by direction, the segment's flag class and the current state).
// The window checks and the special cases around this table are in tcpWindow.ts.
import { TCP_FLAG } from '../model/packet.ts';

export const TCP_STATES = [
  'NONE',
  'SYN_SENT',
  'SYN_RECV',
  'ESTABLISHED',
  'FIN_WAIT',
  'CLOSE_WAIT',
  'LAST_ACK',
  'TIME_WAIT',
  'CLOSE',
  'SYN_SENT2',
] as const;
export type TcpState = (typeof TCP_STATES)[number];

/** A transition result: a state, 'INVALID' (the segment is invalid) or 'IGNORE' (left alone, state kept). */
type Next = TcpState | 'INVALID' | 'IGNORE';

const sSS = 'SYN_SENT',
  sSR = 'SYN_RECV',
  sES = 'ESTABLISHED',
  sFW = 'FIN_WAIT',
  sCW = 'CLOSE_WAIT',
  sLA = 'LAST_ACK',
  sTW = 'TIME_WAIT',
  sCL = 'CLOSE',
  sS2 = 'SYN_SENT2',
  sIV = 'INVALID',
  sIG = 'IGNORE';

export type FlagClass = 'syn' | 'synack' | 'fin' | 'ack' | 'rst' | 'none';

// Columns follow TCP_STATES: sNO, sSS, sSR, sES, sFW, sCW, sLA, sTW, sCL, sS2.
const ORIGINAL: Record<FlagClass, Next[]> = {
  syn: [sSS, sSS, sIG, sIG, sIG, sIG, sIG, sSS, sSS, sS2],
  synack: [sIV, sIV, sSR, sIV, sIV, sIV, sIV, sIV, sIV, sSR],
  fin: [sIV, sIV, sFW, sFW, sLA, sLA, sLA, sTW, sCL, sIV],
  ack: [sES, sIV, sES, sES, sCW, sCW, sTW, sTW, sCL, sIV],
  rst: [sIV, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL],
  none: [sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV],
};
const REPLY: Record<FlagClass, Next[]> = {
  syn: [sIV, sS2, sIV, sIV, sIV, sIV, sIV, sSS, sIV, sS2],
  synack: [sIV, sSR, sIG, sIG, sIG, sIG, sIG, sIG, sIG, sSR],
  fin: [sIV, sIV, sFW, sFW, sLA, sLA, sLA, sTW, sCL, sIV],
  ack: [sIV, sIG, sSR, sES, sCW, sCW, sTW, sTW, sCL, sIG],
  rst: [sIV, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL],
  none: [sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV],
};

/** The kernel's get_conntrack_index: RST first, then SYN (with or without ACK), FIN, ACK. */
export function flagClass(flags: number): FlagClass {
  if (flags & TCP_FLAG.RST) return 'rst';
  if (flags & TCP_FLAG.SYN) return flags & TCP_FLAG.ACK ? 'synack' : 'syn';
  if (flags & TCP_FLAG.FIN) return 'fin';
  if (flags & TCP_FLAG.ACK) return 'ack';
  return 'none';
}

const { FIN, SYN, RST, ACK, URG } = TCP_FLAG;
/** tcp_valid_flags: the flag combinations conntrack accepts at all (tcp_error ignores ECE, CWR and PSH). */
const VALID_FLAGS = new Set([SYN, SYN | URG, SYN | ACK, RST, RST | ACK, FIN | ACK, FIN | ACK | URG, ACK, ACK | URG]);

export function validTcpFlags(flags: number): boolean {
  return VALID_FLAGS.has(flags & ~(TCP_FLAG.ECE | TCP_FLAG.CWR | TCP_FLAG.PSH) & 0xff);
}

export function nextTcpState(state: TcpState, dir: 'ORIGINAL' | 'REPLY', flags: number): Next {
  const row = (dir === 'ORIGINAL' ? ORIGINAL : REPLY)[flagClass(flags)];
  return row[TCP_STATES.indexOf(state)] ?? 'INVALID';
}

/** Seconds a connection stays in the table in each state (nf_conntrack_tcp_timeout_* defaults). */
export const TCP_TIMEOUTS: Record<TcpState, number> = {
  NONE: 0,
  SYN_SENT: 120,
  SYN_RECV: 60,
  ESTABLISHED: 432000,
  FIN_WAIT: 120,
  CLOSE_WAIT: 60,
  LAST_ACK: 30,
  TIME_WAIT: 120,
  CLOSE: 10,
  SYN_SENT2: 120,
};
