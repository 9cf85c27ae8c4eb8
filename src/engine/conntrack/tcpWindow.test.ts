import { describe, expect, it } from 'vitest';
import { TCP_FLAG, type Packet } from '../model/packet.ts';
import { parseIPv4 } from '../net/ipv4.ts';
import { ConntrackTable, type CtLookup } from './table.ts';

const { SYN, ACK, RST, PSH } = TCP_FLAG;
const CLIENT = parseIPv4('10.0.1.2')!;
const SERVER = parseIPv4('10.0.2.2')!;

/** A segment of one flow: client → server unless `reply`, with `data` bytes of payload. */
function seg(flags: number, seq: number, ack: number, opts: { reply?: boolean; data?: number; window?: number } = {}) {
  const pkt: Packet = {
    proto: 6,
    src: opts.reply ? SERVER : CLIENT,
    dst: opts.reply ? CLIENT : SERVER,
    sport: opts.reply ? 80 : 42000,
    dport: opts.reply ? 42000 : 80,
    tcpFlags: flags,
    seq,
    ack,
    window: opts.window ?? 64240,
    length: 40 + (opts.data ?? 0),
    tos: 0,
    ttl: 64,
    mark: 0,
    fragment: false,
  };
  return pkt;
}

const ISS = 922670243;
/** A table after the handshake SYN 1000 / SYN-ACK ISS / ACK, every entry confirmed as the tracer would. */
function established(): { table: ConntrackTable; send: (p: Packet) => CtLookup } {
  const table = new ConntrackTable();
  const send = (p: Packet) => {
    const r = table.track(p, 0);
    if (r.kind === 'tracked') table.confirm(r.attach.conn);
    return r;
  };
  send(seg(SYN, 1000, 0));
  send(seg(SYN | ACK, ISS, 1001, { reply: true }));
  send(seg(ACK, 1001, ISS + 1));
  return { table, send };
}

const verdict = (r: CtLookup) => (r.kind === 'invalid' ? `INVALID ${r.explain.id}` : r.attach.state);

describe('nf_conntrack_proto_tcp.c tcp_in_window()', () => {
  it('an ACK for data the server never sent is INVALID ("ACK is over upper bound")', () => {
    const { send } = established();
    expect(verdict(send(seg(ACK, 1001, ISS + 100000001)))).toBe('INVALID trace.conntrack.tcp.ack-over');
  });

  it('an ACK far below the window is ignored, not INVALID ("ignored ACK under lower bound", kernel ≥ 6.1)', () => {
    const { send } = established();
    const r = send(seg(ACK, 1001, ISS - 199999));
    expect(verdict(r)).toBe('ESTABLISHED');
    expect(r.kind === 'tracked' && r.explain.id).toBe('trace.conntrack.tcp.ack-under');
  });

  it('data from 100000 bytes back is ignored ("SEQ is under lower bound"), data past the window is INVALID', () => {
    const { send } = established();
    expect(verdict(send(seg(PSH | ACK, 1001, ISS + 1, { data: 5 })))).toBe('ESTABLISHED');
    const old = send(seg(PSH | ACK, (1006 - 100000) >>> 0, ISS + 1, { data: 3 }));
    expect(old.kind === 'tracked' && old.explain).toMatchObject({ id: 'trace.conntrack.tcp.seq-under' });
    expect(verdict(send(seg(PSH | ACK, 1006 + 300000, ISS + 1, { data: 3 })))).toBe(
      'INVALID trace.conntrack.tcp.seq-over',
    );
  });

  it('explains an old retransmission with the window it misses', () => {
    const { send } = established();
    const r = send(seg(PSH | ACK, 1000 - 70000, ISS + 1, { data: 3 }));
    expect(r.kind === 'tracked' && r.explain.params).toMatchObject({ start: (1001 - 64240) >>> 0 });
  });
});

describe('nf_conntrack_tcp_packet(): RSTs and SYNs on a known connection', () => {
  it('a RST far outside the window is INVALID and the entry stays ESTABLISHED', () => {
    const { table, send } = established();
    expect(verdict(send(seg(RST, 300001001, 0)))).toBe('INVALID trace.conntrack.tcp.seq-over');
    expect(table.entries()[0]!.tcpState).toBe('ESTABLISHED');
  });

  it('a RST before the peer\'s highest ack is an "invalid rst"; one in window but not exact keeps the state', () => {
    const { table, send } = established();
    send(seg(ACK, ISS + 1, 1001, { reply: true }));
    expect(verdict(send(seg(RST, 500, 0)))).toBe('INVALID trace.conntrack.tcp.invalid-rst');
    expect(verdict(send(seg(RST, 2001, 0)))).toBe('ESTABLISHED');
    expect(table.entries()[0]!.tcpState).toBe('ESTABLISHED');
  });

  it('the exact RST closes the entry; a new SYN from the same side then starts a NEW connection', () => {
    const { table, send } = established();
    send(seg(ACK, ISS + 1, 1001, { reply: true }));
    const first = table.entries()[0]!;
    expect(verdict(send(seg(RST, 1001, 0)))).toBe('ESTABLISHED');
    expect(first.tcpState).toBe('CLOSE');
    const again = send(seg(SYN, 90000, 0));
    expect(again.kind === 'tracked' && again.attach.state).toBe('NEW');
    expect(again.kind === 'tracked' && again.attach.conn).not.toBe(first);
  });

  it('a retransmitted SYN in SYN_SENT is still NEW on the same entry', () => {
    const table = new ConntrackTable();
    const a = table.track(seg(SYN, 1000, 0), 0);
    if (a.kind === 'tracked') table.confirm(a.attach.conn);
    const b = table.track(seg(SYN, 1000, 0), 0);
    expect(b.kind === 'tracked' && [b.attach.state, b.attach.conn === (a.kind === 'tracked' && a.attach.conn)]).toEqual(
      ['NEW', true],
    );
  });

  it('a SYN with a new sequence number on an ESTABLISHED entry is ignored, not INVALID', () => {
    const { send } = established();
    const r = send(seg(SYN, 5000, 0));
    expect(r.kind === 'tracked' && [r.attach.state, r.explain.id]).toEqual([
      'ESTABLISHED',
      'trace.conntrack.tcp.ignored-in-state',
    ]);
  });

  it('without seq/ack (a packet described without them) segments are judged on flags and state alone', () => {
    const table = new ConntrackTable();
    const bare = (p: Packet) => {
      delete p.seq;
      delete p.ack;
      const r = table.track(p, 0);
      if (r.kind === 'tracked') table.confirm(r.attach.conn);
      return verdict(r);
    };
    expect([bare(seg(SYN, 0, 0)), bare(seg(SYN | ACK, 0, 0, { reply: true })), bare(seg(ACK, 0, 0))]).toEqual([
      'NEW',
      'ESTABLISHED',
      'ESTABLISHED',
    ]);
  });
});
