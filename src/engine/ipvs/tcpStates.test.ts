// IPVS's TCP state table, checked against net/netfilter/ipvs/ip_vs_proto_tcp.c (tcp_states, tcp_state_idx and
// set_tcp_state), Linux 6.x. The rows below are the kernel's, written out as it lists them, so a transcription slip
// in tcpStates.ts shows up as a difference here.
import { describe, expect, it } from 'vitest';
import { TCP_FLAG } from '../model/packet.ts';
import { nextTcpState, TCP_STATES, type IpvsTcpState } from './tcpStates.ts';

const KERNEL_ROWS: Record<'in' | 'out', Record<'syn' | 'fin' | 'ack' | 'rst', string>> = {
  in: {
    syn: 'sSR, sES, sES, sSR, sSR, sSR, sSR, sSR, sSR, sSR, sSR',
    fin: 'sCL, sCW, sSS, sTW, sTW, sTW, sCL, sCW, sLA, sLI, sTW',
    ack: 'sCL, sES, sSS, sES, sFW, sTW, sCL, sCW, sCL, sLI, sES',
    rst: 'sCL, sCL, sCL, sSR, sCL, sCL, sCL, sCL, sLA, sLI, sSR',
  },
  out: {
    syn: 'sSS, sES, sSS, sSR, sSS, sSS, sSS, sSS, sSS, sLI, sSR',
    fin: 'sTW, sFW, sSS, sTW, sFW, sTW, sCL, sTW, sLA, sLI, sTW',
    ack: 'sES, sES, sSS, sES, sFW, sTW, sCL, sCW, sLA, sES, sES',
    rst: 'sCL, sCL, sSS, sCL, sCL, sTW, sCL, sCL, sCL, sCL, sCL',
  },
};
const SHORT: Record<string, IpvsTcpState> = {
  sNO: 'NONE',
  sES: 'ESTABLISHED',
  sSS: 'SYN_SENT',
  sSR: 'SYN_RECV',
  sFW: 'FIN_WAIT',
  sTW: 'TIME_WAIT',
  sCL: 'CLOSE',
  sCW: 'CLOSE_WAIT',
  sLA: 'LAST_ACK',
  sLI: 'LISTEN',
  sSA: 'SYNACK',
};
const FLAGS = { syn: TCP_FLAG.SYN, fin: TCP_FLAG.FIN | TCP_FLAG.ACK, ack: TCP_FLAG.ACK, rst: TCP_FLAG.RST };

describe('IPVS TCP states (ip_vs_proto_tcp.c tcp_states, no secure_tcp)', () => {
  for (const dir of ['in', 'out'] as const)
    for (const row of ['syn', 'fin', 'ack', 'rst'] as const)
      it(`${dir === 'in' ? 'INPUT' : 'OUTPUT'} ${row} row matches the kernel's`, () => {
        const want = KERNEL_ROWS[dir][row].split(', ').map((s) => SHORT[s]);
        const got = TCP_STATES.map((state) => nextTcpState(state, FLAGS[row], dir));
        expect(got).toEqual(want);
      });

  it('tcp_state_idx: RST wins over SYN, SYN over FIN, FIN over ACK', () => {
    expect(nextTcpState('ESTABLISHED', TCP_FLAG.RST | TCP_FLAG.SYN, 'in')).toBe('CLOSE');
    expect(nextTcpState('NONE', TCP_FLAG.SYN | TCP_FLAG.FIN, 'in')).toBe('SYN_RECV');
    expect(nextTcpState('ESTABLISHED', TCP_FLAG.FIN | TCP_FLAG.ACK, 'in')).toBe('CLOSE_WAIT');
  });

  it('set_tcp_state: a segment with none of RST, SYN, FIN, ACK leaves new_state at its initial CLOSE', () => {
    expect(nextTcpState('ESTABLISHED', TCP_FLAG.PSH, 'in')).toBe('CLOSE');
    expect(nextTcpState('ESTABLISHED', 0, 'out')).toBe('CLOSE');
  });

  it('a client handshake seen by the director: SYN → SYN_RECV, SYN-ACK out → SYN_RECV, ACK in → ESTABLISHED', () => {
    let s = nextTcpState('NONE', TCP_FLAG.SYN, 'in');
    expect(s).toBe('SYN_RECV');
    s = nextTcpState(s, TCP_FLAG.SYN | TCP_FLAG.ACK, 'out');
    expect(s).toBe('SYN_RECV');
    expect(nextTcpState(s, TCP_FLAG.ACK, 'in')).toBe('ESTABLISHED');
  });
});
