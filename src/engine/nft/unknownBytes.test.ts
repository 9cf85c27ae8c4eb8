// A field the packet gives no value for, in two kinds: the packet lacks it (nft.absent: the rule does not match, as in
// the kernel), or the packet has those bytes and the lab does not model them (nft.unknown). The kernel's payload
// expression on a header the packet has always loads the bytes (net/netfilter/nft_payload.c nft_payload_eval: it gives
// up only on a transport header of a later fragment, on bytes past the packet's end — skb_copy_bits fails — or on a
// link-layer header a packet has not been given yet), so there the lab cannot say whether the rule matches.
import { describe, expect, it } from 'vitest';
import type { Explanation } from '../ext/types.ts';
import { parseNft } from './index.ts';
import { evalCtx, packetRun, runRule, testPacket } from './testEval.ts';

const ICMP_ECHO = { proto: 1, sport: undefined, dport: undefined, icmpType: 8, icmpCode: 0, length: 84 };
const ESP = { proto: 50, sport: undefined, dport: undefined, length: 80 };

/** The explanation of the statement that stopped the rule. */
function why(rule: string, over: Parameters<typeof packetRun>[1] = {}): Explanation | undefined {
  const { outcomes } = packetRun(rule, over);
  const last = outcomes[outcomes.length - 1]!;
  expect(last.kind).toBe('break');
  return last.explain;
}

describe('a header the packet has, bytes the lab does not know: nft.unknown, and the rule stops', () => {
  it('an ICMP checksum (th dport, icmp checksum, @th,16,16): every ICMP message has one', () => {
    const cases: [string, string][] = [
      ['icmp checksum 5 accept', 'icmp checksum'],
      ['th dport 5 accept', 'th dport'],
      // payload_init_raw: the 16 bits at 16 are `th dport`.
      ['@th,16,16 5 accept', 'th dport'],
      ['icmp checksum != 5', 'icmp checksum'],
    ];
    for (const [rule, expr] of cases)
      expect([rule, why(rule, ICMP_ECHO)]).toEqual([rule, { id: 'nft.unknown', params: { expr }, matched: false }]);
  });

  it('an ESP SPI and sequence number, an SCTP verification tag, a TCP sequence number (raw)', () => {
    expect(why('esp spi 256 accept', ESP)).toMatchObject({ id: 'nft.unknown', params: { expr: 'esp spi' } });
    expect(why('esp sequence 1 accept', ESP)).toMatchObject({ id: 'nft.unknown', params: { expr: 'esp sequence' } });
    expect(why('th sport 5 accept', ESP)).toMatchObject({ id: 'nft.unknown', params: { expr: 'th sport' } });
    expect(why('sctp vtag 1 accept', { proto: 132 })).toMatchObject({ id: 'nft.unknown' });
    expect(why('@th,32,32 1 accept')).toMatchObject({ id: 'nft.unknown', params: { expr: '@th,32,32' } });
  });

  it('the IPv4 identification and checksum (@nh): every IPv4 header has them', () => {
    expect(why('@nh,32,16 0 accept')).toMatchObject({ id: 'nft.unknown', params: { expr: '@nh,32,16' } });
    expect(why('@nh,80,16 0 accept')).toMatchObject({ id: 'nft.unknown' });
  });

  it('in a set lookup, a verdict map and a map the mark is taken from, named by the field that has no value', () => {
    expect(why('icmp checksum { 1, 2 } accept', ICMP_ECHO)).toMatchObject({
      id: 'nft.unknown',
      params: { expr: 'icmp checksum' },
    });
    expect(why('ip saddr . th dport vmap { 10.0.1.2 . 5 : accept }', ICMP_ECHO)).toMatchObject({
      id: 'nft.unknown',
      params: { expr: 'th dport' },
    });
    expect(why('meta mark set esp spi map { 1 : 2 }', ESP)).toMatchObject({ id: 'nft.unknown' });
    expect(why('meta mark set th dport', ICMP_ECHO)).toMatchObject({ id: 'nft.unknown' });
  });

  it('a mask names the field, not the masked value', () => {
    expect(why('th dport & 0xff == 5 accept', ICMP_ECHO)).toMatchObject({
      id: 'nft.unknown',
      params: { expr: 'th dport' },
    });
  });
});

describe('a field the packet really lacks: nft.absent, and the rule does not match (as in the kernel)', () => {
  it('a tcp field on a UDP packet, an esp field on a TCP packet', () => {
    expect(why('tcp dport 80 accept', { proto: 17 })).toEqual({
      id: 'nft.absent',
      params: { expr: 'tcp dport' },
      matched: false,
    });
    expect(why('esp spi 1 accept')).toMatchObject({ id: 'nft.absent', params: { expr: 'esp spi' } });
    expect(why('tcp dport { 22, 80 } accept', { proto: 17 })).toMatchObject({ id: 'nft.absent' });
    expect(why('ip saddr . tcp dport vmap { 10.0.1.2 . 80 : accept }', { proto: 17 })).toMatchObject({
      id: 'nft.absent',
      params: { expr: 'tcp dport' },
    });
  });

  it('bytes past the end of the packet (skb_copy_bits fails)', () => {
    // A 28-byte ICMP message: 20 bytes of IPv4 header and 8 of ICMP; bits 64… of its header are not there.
    expect(why('@th,64,16 0 accept', { ...ICMP_ECHO, length: 28 })).toMatchObject({ id: 'nft.absent' });
    expect(why('@th,32,16 0 accept', { ...ICMP_ECHO, length: 28 })).toMatchObject({ id: 'nft.unknown' });
    expect(why('@nh,160,16 0 accept', { ...ICMP_ECHO, length: 20 })).toMatchObject({ id: 'nft.absent' });
  });

  it('a transport header of a later fragment (pkt->fragoff)', () => {
    expect(why('th dport 5 accept', { ...ICMP_ECHO, fragment: true })).toMatchObject({ id: 'nft.absent' });
  });

  it('the link layer of a packet this host sends (no MAC header yet); one that came in has one', () => {
    const sent = runRule('@ll,0,8 0 accept', testPacket(), { hook: 'output', inIface: undefined });
    expect(sent[0]!.explain).toMatchObject({ id: 'nft.absent', params: { expr: '@ll,0,8' } });
    expect(why('@ll,0,8 0 accept')).toMatchObject({ id: 'nft.unknown' });
  });
});

describe('bytes the lab knows are compared, as the kernel does', () => {
  it('the ports of UDP-Lite and DCCP (the packet carries them), the identifier of an ICMP echo', () => {
    const last = (rule: string, over: Parameters<typeof packetRun>[1]) => packetRun(rule, over).outcomes.at(-1)!.kind;
    expect(last('udplite dport 80 accept', { proto: 136 })).toBe('verdict');
    expect(last('th dport 80 accept', { proto: 33 })).toBe('verdict');
    expect(last('dccp sport 40000 accept', { proto: 33 })).toBe('verdict');
    expect(last('@th,32,16 7 accept', { ...ICMP_ECHO, icmpId: 7 })).toBe('verdict');
  });

  it('the IPv4 header the lab models (no options), and what it tracks of TCP and UDP', () => {
    const last = (rule: string, over: Parameters<typeof packetRun>[1] = {}) =>
      packetRun(rule, over).outcomes.at(-1)!.kind;
    expect(last('ip version 4 ip hdrlength 5 accept')).toBe('verdict');
    expect(last('ip ecn ce ip dscp ef accept', { tos: 0xbb })).toBe('verdict');
    expect(last('tcp sequence 100 tcp ackseq 7 tcp window 512 accept', { seq: 100, ack: 7, window: 512 })).toBe(
      'verdict',
    );
    expect(last('udp length 20 accept', { proto: 17, length: 40 })).toBe('verdict');
    expect(why('tcp sequence 100 accept')).toMatchObject({ id: 'nft.unknown', params: { expr: 'tcp sequence' } });
    expect(why('ip id 1 accept')).toMatchObject({ id: 'nft.unknown', params: { expr: 'ip id' } });
    expect(why('ip frag-off & 0x1fff != 0 accept')).toMatchObject({
      id: 'nft.unknown',
      params: { expr: 'ip frag-off' },
    });
    expect(why('tcp checksum 1 accept')).toMatchObject({ id: 'nft.unknown' });
    expect(why('udp checksum 1 accept', { proto: 17 })).toMatchObject({ id: 'nft.unknown' });
    expect(why('tcp window 1 accept', { proto: 17 })).toMatchObject({ id: 'nft.absent' });
  });

  it('a numgen key is read once per packet, even when its map holds no element (one count, one draw)', () => {
    const parsed = parseNft(
      'table ip t {\n chain c { type filter hook forward priority 0;\n meta mark set numgen inc mod 4 map { 0 : 1, 2 : 1 }\n }\n}',
    );
    const stmt = parsed.ruleset.tables[0]!.chains.get('c')!.rules[0]!.stmts[0]!;
    const e = evalCtx(testPacket());
    const kinds = [0, 1, 2, 3].map(() => stmt.exec(e));
    // 0 and 2 are in the map, 1 and 3 are not: the explanation names the counter's own value.
    expect(kinds.map((o) => o.kind)).toEqual(['next', 'break', 'next', 'break']);
    expect(kinds[1]!.explain).toMatchObject({ id: 'nft.set-miss', params: { value: '1' } });
    expect(kinds[3]!.explain).toMatchObject({ id: 'nft.set-miss', params: { value: '3' } });
  });
});
