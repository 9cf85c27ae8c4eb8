import { describe, expect, it } from 'vitest';
import { buildHost } from '../host/host.ts';
import { parseIPv4 } from '../net/ipv4.ts';
import { TCP_FLAG, type Packet } from '../model/packet.ts';
import { icmpError, rejectReply } from './replies.ts';

const { host } = buildHost(undefined);
const ip = (a: string) => parseIPv4(a)!;
const segment = (over: Partial<Packet>): Packet => ({
  proto: 6,
  src: ip('10.0.1.2'),
  dst: ip('10.0.1.1'),
  sport: 41000,
  dport: 22,
  tcpFlags: TCP_FLAG.SYN,
  length: 40,
  tos: 0,
  ttl: 64,
  mark: 0,
  fragment: false,
  ...over,
});

describe('REJECT --reject-with tcp-reset: nf_reject_ip_tcphdr_put()', () => {
  it('answers a SYN (no ACK) with RST+ACK, seq 0 and ack = its seq + 1, window 0', () => {
    const rst = rejectReply(host, segment({ seq: 1000, ack: 0 }), 'tcp-reset')!;
    expect(rst.tcpFlags).toBe(TCP_FLAG.RST | TCP_FLAG.ACK);
    expect([rst.seq, rst.ack, rst.window]).toEqual([0, 1001, 0]);
  });

  it('counts the payload and FIN in the ack of a segment without ACK', () => {
    const rst = rejectReply(host, segment({ tcpFlags: TCP_FLAG.FIN, seq: 5, length: 50 }), 'tcp-reset')!;
    expect(rst.ack).toBe(5 + 1 + 10);
  });

  it('answers a segment with ACK with a bare RST whose seq is that ack', () => {
    const rst = rejectReply(host, segment({ tcpFlags: TCP_FLAG.ACK, seq: 0, ack: 1 }), 'tcp-reset')!;
    expect(rst.tcpFlags).toBe(TCP_FLAG.RST);
    expect([rst.seq, rst.ack]).toEqual([1, 0]);
  });

  it('sends no RST about a RST', () => {
    expect(rejectReply(host, segment({ tcpFlags: TCP_FLAG.RST }), 'tcp-reset')).toBeUndefined();
  });
});

describe('ICMP errors: icmp_send()', () => {
  it('sets TOS to the original low bits | 0xc0 (IPTOS_PREC_INTERNETCONTROL)', () => {
    expect(icmpError(host, segment({ tos: 0x10 }), 3, 3)!.tos).toBe(0xd0);
    expect(icmpError(host, segment({ tos: 0 }), 3, 3)!.tos).toBe(0xc0);
  });

  it('quotes the original up to 548 bytes: length 28 + min(length, 548)', () => {
    expect(icmpError(host, segment({ length: 29 }), 3, 3)!.length).toBe(57);
    expect(icmpError(host, segment({ length: 1500 }), 3, 3)!.length).toBe(576);
  });

  it('quotes an echo with its identifier, which makes it RELATED to the ping', () => {
    const echo: Packet = { ...segment({}), proto: 1, icmpType: 8, icmpCode: 0, icmpId: 4660, icmpSeq: 1 };
    delete echo.sport;
    delete echo.dport;
    delete echo.tcpFlags;
    expect(icmpError(host, echo, 3, 1)!.inner).toMatchObject({ proto: 1, icmpType: 8, icmpId: 4660, icmpSeq: 1 });
  });
});
