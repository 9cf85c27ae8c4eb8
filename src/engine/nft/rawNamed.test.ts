// Raw payloads (`@th,16,16`, `@nh,72,8`, `@ll,96,16`) as nft lists them. The kernel keeps a base, an offset and a
// length, not a name: nft 1.0.6 lists the bits by the field of the protocol in context that lies there (nftables
// src/payload.c payload_init_raw: 16 bits at 0 or 16 of the transport header are `th sport`/`th dport`;
// payload_expr_complete, payload_expr_expand, payload_expr_trim), drops the dependency a named field makes redundant,
// and leaves raw what no field names. Each expected line is what nft 1.0.6 listed (`nft list ruleset`, `nft -j list
// ruleset`) after `nft -f` of the written line in a throw-away network namespace
// (scripts/nft-rulesets/raw-payload-named.nft holds them all).
import { describe, expect, it } from 'vitest';
import { parseNft, printRuleset } from './index.ts';
import { printNftJson } from './json/write.ts';
import type { StmtOutcome } from './model.ts';
import { listedRules, runRule, testPacket } from './testEval.ts';

/** `family`'s listing of each written rule, read back to itself (listedRules). */
const listed = (family: string, written: string[]) => listedRules(family, written);

/** The listing of each written rule, not read back. */
const listedOnce = (family: string, written: string[]) =>
  printRuleset(parseNft(`table ${family} t {\n chain c {\n${written.join('\n')}\n }\n}`).ruleset)
    .split('\n')
    .filter((l) => l.startsWith('\t\t'))
    .map((l) => l.trim().replace('counter packets 0 bytes 0', 'counter'));

/**
 * The listing of each written rule, and the listing of that listing: nft 1.0.6's own listing of a raw payload is no
 * fixed point when it names the field (read back, `ip protocol { 0x6, 0x11 }` is a set of protocols and lists `ip
 * protocol { tcp, udp }`; `ip protocol tcp` gives the protocol context a raw payload does not); the second listing is
 * what nft lists for the first too.
 */
function listedTwice(family: string, written: string[]): [string, string][] {
  const once = listedOnce(family, written);
  const twice = listedOnce(family, once);
  return once.map((l, i) => [l, twice[i]!]);
}

/** The `expr` of the rules of one chain, in nft -j's JSON. */
function jsonExprs(family: string, written: string[]): unknown[] {
  const parsed = parseNft(`table ${family} t {\n chain c {\n${written.join('\n')}\n }\n}`);
  const out = printNftJson(parsed.ruleset);
  expect(out.skipped).toEqual([]);
  const items = (JSON.parse(out.text) as { nftables: Record<string, { expr?: unknown }>[] }).nftables;
  return items.filter((o) => 'rule' in o).map((o) => o.rule!.expr);
}

describe('@th: named by the transport protocol in context, as `th dport` is', () => {
  it('16 bits at 0 or 16 are th sport and th dport (payload_init_raw), whatever the context', () => {
    expect(
      listed('ip', [
        'meta l4proto tcp @th,16,16 80',
        'tcp dport 22 @th,16,16 80',
        '@th,16,16 80',
        '@th,0,16 80',
        '@th,16,16 http',
        'meta l4proto udp @th,16,16 53 accept',
        'meta l4proto icmp @th,16,16 5',
        'meta l4proto gre @th,16,16 5',
      ]),
    ).toEqual([
      'tcp dport 80',
      'tcp dport 22 tcp dport 80',
      'th dport 80',
      'th sport 80',
      'th dport 80',
      'udp dport 53 accept',
      'icmp checksum 5',
      'th dport 5',
    ]);
  });

  it('other bits with one value are split into the fields they cover; bits no field names stay raw, with their dependency', () => {
    expect(
      listed('ip', [
        'meta l4proto tcp @th,0,32 0x10050',
        'meta l4proto tcp @th,0,32 != 0x10050',
        'meta l4proto icmp @th,0,16 0x0800',
        'meta l4proto tcp @th,104,8 2',
        'meta l4proto tcp @th,16,8 80',
        'meta l4proto esp @th,0,32 5',
        'meta l4proto sctp @th,32,32 5',
        'meta l4proto tcp @th,32,32 1 @th,64,32 2',
        'meta l4proto tcp @th,48,16 5',
        '@th,0,32 0x10050',
        '@th,0,8 8',
      ]),
    ).toEqual([
      'tcp sport 1 tcp dport 80',
      'tcp sport != 1 tcp dport != 80',
      'icmp type echo-request icmp code net-unreachable',
      'tcp flags == syn',
      'tcp dport 20480/8',
      'esp spi 5',
      'sctp vtag 5',
      'tcp sequence 1 tcp ackseq 2',
      'meta l4proto tcp @th,48,16 0x5',
      '@th,0,32 0x10050',
      '@th,0,8 0x8',
    ]);
  });

  it('in a set, a range, a verdict map: named when a field lies exactly there; a set keeps its raw elements', () => {
    expect(
      listedTwice('ip', [
        'meta l4proto tcp @th,104,8 { 2, 18 }',
        'meta l4proto tcp @th,104,8 < 2',
        'meta l4proto esp @th,0,32 { 1, 2 }',
        'meta l4proto tcp @th,104,8 vmap { 2 : accept }',
        'meta l4proto tcp @th,16,8 { 1, 2 }',
        'meta l4proto tcp @th,16,8 1-2',
        'meta l4proto tcp @th,0,16 . @th,16,16 { 1 . 2 }',
        '@th,16,8 vmap { 1 : accept }',
      ]),
    ).toEqual([
      ['tcp flags { 0x2, 0x12 }', 'tcp flags { syn | ack, syn }'],
      ['tcp flags < syn', 'tcp flags < syn'],
      ['esp spi { 0x1, 0x2 }', 'esp spi { 1, 2 }'],
      ['tcp flags vmap { 2 : accept }', 'tcp flags vmap { syn : accept }'],
      ['meta l4proto tcp @th,16,8 { 0x1, 0x2 }', 'meta l4proto tcp @th,16,8 { 0x1, 0x2 }'],
      ['meta l4proto tcp @th,16,8 0x1-0x2', 'meta l4proto tcp @th,16,8 0x1-0x2'],
      ['tcp sport . tcp dport { 1 . 2 }', 'tcp sport . tcp dport { 1 . 2 }'],
      ['@th,16,8 vmap { 1 : accept }', '@th,16,8 vmap { 1 : accept }'],
    ]);
  });

  it('bits off byte boundaries: a whole field there, else the bytes loaded under a mask, named if a field is there', () => {
    expect(
      listed('ip', [
        'meta l4proto tcp @th,96,4 5',
        'meta l4proto tcp @th,4,8 1',
        'meta l4proto icmp @th,20,8 1',
        'meta l4proto esp @th,4,8 1',
        '@th,4,8 != 1',
        'meta l4proto tcp @th,36,8 1',
      ]),
    ).toEqual([
      'tcp doff 5',
      'tcp sport & 4080 == 16',
      'icmp checksum & 4080 == 16',
      'th sport & 4080 == 16',
      'th sport & 4080 != 16',
      'meta l4proto tcp @th,32,16 & 0xff0 == 0x10',
    ]);
  });

  it('in inet an `ip protocol` dependency stays, as for th dport', () => {
    expect(listed('inet', ['ip protocol tcp @th,16,16 80', 'meta l4proto esp @th,0,32 5'])).toEqual([
      'ip protocol tcp tcp dport 80',
      'esp spi 5',
    ]);
  });
});

describe('@nh: named by the IPv4 header once IPv4 is known (an ip table; meta nfproto ipv4 or an ip field in inet)', () => {
  it('ip: split into the fields of proto_ip, prefixes and all', () => {
    expect(
      listed('ip', [
        '@nh,72,8 6',
        '@nh,64,16 0x4006',
        '@nh,32,16 5',
        '@nh,0,8 0x45',
        '@nh,8,8 0',
        '@nh,96,16 0x0a00',
        '@nh,96,32 0x0a000001 @nh,128,32 0x0a000002',
      ]),
    ).toEqual([
      'ip protocol tcp',
      'ip ttl 64 ip protocol tcp',
      'ip id 5',
      'ip version 4 ip hdrlength 5',
      'ip dscp cs0 ip ecn not-ect',
      'ip saddr 10.0.0.0/16',
      'ip saddr 10.0.0.1 ip daddr 10.0.0.2',
    ]);
  });

  it('ip protocol from raw bits is a protocol the next field drops; raw bits set no context at evaluation', () => {
    expect(
      listedTwice('ip', [
        '@nh,72,8 6 @th,16,16 80',
        // nft adds `meta l4proto tcp` before tcp dport (a raw payload gives no protocol context); that one is dropped.
        '@nh,72,8 6 tcp dport 22',
        '@nh,64,8 64 @nh,72,8 6 @th,16,16 80',
        'ip ttl 64 @nh,72,8 6',
        '@nh,72,8 6 counter tcp dport 1',
      ]),
    ).toEqual([
      ['tcp dport 80', 'tcp dport 80'],
      ['ip protocol tcp tcp dport 22', 'tcp dport 22'],
      ['ip ttl 64 tcp dport 80', 'ip ttl 64 tcp dport 80'],
      ['ip ttl 64 ip protocol tcp', 'ip ttl 64 ip protocol tcp'],
      ['ip protocol tcp counter tcp dport 1', 'ip protocol tcp counter tcp dport 1'],
    ]);
  });

  it('sets keep raw elements, a map lists its keys in decimal, ranges and masks are printed by the field', () => {
    expect(
      listedTwice('ip', [
        '@nh,72,8 { 6, 17 }',
        '@nh,72,8 1-6',
        '@nh,72,8 < 6',
        '@nh,72,8 vmap { 6 : accept, 17 : drop }',
        '@nh,72,8 & 0xf 6',
        'meta mark set @nh,72,8 map { 6 : 1 }',
        '@nh,100,8 1',
        '@nh,36,8 1',
      ]),
    ).toEqual([
      ['ip protocol { 0x6, 0x11 }', 'ip protocol { tcp, udp }'],
      ['ip protocol 1-6', 'ip protocol 1-6'],
      ['ip protocol < tcp', 'ip protocol < tcp'],
      ['ip protocol vmap { 6 : accept, 17 : drop }', 'ip protocol vmap { tcp : accept, udp : drop }'],
      ['ip protocol & 15 == tcp', 'ip protocol & 15 == tcp'],
      ['meta mark set ip protocol map { 6 : 0x00000001 }', 'meta mark set ip protocol map { tcp : 0x00000001 }'],
      ['@nh,96,16 & 0xff0 == 0x10', '@nh,96,16 & 0xff0 == 0x10'],
      ['ip id & 4080 == 16', 'ip id & 4080 == 16'],
    ]);
  });

  it('inet: raw until IPv4 is known, then named, the meta nfproto test dropped', () => {
    expect(
      listed('inet', [
        '@nh,72,8 6',
        '@nh,0,4 4',
        'meta nfproto ipv4 @nh,72,8 6',
        'meta nfproto ipv4 @nh,72,8 6 @th,16,16 80',
        'ip saddr 1.2.3.4 @nh,64,8 5',
        '@nh,72,8 6 @th,16,16 80',
      ]),
    ).toEqual([
      '@nh,72,8 0x6',
      '@nh,0,8 & 0xf0 == 0x40',
      'ip protocol tcp',
      'ip protocol tcp tcp dport 80',
      'ip saddr 1.2.3.4 ip ttl 5',
      '@nh,72,8 0x6 th dport 80',
    ]);
  });
});

describe('@ll: never named in ip and inet tables; adjacent tests merge, as other payloads do', () => {
  it('stays raw', () => {
    expect(listed('ip', ['@ll,96,16 0x0800', '@ll,0,16 1 @ll,16,16 2'])).toEqual([
      '@ll,96,16 0x800',
      '@ll,0,32 0x10002',
    ]);
    expect(listed('inet', ['@ll,96,16 0x0800'])).toEqual(['@ll,96,16 0x800']);
  });
});

describe('nft -j: the named field on the left; a set or map keeps its raw numbers', () => {
  it('as nft 1.0.6 writes them', () => {
    const payload = (protocol: string, field: string) => ({ payload: { protocol, field } });
    expect(
      jsonExprs('ip', [
        '@nh,72,8 { 6, 17 }',
        '@nh,72,8 < 6',
        '@nh,72,8 vmap { 6 : accept }',
        'meta mark set @nh,72,8 map { 6 : 1 }',
        'meta l4proto tcp @th,16,8 80',
        '@nh,100,8 1',
        'meta l4proto tcp @th,48,16 5',
      ]),
    ).toEqual([
      [{ match: { op: '==', left: payload('ip', 'protocol'), right: { set: [6, 17] } } }],
      [{ match: { op: '<', left: payload('ip', 'protocol'), right: 'tcp' } }],
      [{ vmap: { key: payload('ip', 'protocol'), data: { set: [[6, { accept: null }]] } } }],
      [
        {
          mangle: {
            key: { meta: { key: 'mark' } },
            value: { map: { key: payload('ip', 'protocol'), data: { set: [[6, 1]] } } },
          },
        },
      ],
      [{ match: { op: '==', left: payload('tcp', 'dport'), right: { prefix: { addr: 20480, len: 8 } } } }],
      [
        {
          match: {
            op: '==',
            left: { '&': [{ payload: { base: 'nh', offset: 96, len: 16 } }, 4080] },
            right: 16,
          },
        },
      ],
      [
        { match: { op: '==', left: { meta: { key: 'l4proto' } }, right: 'tcp' } },
        { match: { op: '==', left: { payload: { base: 'th', offset: 48, len: 16 } }, right: 5 } },
      ],
    ]);
  });
});

describe('the listing matches the packets the raw rule matches (the trace runs the rule as written)', () => {
  const last = (o: StmtOutcome[]) => o[o.length - 1]!.kind;
  const icmp = (icmpType: number, icmpCode: number) =>
    testPacket({ proto: 1, icmpType, icmpCode, sport: undefined, dport: undefined, tcpFlags: undefined });

  it('TCP, UDP, ICMP', () => {
    const rules = [
      '@nh,72,8 6 @th,16,16 80 accept',
      'meta l4proto tcp @th,0,32 0x9c400050 accept',
      'meta l4proto tcp @th,104,8 2 accept',
      'meta l4proto tcp @th,104,8 { 2, 18 } accept',
      '@nh,64,16 0x4006 accept',
      '@nh,72,8 vmap { 6 : accept, 17 : drop }',
      'meta l4proto icmp @th,0,16 0x0800 accept',
      '@nh,0,4 4 accept',
      'meta l4proto tcp @th,4,8 0x9c accept',
    ];
    const packets = [
      testPacket(),
      testPacket({ tcpFlags: 0x12 }),
      testPacket({ proto: 17, dport: 80 }),
      testPacket({ dport: 443 }),
      icmp(8, 0),
      icmp(0, 0),
    ];
    for (const rule of rules) {
      const [text] = listedOnce('ip', [rule]);
      expect(text).not.toContain('@th');
      for (const p of packets)
        expect([rule, text, last(runRule(text!, p))]).toEqual([rule, text, last(runRule(rule, p))]);
    }
  });
});
