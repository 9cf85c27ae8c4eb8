import { describe, expect, it } from 'vitest';
import { autoTcpNumbers } from './tcpNumbers.ts';
import type { PacketSpec } from './types.ts';

const c = (over: Partial<PacketSpec>): PacketSpec => ({
  in: 'eth0',
  proto: 'tcp',
  src: '192.168.1.50',
  sport: 51000,
  dst: '198.51.100.80',
  dport: 80,
  ...over,
});
const s = (over: Partial<PacketSpec>): PacketSpec => ({
  in: 'eth1',
  proto: 'tcp',
  src: '198.51.100.80',
  sport: 80,
  dst: '203.0.113.5',
  dport: 51000,
  ...over,
});

describe('auto seq/ack: the next in-window numbers a real stack sends (RFC 793 3.3, SYN and FIN count one)', () => {
  const flow = [
    c({ tcpFlags: ['SYN'] }),
    s({ tcpFlags: ['SYN', 'ACK'] }),
    c({ tcpFlags: ['ACK'] }),
    c({ tcpFlags: ['PSH', 'ACK'], length: 140 }),
    s({ tcpFlags: ['ACK'] }),
  ];

  it('numbers a handshake and data from the initial sequence numbers', () => {
    expect(flow.map((_, i) => autoTcpNumbers(flow, i))).toEqual([
      { seq: 1000, ack: 0 },
      { seq: 5000, ack: 1001 },
      { seq: 1001, ack: 5001 },
      { seq: 1001, ack: 5001 },
      { seq: 5001, ack: 1101 },
    ]);
  });

  it('follows numbers the packets already carry', () => {
    const given = [
      c({ tcpFlags: ['SYN'], seq: 7 }),
      s({ tcpFlags: ['SYN', 'ACK'], seq: 900 }),
      c({ tcpFlags: ['ACK'] }),
    ];
    expect(autoTcpNumbers(given, 2)).toEqual({ seq: 8, ack: 901 });
  });

  it('has nothing for a packet that is not TCP', () => {
    expect(autoTcpNumbers([c({ proto: 'udp' })], 0)).toBeUndefined();
  });
});
