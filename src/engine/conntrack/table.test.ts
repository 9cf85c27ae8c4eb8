import { describe, expect, it } from 'vitest';
import { TCP_FLAG, type Packet } from '../model/packet.ts';
import { parseIPv4 } from '../net/ipv4.ts';
import { ConntrackTable } from './table.ts';

const ip = (s: string) => parseIPv4(s)!;
const { SYN, ACK, FIN, RST } = TCP_FLAG;

function tcp(src: string, sport: number, dst: string, dport: number, flags: number): Packet {
  return {
    proto: 6,
    src: ip(src),
    dst: ip(dst),
    sport,
    dport,
    tcpFlags: flags,
    length: 40,
    tos: 0,
    ttl: 64,
    mark: 0,
    fragment: false,
  };
}
function udp(src: string, sport: number, dst: string, dport: number): Packet {
  return { proto: 17, src: ip(src), dst: ip(dst), sport, dport, length: 28, tos: 0, ttl: 64, mark: 0, fragment: false };
}
function icmp(src: string, dst: string, type: number, id: number, inner?: Packet['inner']): Packet {
  const p: Packet = {
    proto: 1,
    src: ip(src),
    dst: ip(dst),
    icmpType: type,
    icmpCode: type === 3 ? 3 : 0,
    icmpId: id,
    length: 28,
    tos: 0,
    ttl: 64,
    mark: 0,
    fragment: false,
  };
  if (inner) p.inner = inner;
  return p;
}

/** Tracks and confirms, as a packet that passes all its hooks. */
function pass(table: ConntrackTable, pkt: Packet) {
  const r = table.track(pkt, 0);
  if (r.kind === 'tracked') table.confirm(r.attach.conn);
  return r;
}

describe('conntrack states (nf_conntrack_in)', () => {
  it('follows a TCP handshake: NEW, then ESTABLISHED both ways, ASSURED after the final ACK', () => {
    const t = new ConntrackTable();
    const syn = pass(t, tcp('10.0.1.2', 40000, '10.0.2.2', 80, SYN));
    expect(syn.kind === 'tracked' && syn.attach.state).toBe('NEW');
    const synAck = pass(t, tcp('10.0.2.2', 80, '10.0.1.2', 40000, SYN | ACK));
    expect(synAck.kind === 'tracked' && [synAck.attach.state, synAck.attach.dir]).toEqual(['ESTABLISHED', 'REPLY']);
    const ack = pass(t, tcp('10.0.1.2', 40000, '10.0.2.2', 80, ACK));
    expect(ack.kind === 'tracked' && ack.attach.state).toBe('ESTABLISHED');
    const conn = t.entries()[0]!;
    expect([...conn.status].sort()).toEqual(['ASSURED', 'CONFIRMED', 'SEEN_REPLY']);
    expect(conn.tcpState).toBe('ESTABLISHED');
  });

  it('picks up a lone ACK as NEW but finds FIN, RST, SYN+FIN and flagless segments INVALID (kernel cases f08/f09)', () => {
    const t = new ConntrackTable();
    expect(t.track(tcp('10.0.1.2', 1, '10.0.2.2', 80, ACK), 0).kind).toBe('tracked');
    for (const flags of [FIN, RST, SYN | FIN, 0, FIN | ACK, RST | ACK]) {
      expect(t.track(tcp('10.0.1.2', 2, '10.0.2.2', 80, flags), 0).kind).toBe('invalid');
    }
  });

  it('keeps nothing of a first packet that was never confirmed (dropped before its last hook)', () => {
    const t = new ConntrackTable();
    t.track(udp('10.0.1.2', 5000, '10.0.2.2', 53), 0);
    const again = t.track(udp('10.0.1.2', 5000, '10.0.2.2', 53), 0);
    expect(again.kind === 'tracked' && again.attach.state).toBe('NEW');
    expect(t.entries()).toEqual([]);
  });

  it('tracks UDP: NEW until a reply is seen, then ESTABLISHED; an unrelated packet from the server is NEW', () => {
    const t = new ConntrackTable();
    pass(t, udp('10.0.1.2', 5000, '10.0.2.2', 53));
    const again = pass(t, udp('10.0.1.2', 5000, '10.0.2.2', 53));
    expect(again.kind === 'tracked' && again.attach.state).toBe('NEW');
    const reply = pass(t, udp('10.0.2.2', 53, '10.0.1.2', 5000));
    expect(reply.kind === 'tracked' && reply.attach.state).toBe('ESTABLISHED');
    const other = t.track(udp('10.0.2.2', 53, '10.0.1.2', 5001), 0);
    expect(other.kind === 'tracked' && other.attach.state).toBe('NEW');
  });

  it('keys ICMP echo on its identifier: the matching reply is ESTABLISHED, another id is INVALID (f30)', () => {
    const t = new ConntrackTable();
    pass(t, icmp('10.0.1.2', '10.0.2.2', 8, 300));
    const reply = t.track(icmp('10.0.2.2', '10.0.1.2', 0, 300), 0);
    expect(reply.kind === 'tracked' && reply.attach.state).toBe('ESTABLISHED');
    expect(t.track(icmp('10.0.2.2', '10.0.1.2', 0, 301), 0).kind).toBe('invalid');
  });

  it('makes an ICMP error RELATED to the flow of the header it carries, INVALID otherwise (f25)', () => {
    const t = new ConntrackTable();
    pass(t, udp('10.0.1.2', 41251, '10.0.2.2', 5353));
    const inner = { proto: 17, src: ip('10.0.1.2'), dst: ip('10.0.2.2'), sport: 41251, dport: 5353 };
    const related = t.track(icmp('10.0.2.2', '10.0.1.2', 3, 0, inner), 0);
    expect(related.kind === 'tracked' && [related.attach.state, related.attach.dir]).toEqual(['RELATED', 'REPLY']);
    expect(t.track(icmp('10.0.2.2', '10.0.1.2', 3, 0, { ...inner, sport: 41252 }), 0).kind).toBe('invalid');
  });

  it('forgets a connection whose only reply is a RST (tcp_packet)', () => {
    const t = new ConntrackTable();
    pass(t, tcp('10.0.1.2', 40000, '10.0.2.2', 80, SYN));
    pass(t, tcp('10.0.2.2', 80, '10.0.1.2', 40000, RST | ACK));
    expect(t.entries()).toEqual([]);
  });

  it('separates zones', () => {
    const t = new ConntrackTable();
    const a = t.track(udp('10.0.1.2', 5000, '10.0.2.2', 53), 0);
    if (a.kind === 'tracked') t.confirm(a.attach.conn);
    const b = t.track(udp('10.0.2.2', 53, '10.0.1.2', 5000), 7);
    expect(b.kind === 'tracked' && b.attach.state).toBe('NEW');
  });
});

describe('timeouts', () => {
  it('keeps UDP for 30 s until it is a stream (both ways, still active after 2 s), then 120 s and ASSURED', () => {
    const t = new ConntrackTable();
    pass(t, udp('10.0.1.2', 5000, '10.0.2.2', 53));
    t.now = 1;
    pass(t, udp('10.0.2.2', 53, '10.0.1.2', 5000));
    expect(t.entries()[0]!.status.has('ASSURED')).toBe(false);
    t.now = 30;
    const stream = t.track(udp('10.0.1.2', 5000, '10.0.2.2', 53), 0);
    expect(stream.kind === 'tracked' && stream.attach.conn.status.has('ASSURED')).toBe(true);
    expect(stream.kind === 'tracked' && stream.attach.conn.expires).toBe(120);
    t.now = 30 + 121;
    const gone = t.track(udp('10.0.1.2', 5000, '10.0.2.2', 53), 0);
    expect(gone.kind === 'tracked' && gone.attach.state).toBe('NEW');
    expect(t.entries()).toEqual([]);
  });

  it('forgets an unreplied UDP entry after 30 s (nf_conntrack_udp_timeout)', () => {
    const t = new ConntrackTable();
    pass(t, udp('10.0.1.2', 5000, '10.0.2.2', 53));
    t.now = 31;
    const again = t.track(udp('10.0.1.2', 5000, '10.0.2.2', 53), 0);
    expect(again.kind === 'tracked' && again.attach.conn.id).not.toBe(1);
  });
});

describe('TCP teardown and reopening', () => {
  it('a new SYN after FINs closed the connection starts a NEW entry (RFC 1122 TIME-WAIT reopen)', () => {
    const t = new ConntrackTable();
    pass(t, tcp('10.0.1.2', 40000, '10.0.2.2', 80, SYN));
    pass(t, tcp('10.0.2.2', 80, '10.0.1.2', 40000, SYN | ACK));
    pass(t, tcp('10.0.1.2', 40000, '10.0.2.2', 80, ACK));
    pass(t, tcp('10.0.1.2', 40000, '10.0.2.2', 80, FIN | ACK));
    pass(t, tcp('10.0.2.2', 80, '10.0.1.2', 40000, FIN | ACK));
    pass(t, tcp('10.0.1.2', 40000, '10.0.2.2', 80, ACK));
    expect(t.entries()[0]!.tcpState).toBe('TIME_WAIT');
    const again = t.track(tcp('10.0.1.2', 40000, '10.0.2.2', 80, SYN), 0);
    expect(again.kind === 'tracked' && [again.attach.state, again.attach.conn.tcpState]).toEqual(['NEW', 'SYN_SENT']);
  });

  it('ignores PSH when checking the flag combination (tcp_error)', () => {
    const t = new ConntrackTable();
    expect(t.track(tcp('10.0.1.2', 1, '10.0.2.2', 80, SYN | TCP_FLAG.PSH), 0).kind).toBe('tracked');
    expect(t.track(tcp('10.0.1.2', 2, '10.0.2.2', 80, FIN | TCP_FLAG.PSH), 0).kind).toBe('invalid');
  });
});
