// IPVS's own TCP state machine for NAT connections (net/netfilter/ipvs/ip_vs_proto_tcp.c, tcp_states and
// tcp_timeouts; no secure_tcp). It is separate from conntrack's: a connection counts as "active" for lc/wlc only
// while ESTABLISHED (set_tcp_state moves it between dest->activeconns and dest->inactconns).
import { TCP_FLAG } from '../model/packet.ts';

export const TCP_STATES = [
  'NONE',
  'ESTABLISHED',
  'SYN_SENT',
  'SYN_RECV',
  'FIN_WAIT',
  'TIME_WAIT',
  'CLOSE',
  'CLOSE_WAIT',
  'LAST_ACK',
  'LISTEN',
  'SYNACK',
] as const;
export type IpvsTcpState = (typeof TCP_STATES)[number];

/** tcp_timeouts, in seconds. */
export const TCP_TIMEOUTS: Record<IpvsTcpState, number> = {
  NONE: 2,
  ESTABLISHED: 15 * 60,
  SYN_SENT: 2 * 60,
  SYN_RECV: 60,
  FIN_WAIT: 2 * 60,
  TIME_WAIT: 2 * 60,
  CLOSE: 10,
  CLOSE_WAIT: 60,
  LAST_ACK: 30,
  LISTEN: 2 * 60,
  SYNACK: 2 * 60,
};
/** udp_timeouts[IP_VS_UDP_S_NORMAL] (ip_vs_proto_udp.c). */
export const UDP_TIMEOUT = 5 * 60;

const [NO, ES, SS, SR, FW, TW, CL, CW, LA, LI, SA] = TCP_STATES;
// Rows syn, fin, ack, rst; columns in TCP_STATES order. INPUT: client → virtual service; OUTPUT: real server → client.
const INPUT: IpvsTcpState[][] = [
  [SR, ES, ES, SR, SR, SR, SR, SR, SR, SR, SR],
  [CL, CW, SS, TW, TW, TW, CL, CW, LA, LI, TW],
  [CL, ES, SS, ES, FW, TW, CL, CW, CL, LI, ES],
  [CL, CL, CL, SR, CL, CL, CL, CL, LA, LI, SR],
];
const OUTPUT: IpvsTcpState[][] = [
  [SS, ES, SS, SR, SS, SS, SS, SS, SS, LI, SR],
  [TW, FW, SS, TW, FW, TW, CL, TW, LA, LI, TW],
  [ES, ES, SS, ES, FW, TW, CL, CW, LA, ES, ES],
  [CL, CL, SS, CL, CL, TW, CL, CL, CL, CL, CL],
];
void NO;
void SA;

/**
 * tcp_state_idx: RST first, then SYN, FIN, ACK. A segment with none of them has no row, and set_tcp_state then
 * keeps its initial new_state, IP_VS_TCP_S_CLOSE: such a segment closes the connection.
 */
function flagRow(flags: number): number {
  if (flags & TCP_FLAG.RST) return 3;
  if (flags & TCP_FLAG.SYN) return 0;
  if (flags & TCP_FLAG.FIN) return 1;
  if (flags & TCP_FLAG.ACK) return 2;
  return -1;
}

export function nextTcpState(state: IpvsTcpState, flags: number, dir: 'in' | 'out'): IpvsTcpState {
  const row = flagRow(flags);
  if (row < 0) return 'CLOSE';
  return (dir === 'in' ? INPUT : OUTPUT)[row]![TCP_STATES.indexOf(state)]!;
}
