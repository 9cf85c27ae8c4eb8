// A `th` field read once the transport protocol is known, and the protocols nft names. The kernel keeps offsets, not
// names: nft 1.0.6 lists a `th` field by what lies at its bits in the header of the protocol in context (nftables
// src/payload.c payload_expr_complete; src/netlink_delinearize.c payload_match_expand, payload_expr_expand) and drops
// the `meta l4proto` test it makes redundant (payload_dependency_kill). Each expected line is what nft 1.0.6 listed
// (`nft list ruleset`, `nft -j list ruleset`) after `nft -f` of the written line in a throw-away network namespace.
import { describe, expect, it } from 'vitest';
import { parseNft, printRuleset } from './index.ts';
import { printNftJson } from './json/write.ts';
import type { StmtOutcome } from './model.ts';
import { listedRules, runRule, testPacket } from './testEval.ts';

const listed = (family: string, written: string[]) =>
  listedRules(family, written).map((l) => l.replace(/counter packets 0 bytes 0/g, 'counter'));

/** Both families list these the same. */
const both = (written: string[]) => {
  const ip = listed('ip', written);
  expect(listed('inet', written)).toEqual(ip);
  return ip;
};

/**
 * As listed, without reading the listing back: an IGMP field in inet is not a fixed point of nft 1.0.6 either
 * (`meta l4proto igmp th dport 5` lists `igmp checksum 5`, which lists `meta nfproto ipv4 igmp checksum 5`).
 */
const listedOnce = (family: string, written: string[]) =>
  printRuleset(parseNft(`table ${family} t {\n chain c {\n${written.join('\n')}\n }\n}`).ruleset)
    .split('\n')
    .filter((l) => l.startsWith('\t\t'))
    .map((l) => l.trim());

/** Both families list these the same; inet's listing is not read back (IGMP). */
const bothOnce = (written: string[]) => {
  const ip = listed('ip', written);
  expect(listedOnce('inet', written)).toEqual(ip);
  return ip;
};

describe('a th field after meta l4proto is named by that protocol’s header (payload_expr_complete)', () => {
  it('icmp: th dport is icmp checksum, in a set, a range, != a range and a verdict map', () => {
    expect(
      both([
        'meta l4proto icmp th dport { 1, 2 }',
        'meta l4proto icmp th dport 1-5',
        'meta l4proto icmp th dport != 1-5',
        'meta l4proto icmp th dport vmap { 1 : accept, 2 : drop }',
      ]),
    ).toEqual([
      'icmp checksum { 1, 2 }',
      'icmp checksum 1-5',
      'icmp checksum != 1-5',
      'icmp checksum vmap { 1 : accept, 2 : drop }',
    ]);
  });

  it('icmp: no ICMP field is 16 bits at 0, so th sport in a set or a range stays th, and the test is dropped all the same', () => {
    expect(both(['meta l4proto icmp th sport 1-5', 'meta l4proto icmp th sport { 1, 2 }'])).toEqual([
      'th sport 1-5',
      'th sport { 1, 2 }',
    ]);
  });

  it('sctp, dccp, udplite: sport and dport; igmp and icmpv6: th dport is the checksum; ah: reserved; comp: cpi', () => {
    expect(
      bothOnce([
        'meta l4proto sctp th dport { 1, 2 }',
        'meta l4proto sctp th sport != 3',
        'meta l4proto dccp th sport 1-3',
        'meta l4proto udplite th dport 5',
        'meta l4proto igmp th dport 5',
        'meta l4proto icmpv6 th dport 5',
        'meta l4proto ah th dport 5',
        'meta l4proto comp th dport 5',
      ]),
    ).toEqual([
      'sctp dport { 1, 2 }',
      'sctp sport != 3',
      'dccp sport 1-3',
      'udplite dport 5',
      'igmp checksum 5',
      'icmpv6 checksum 5',
      'ah reserved 5',
      'comp cpi 5',
    ]);
  });

  it('esp (no field starts at bit 16) and gre, 0, 99 (no header known): th stays, the meta l4proto test goes', () => {
    expect(
      both([
        'meta l4proto esp th dport 5',
        'meta l4proto esp th dport != 5',
        'meta l4proto esp th sport { 1, 2 }',
        'meta l4proto gre th dport 5',
        'meta l4proto gre th sport 5',
        'meta l4proto 0 th dport 5',
        'meta l4proto 99 th dport 5',
      ]),
    ).toEqual([
      'th dport 5',
      'th dport != 5',
      'th sport { 1, 2 }',
      'th dport 5',
      'th sport 5',
      'th dport 5',
      'th dport 5',
    ]);
  });

  it('ip protocol: dropped in ip, kept in inet (it also says IPv4); a set or != of protocols names nothing', () => {
    const written = ['ip protocol icmp th dport 5', 'ip protocol dccp th dport 5', 'ip protocol gre th dport 5'];
    expect(listed('ip', written)).toEqual(['icmp checksum 5', 'dccp dport 5', 'th dport 5']);
    expect(listed('inet', written)).toEqual([
      'ip protocol icmp icmp checksum 5',
      'ip protocol dccp dccp dport 5',
      'ip protocol gre th dport 5',
    ]);
    expect(both(['meta l4proto { icmp, tcp } th dport 5', 'meta l4proto != icmp th dport 5'])).toEqual([
      'meta l4proto { icmp, tcp } th dport 5',
      'meta l4proto != icmp th dport 5',
    ]);
  });

  it('in a concatenation, after a statement (the test before it stays), and with a verdict', () => {
    expect(
      both([
        'meta l4proto sctp ip saddr . th dport { 1.1.1.1 . 5 }',
        'meta l4proto icmp th sport . th dport { 1 . 2 }',
        'meta l4proto icmp counter th dport 5',
        'meta l4proto icmp th dport 5 accept',
      ]),
    ).toEqual([
      'ip saddr . sctp dport { 1.1.1.1 . 5 }',
      'th sport . icmp checksum { 1 . 2 }',
      'meta l4proto icmp counter icmp checksum 5',
      'icmp checksum 5 accept',
    ]);
  });
});

describe('a th comparison with one value lists as the fields it covers (payload_match_expand)', () => {
  it('icmp: th sport 7 is icmp type echo-reply icmp code 7, and != splits into two != (nft’s listing)', () => {
    expect(
      both([
        'meta l4proto icmp th sport 7',
        'meta l4proto icmp th sport != 7',
        'meta l4proto icmp th sport 1281',
        'meta l4proto icmp th dport { 5 }',
        'meta l4proto icmp th dport 5 th sport 1-3',
      ]),
    ).toEqual([
      'icmp type echo-reply icmp code 7',
      'icmp type != echo-reply icmp code != 7',
      'icmp type redirect icmp code host-unreachable',
      'icmp checksum 5',
      'icmp checksum 5 th sport 1-3',
    ]);
  });

  it('merged th sport and th dport on icmp, icmpv6, sctp, udplite, and icmp code with th dport', () => {
    expect(
      both([
        'meta l4proto icmp th sport 7 th dport 9',
        'meta l4proto icmp th sport != 1 th dport != 2',
        'meta l4proto icmpv6 th sport 5 th dport 6',
        'meta l4proto sctp th sport 5 th dport 6',
        'meta l4proto udplite th sport 1 th dport 2',
        'meta l4proto icmp icmp code 0 th dport 5',
        'icmp type echo-request th dport 5',
      ]),
    ).toEqual([
      'icmp type echo-reply icmp code 7 icmp checksum 9',
      'icmp type != echo-reply icmp code != host-unreachable icmp checksum != 2',
      'icmpv6 type 0 icmpv6 code policy-fail icmpv6 checksum 6',
      'sctp sport 5 sctp dport 6',
      'udplite sport 1 udplite dport 2',
      'icmp code net-unreachable icmp checksum 5',
      'icmp type echo-request icmp checksum 5',
    ]);
  });

  it('igmp walks its fields in template order (type, checksum, mrt): bits 16-31 are left th dport', () => {
    expect(
      bothOnce([
        'meta l4proto igmp th sport 5',
        'meta l4proto igmp th sport 4352 th dport 2',
        'meta l4proto igmp th dport 5',
      ]),
    ).toEqual(['igmp type 0 igmp mrt 5', 'igmp type membership-query igmp mrt 0 th dport 2', 'igmp checksum 5']);
  });

  it('ah and comp: an equal next header is a dependency the next field drops; != keeps it', () => {
    expect(
      both([
        'meta l4proto ah th sport 5',
        'meta l4proto ah th sport != 5',
        'meta l4proto ah th sport 1 th dport 2',
        'meta l4proto comp th sport 5',
        'meta l4proto comp th sport != 5',
        'meta l4proto comp th sport 1 th dport 2',
      ]),
    ).toEqual([
      'ah hdrlength 5',
      'ah nexthdr != ip ah hdrlength != 5',
      'ah hdrlength 1 ah reserved 2',
      'comp flags 0x5',
      'comp nexthdr != ip comp flags != 0x5',
      'comp flags 0x1 comp cpi 2',
    ]);
  });

  it('esp: th sport is the leading 16 bits of esp spi, a prefix; both ports are esp spi', () => {
    expect(
      both(['meta l4proto esp th sport 5', 'meta l4proto esp th sport != 5', 'meta l4proto esp th sport 1 th dport 2']),
    ).toEqual(['esp spi 327680/16', 'esp spi != 327680/16', 'esp spi 65538']);
  });

  it('no header known (gre, 99): the merged bits stay raw and the meta l4proto test stays', () => {
    expect(both(['meta l4proto gre th sport 1 th dport 2', 'meta l4proto 99 th sport 1 th dport 2'])).toEqual([
      'meta l4proto gre @th,0,32 0x10002',
      'meta l4proto 99 @th,0,32 0x10002',
    ]);
  });
});

describe('nft -j lists the named fields as payloads of that protocol (json.c payload_expr_json)', () => {
  const exprs = (family: string, rule: string) => {
    const out = printNftJson(parseNft(`table ${family} t {\n chain c {\n${rule}\n }\n}`).ruleset);
    expect(out.skipped).toEqual([]);
    const items = (JSON.parse(out.text) as { nftables: { rule?: { expr: unknown[] } }[] }).nftables;
    return items.find((i) => i.rule)!.rule!.expr;
  };
  const payload = (protocol: string, field: string) => ({ payload: { protocol, field } });
  const match = (op: string, left: unknown, right: unknown) => ({ match: { op, left, right } });

  it('icmp checksum with a set, sctp dport with a set, dccp sport with a range, a verdict map', () => {
    expect(exprs('ip', 'meta l4proto icmp th dport { 1, 2 }')).toEqual([
      match('==', payload('icmp', 'checksum'), { set: [1, 2] }),
    ]);
    expect(exprs('inet', 'meta l4proto sctp th dport { 1, 2 }')).toEqual([
      match('==', payload('sctp', 'dport'), { set: [1, 2] }),
    ]);
    expect(exprs('ip', 'meta l4proto dccp th sport 1-3')).toEqual([
      match('==', payload('dccp', 'sport'), { range: [1, 3] }),
    ]);
    expect(exprs('ip', 'meta l4proto icmp th dport vmap { 1 : accept, 2 : drop }')).toEqual([
      {
        vmap: {
          key: payload('icmp', 'checksum'),
          data: {
            set: [
              [1, { accept: null }],
              [2, { drop: null }],
            ],
          },
        },
      },
    ]);
  });

  it('the split fields with their types: symbols as strings, comp flags a number, an esp spi prefix', () => {
    expect(exprs('ip', 'meta l4proto icmp th sport 1 th dport 2')).toEqual([
      match('==', payload('icmp', 'type'), 'echo-reply'),
      match('==', payload('icmp', 'code'), 'host-unreachable'),
      match('==', payload('icmp', 'checksum'), 2),
    ]);
    expect(exprs('ip', 'meta l4proto ah th sport != 5')).toEqual([
      match('!=', payload('ah', 'nexthdr'), 'ip'),
      match('!=', payload('ah', 'hdrlength'), 5),
    ]);
    expect(exprs('ip', 'meta l4proto comp th sport 5')).toEqual([match('==', payload('comp', 'flags'), 5)]);
    expect(exprs('ip', 'meta l4proto esp th sport 5')).toEqual([
      match('==', payload('esp', 'spi'), { prefix: { addr: 327680, len: 16 } }),
    ]);
    expect(exprs('ip', 'meta l4proto igmp th sport 4352 th dport 2')).toEqual([
      match('==', payload('igmp', 'type'), 'membership-query'),
      match('==', payload('igmp', 'mrt'), 0),
      match('==', payload('th', 'dport'), 2),
    ]);
    expect(exprs('ip', 'meta l4proto icmpv6 th sport 5 th dport 6')).toEqual([
      match('==', payload('icmpv6', 'type'), 0),
      match('==', payload('icmpv6', 'code'), 'policy-fail'),
      match('==', payload('icmpv6', 'checksum'), 6),
    ]);
    expect(exprs('ip', 'meta l4proto gre th sport 1 th dport 2')).toEqual([
      match('==', { meta: { key: 'l4proto' } }, 'gre'),
      match('==', { payload: { base: 'th', offset: 0, len: 32 } }, 65538),
    ]);
  });

  it('in a concatenation: ip saddr . sctp dport', () => {
    expect(exprs('ip', 'meta l4proto sctp ip saddr . th dport { 1.1.1.1 . 5 }')).toEqual([
      match(
        '==',
        { concat: [payload('ip', 'saddr'), payload('sctp', 'dport')] },
        { set: [{ concat: ['1.1.1.1', 5] }] },
      ),
    ]);
  });
});

describe('protocol names as nft reads and lists them (datatype.c inet_protocol_type: getprotobyname, getprotobynumber)', () => {
  it('accepts dccp, udplite, comp and icmpv6 (also in an ip table) and lists their /etc/protocols names', () => {
    expect(
      listed('ip', [
        'meta l4proto dccp',
        'meta l4proto udplite',
        'meta l4proto comp',
        'meta l4proto icmpv6',
        'meta l4proto dccp th dport 5',
        'meta l4proto udplite th dport 5',
        'meta l4proto comp th dport 5',
        'meta l4proto icmpv6 th dport 5',
        'ip protocol { dccp, udplite, comp, icmpv6 }',
      ]),
    ).toEqual([
      'meta l4proto dccp',
      'meta l4proto udplite',
      'meta l4proto ipcomp',
      'meta l4proto ipv6-icmp',
      'dccp dport 5',
      'udplite dport 5',
      'comp cpi 5',
      'icmpv6 checksum 5',
      'ip protocol { dccp, ipv6-icmp, ipcomp, udplite }',
    ]);
  });

  it('any /etc/protocols name or alias, case-sensitive, as a byte; a number by its name when it has one', () => {
    expect(
      listed('ip', [
        'meta l4proto IPCOMP',
        'meta l4proto IPv6-ICMP',
        'meta l4proto mptcp',
        'meta l4proto hopopt',
        'meta l4proto 41',
        'meta l4proto { 33, 136, 108, 58, 47, 255 }',
      ]),
    ).toEqual([
      'meta l4proto ipcomp',
      'meta l4proto ipv6-icmp',
      'meta l4proto tcp',
      'meta l4proto ip',
      'meta l4proto ipv6',
      'meta l4proto { dccp, gre, ipv6-icmp, ipcomp, udplite, 255 }',
    ]);
  });

  const errorOf = (rule: string) => {
    const d = parseNft(`table ip t {\n chain c {\n${rule}\n }\n}`).diagnostics.find((x) => x.severity === 'error');
    return d && `${d.line}:${d.col} ${d.message}`;
  };

  it('refuses as nft does: out of range, an unknown name, a field of another protocol (named by its header)', () => {
    expect(errorOf('meta l4proto 256')).toBe('3:14 Protocol out of range');
    expect(errorOf('meta l4proto Comp')).toBe('3:14 Could not resolve protocol name');
    expect(errorOf('icmp checksum 70000')).toBe('3:15 Value 70000 exceeds valid range 0-65535');
    expect(errorOf('meta l4proto icmpv6 icmp type 1')).toBe('3:21 conflicting protocols specified: icmpv6 vs. icmp');
    expect(errorOf('meta l4proto gre tcp dport 5')).toBe('3:18 conflicting protocols specified: unknown vs. tcp');
    expect(errorOf('meta l4proto { gre, tcp } udp dport 5')).toBe(
      '3:27 conflicting protocols specified: unknown vs. udp',
    );
  });
});

describe('th reads the bytes of the field it is listed as (nft_payload: the transport header from its start)', () => {
  const last = (o: StmtOutcome[]) => o[o.length - 1]!.kind;
  const icmp = (icmpType: number, icmpCode: number) =>
    testPacket({ proto: 1, icmpType, icmpCode, sport: undefined, dport: undefined, tcpFlags: undefined });

  it('th sport on ICMP is type and code; th dport (the checksum) and icmp checksum are bytes the lab does not know', () => {
    expect(last(runRule('meta l4proto icmp th sport 7 accept', icmp(0, 7)))).toBe('verdict');
    expect(last(runRule('meta l4proto icmp th sport 7 accept', icmp(0, 6)))).toBe('break');
    expect(last(runRule('th sport 0x0800 accept', icmp(8, 0)))).toBe('verdict');
    expect(last(runRule('@th,0,8 8 accept', icmp(8, 0)))).toBe('verdict');
    expect(last(runRule('th dport 5 accept', icmp(8, 0)))).toBe('break');
    expect(last(runRule('icmp checksum 5 accept', icmp(8, 0)))).toBe('break');
  });

  it('the listing of an equality matches the packets the rule matches (TCP, UDP, SCTP, ICMP)', () => {
    const rules = [
      'meta l4proto icmp th sport 7 accept',
      'meta l4proto icmp th sport 2048 accept',
      'meta l4proto icmp th sport 1281 accept',
      'meta l4proto tcp th sport 40000 th dport 80 accept',
      'meta l4proto udp th dport 53 accept',
    ];
    const packets = [
      icmp(0, 7),
      icmp(8, 0),
      icmp(5, 1),
      icmp(3, 3),
      testPacket(),
      testPacket({ proto: 17, dport: 53 }),
      testPacket({ proto: 132, dport: 53 }),
    ];
    for (const rule of rules) {
      const [text] = listed('ip', [rule]);
      expect(text).not.toMatch(/meta l4proto|th [sd]port/);
      for (const p of packets)
        expect([rule, text, last(runRule(text!, p))]).toEqual([rule, text, last(runRule(rule, p))]);
    }
  });

  it('sctp ports are read where tcp and udp ports are', () => {
    expect(last(runRule('meta l4proto sctp th dport 53 accept', testPacket({ proto: 132, dport: 53 })))).toBe(
      'verdict',
    );
  });
});

describe('the fields nft lists a th field as are read back (the listing is a fixed point, as nft’s is)', () => {
  it('written out, each lists as nft 1.0.6 lists it, in both families', () => {
    const written = [
      'sctp dport { 1, 2 }',
      'sctp sport 5 sctp dport 6',
      'ip saddr . sctp dport { 1.1.1.1 . 5 }',
      'dccp type request',
      'udplite csumcov 5',
      'icmpv6 type 0 icmpv6 code policy-fail icmpv6 checksum 6',
      'esp spi 327680/16',
      'esp spi != 327680/16',
      'ah nexthdr != ip ah hdrlength != 5',
      'comp flags 0x1 comp cpi 2',
      'icmp checksum { 1, 2 }',
      'icmp code 0 icmp checksum 5',
    ];
    expect(both(written)).toEqual([...written.slice(0, 11), 'icmp code net-unreachable icmp checksum 5']);
  });

  it('igmp merges its type and mrt and leaves th dport; in inet an IGMP field needs IPv4 first, which stays (not a fixed point)', () => {
    expect(listed('ip', ['igmp type membership-query igmp mrt 0 th dport 2', 'igmp type membership-query'])).toEqual([
      'igmp type membership-query igmp mrt 0 th dport 2',
      'igmp type membership-query',
    ]);
    expect(
      listedOnce('inet', [
        'igmp type membership-query',
        'igmp type membership-query ip saddr 1.1.1.1',
        'meta l4proto igmp igmp type membership-query',
        'igmp type membership-query reject',
      ]),
    ).toEqual([
      'meta nfproto ipv4 igmp type membership-query',
      'igmp type membership-query ip saddr 1.1.1.1',
      'igmp type membership-query',
      'igmp type membership-query reject with icmp port-unreachable',
    ]);
  });

  it('a prefix of an integer field is whole bytes long, no longer than the field (else nft lists a mask)', () => {
    const errorOf = (rule: string) =>
      parseNft(`table ip t {\n chain c {\n${rule}\n }\n}`).diagnostics.find((d) => d.severity === 'error')?.message;
    expect(errorOf('esp spi 5/40')).toBe('Prefix length 40 is invalid for type of 32 bits width');
    expect(listed('ip', ['esp spi 327681/16', 'esp spi 1/32', 'ip length 1024/8', 'icmp checksum 256/8'])).toEqual([
      'esp spi 327680/16',
      'esp spi 1',
      'ip length 1024/8',
      'icmp checksum 256/8',
    ]);
    // The field's width bounds its values too (integer_type_parse).
    expect(errorOf('ip ttl 300')).toBe('Value 300 exceeds valid range 0-255');
    expect(errorOf('ip length 70000')).toBe('Value 70000 exceeds valid range 0-65535');
  });

  it('other forms of those words are still kept as text, not simulated: sctp chunk', () => {
    const p = parseNft('table ip t {\n chain c {\nsctp chunk data flags 2\n }\n}');
    expect(p.diagnostics.map((d) => d.severity)).toEqual(['info']);
    expect(listed('ip', ['sctp chunk data flags 2'])).toEqual(['sctp chunk data flags 2']);
  });
});

describe('a header field reads its protocol’s bytes, and is absent on another protocol', () => {
  const last = (o: StmtOutcome[]) => o[o.length - 1]!.kind;
  it('sctp ports; esp spi on TCP is absent (the rule stops), as th sport after meta l4proto esp', () => {
    expect(last(runRule('sctp dport 53 accept', testPacket({ proto: 132, dport: 53 })))).toBe('verdict');
    expect(last(runRule('sctp dport 53 accept', testPacket({ proto: 17, dport: 53 })))).toBe('break');
    expect(last(runRule('esp spi 327680/16 accept', testPacket()))).toBe('break');
    expect(last(runRule('meta l4proto esp th sport 5 accept', testPacket()))).toBe('break');
  });
});
