// The canonical form nft 1.0.6 lists (issue 12, point 3): each expected text is what `nft list ruleset` printed after
// `nft -f` of the input in a throw-away network namespace; and the listing reads back to itself.
import { describe, expect, it } from 'vitest';
import { parseNft, printRuleset } from './index.ts';
import { printNftJson } from './json/write.ts';

const listed = (text: string) => {
  const p = parseNft(text);
  expect(p.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const out = printRuleset(p.ruleset);
  expect(printRuleset(parseNft(out).ruleset)).toBe(out);
  return out;
};

/** The rules of one chain `c` of a table of this family, as listed, one per line. */
const rules = (family: string, body: string) =>
  listed(`table ${family} t {\n chain c {\n${body}\n }\n}`)
    .split('\n')
    .filter((l) => l.startsWith('\t\t'))
    .map((l) => l.trim());

const errorOf = (text: string) => parseNft(text).diagnostics.find((d) => d.severity === 'error')?.message;

describe('ip dscp has its own type (nftables src/proto.c dscp_type)', () => {
  it('reads code point names and lists a value by its first name, else as 0x%02x', () => {
    expect(
      rules(
        'ip',
        'ip dscp cs1 accept\nip dscp 4\nip dscp { 4, cs2 }\nip dscp df\nip dscp be\nip dscp 46\nip dscp != 0x10',
      ),
    ).toEqual([
      'ip dscp cs1 accept',
      'ip dscp 0x04',
      'ip dscp { 0x04, cs2 }',
      'ip dscp cs0',
      'ip dscp cs0',
      'ip dscp ef',
      'ip dscp != cs2',
    ]);
  });

  it('lists a range in hex, and merges a set of ranges and names', () => {
    expect(rules('ip', 'ip dscp 1-3\nip dscp { 1-3, ef, 46, 0 }')).toEqual([
      'ip dscp 0x01-0x03',
      'ip dscp { 0x00-0x03, ef }',
    ]);
  });

  it('refuses 64 and an unknown name as nft does', () => {
    expect(errorOf('table ip t { chain c { ip dscp 64; } }')).toBe('Value 64 exceeds valid range 0-63');
    expect(errorOf('table ip t { chain c { ip dscp xx; } }')).toBe(
      'Could not parse Differentiated Services Code Point',
    );
  });
});

describe('a range prints its bounds numerically (nftables src/expression.c range_expr_print: NUMERIC_ALL)', () => {
  it('symbolic types in decimal, bitmask types in hex, marks as 32-bit hex', () => {
    expect(
      rules(
        'ip',
        [
          'ip protocol 1-10',
          'ip protocol { 1-10, 17 }',
          'ip protocol != 1-10',
          'meta l4proto 6-17',
          'icmp type { 0-3, 8 }',
          'icmp code 1-3',
          'fib daddr type 1-3',
          'ct direction 0-1',
          'ct status 1-4',
          'tcp flags 2-16',
          'meta mark 1-3',
        ].join('\n'),
      ),
    ).toEqual([
      'ip protocol 1-10',
      'ip protocol { 1-10, udp }',
      'ip protocol != 1-10',
      'meta l4proto 6-17',
      'icmp type { 0-3, echo-request }',
      'icmp code 1-3',
      'fib daddr type 1-3',
      'ct direction 0-1',
      'ct status 0x1-0x4',
      'tcp flags 0x2-0x10',
      'meta mark 0x00000001-0x00000003',
    ]);
  });
});

describe('set flags (nftables src/rule.c set_print_declaration)', () => {
  const flagsOf = (flags: string) =>
    listed(`table ip t {\n set s { type ipv4_addr; flags ${flags}; }\n}`)
      .split('\n')
      .find((l) => l.includes('flags'))
      ?.trim();

  it('lists them in the order constant, dynamic, interval, timeout, each once', () => {
    expect(flagsOf('timeout,interval')).toBe('flags interval,timeout');
    expect(flagsOf('timeout,dynamic')).toBe('flags dynamic,timeout');
    expect(flagsOf('interval,constant')).toBe('flags constant,interval');
    expect(flagsOf('timeout,timeout')).toBe('flags timeout');
  });

  it('refuses an unknown flag as nft does', () => {
    expect(errorOf('table ip t {\n set s { type ipv4_addr; flags foo; }\n}')).toBe(
      'syntax error, unexpected string, expecting constant or interval or dynamic or timeout',
    );
  });
});

describe('protocol dependencies folded as nft lists them (nftables src/payload.c payload_dependency_kill)', () => {
  it('ip: a transport field after meta l4proto or ip protocol drops the test, and th reads as that protocol', () => {
    expect(
      rules(
        'ip',
        [
          'meta l4proto tcp th dport 80',
          'meta l4proto tcp tcp dport 81',
          'meta l4proto udp th sport 53',
          'ip protocol tcp tcp dport 22',
          'ip protocol udp th dport 22',
          'meta l4proto tcp ip saddr 1.1.1.1 tcp dport 1',
          'meta l4proto tcp th dport vmap { 80 : accept }',
          'meta l4proto tcp ip daddr . th dport { 1.1.1.1 . 80 }',
          'meta l4proto tcp th dport != 80',
          'ip protocol tcp ct state new tcp dport 22',
          'meta l4proto icmp icmp type echo-request',
          'ip protocol { tcp } tcp dport 6',
        ].join('\n'),
      ),
    ).toEqual([
      'tcp dport 80',
      'tcp dport 81',
      'udp sport 53',
      'tcp dport 22',
      'udp dport 22',
      'ip saddr 1.1.1.1 tcp dport 1',
      'tcp dport vmap { 80 : accept }',
      'ip daddr . tcp dport { 1.1.1.1 . 80 }',
      'tcp dport != 80',
      'ct state new tcp dport 22',
      'icmp type echo-request',
      'tcp dport 6',
    ]);
  });

  it('folds only the latest of two dependencies, as nft does (so this listing is not a fixed point of nft either)', () => {
    const p = parseNft('table ip t {\n chain c {\n meta l4proto tcp ip protocol tcp th dport 80\n }\n}');
    expect(printRuleset(p.ruleset)).toContain('\t\tmeta l4proto tcp tcp dport 80\n');
  });

  it('keeps what nft keeps: sets, !=, a dependency after the field, one alone, one before a statement', () => {
    expect(
      rules(
        'ip',
        [
          'meta l4proto { tcp, udp } th dport 53',
          'meta l4proto != tcp th dport 5',
          'tcp dport 80 meta l4proto tcp',
          'meta l4proto tcp counter',
          'meta l4proto tcp counter th dport 1',
          'ip protocol tcp accept',
        ].join('\n'),
      ),
    ).toEqual([
      'meta l4proto { tcp, udp } th dport 53',
      'meta l4proto != tcp th dport 5',
      'tcp dport 80 meta l4proto tcp',
      'meta l4proto tcp counter packets 0 bytes 0',
      'meta l4proto tcp counter packets 0 bytes 0 tcp dport 1',
      'ip protocol tcp accept',
    ]);
  });

  it('inet: ip protocol also says IPv4 and stays; meta nfproto ipv4 goes before an ip field', () => {
    expect(
      rules(
        'inet',
        [
          'ip protocol tcp th dport 82',
          'ip protocol tcp tcp dport 83',
          'meta l4proto tcp th dport 80',
          'meta nfproto ipv4 meta l4proto tcp tcp dport 85',
          'meta nfproto ipv4 ip saddr 1.1.1.1',
          'meta nfproto ipv4 ip protocol tcp th dport 1',
          'meta nfproto ipv4 counter',
        ].join('\n'),
      ),
    ).toEqual([
      'ip protocol tcp tcp dport 82',
      'ip protocol tcp tcp dport 83',
      'tcp dport 80',
      'meta nfproto ipv4 tcp dport 85',
      'ip saddr 1.1.1.1',
      'ip protocol tcp tcp dport 1',
      'meta nfproto ipv4 counter packets 0 bytes 0',
    ]);
  });
});

describe('reject in an inet table (nftables src/netlink_delinearize.c stmt_reject_postprocess)', () => {
  it('a plain reject after an IPv4 match lists as an ICMP reject with its code; meta nfproto ipv4 goes', () => {
    expect(
      rules(
        'inet',
        [
          'ip saddr 1.2.3.4 reject',
          'meta nfproto ipv4 reject',
          'reject',
          'tcp dport 23 reject',
          'meta nfproto ipv4 tcp dport 3 reject',
          'meta nfproto ipv4 reject with icmp host-unreachable',
        ].join('\n'),
      ),
    ).toEqual([
      'ip saddr 1.2.3.4 reject with icmp port-unreachable',
      'reject with icmp port-unreachable',
      'reject',
      'tcp dport 23 reject',
      'tcp dport 3 reject with icmp port-unreachable',
      'reject with icmp host-unreachable',
    ]);
  });

  it('an icmpx reject after an IPv4 match stays plain (which nft reads back as an ICMP one: not a fixed point)', () => {
    const p = parseNft('table inet t {\n chain c {\n ip saddr 1.1.1.1 reject with icmpx port-unreachable\n }\n}');
    expect(printRuleset(p.ruleset)).toContain('\t\tip saddr 1.1.1.1 reject\n');
  });

  it('in an ip table the ICMP port-unreachable default stays plain', () => {
    expect(rules('ip', 'ip saddr 1.2.3.4 reject')).toEqual(['ip saddr 1.2.3.4 reject']);
  });
});

describe('limit in bytes (nftables src/statement.c limit_stmt_print)', () => {
  it('reads a byte burst and lists rate and burst in the largest unit that divides them', () => {
    expect(
      rules(
        'ip',
        [
          'limit rate 1 mbytes/second burst 100 kbytes',
          'limit rate over 1 mbytes/second burst 100 kbytes',
          'limit rate 1024 kbytes/second burst 1024 bytes',
          'limit rate 1536 kbytes/second burst 1500 bytes',
          'limit rate 2048 bytes/second burst 2 mbytes',
          'limit rate 10 bytes/second burst 0 bytes',
          'limit rate 10 kbytes/minute',
        ].join('\n'),
      ),
    ).toEqual([
      'limit rate 1 mbytes/second burst 100 kbytes',
      'limit rate over 1 mbytes/second burst 100 kbytes',
      'limit rate 1 mbytes/second burst 1 kbytes',
      'limit rate 1536 kbytes/second burst 1500 bytes',
      'limit rate 2 kbytes/second burst 2 mbytes',
      'limit rate 10 bytes/second',
      'limit rate 10 kbytes/minute',
    ]);
  });

  it('a burst needs a unit of the kind of its rate, as nft says', () => {
    const limit = (l: string) => errorOf(`table ip t {\n chain c {\n ${l}\n }\n}`);
    expect(limit('limit rate 10/second burst 5 bytes')).toBe('syntax error, unexpected bytes, expecting packets');
    expect(limit('limit rate 10/second burst 6')).toBe('syntax error, unexpected newline, expecting packets');
    expect(limit('limit rate 10/second burst 5 kbytes')).toBe('syntax error, unexpected string, expecting packets');
    expect(limit('limit rate 10 kbytes/second burst 5 packets')).toBe(
      'syntax error, unexpected packets, expecting string or bytes',
    );
    expect(limit('limit rate 10 gbytes/second')).toBe('Wrong rate format');
  });
});

describe('nft -j lists the same folded rules (nftables src/json.c prints the delinearized rule)', () => {
  it('no dependency that nft folds, th as tcp, and the IPv4 reject as an icmp one', () => {
    const text =
      'table inet f {\n chain c {\n meta l4proto tcp th dport 80 accept\n meta nfproto ipv4 reject\n meta nfproto ipv4 ip saddr 1.1.1.1\n }\n}';
    const json = JSON.parse(printNftJson(parseNft(text).ruleset).text) as { nftables: Record<string, unknown>[] };
    const exprs = json.nftables.filter((x) => 'rule' in x).map((x) => (x.rule as { expr: unknown[] }).expr);
    expect(exprs).toEqual([
      [{ match: { op: '==', left: { payload: { protocol: 'tcp', field: 'dport' } }, right: 80 } }, { accept: null }],
      [{ reject: { type: 'icmp', expr: 'port-unreachable' } }],
      [{ match: { op: '==', left: { payload: { protocol: 'ip', field: 'saddr' } }, right: '1.1.1.1' } }],
    ]);
  });
});

describe('set timeouts as nft lists them (nftables src/datatype.c time_print)', () => {
  it('each non-zero unit, largest first', () => {
    const written = ['10800s', '61s', '86400s', '90000s', '180m', '2h60m', '1d25h', '1500ms', '3000ms'];
    const text = `table ip t {\n${written.map((v, i) => ` set s${i} { type ipv4_addr; timeout ${v}; }`).join('\n')}\n}`;
    const lines = listed(text)
      .split('\n')
      .filter((l) => l.includes('timeout'))
      .map((l) => l.trim());
    expect(lines).toEqual(['3h', '1m1s', '1d', '1d1h', '3h', '3h', '2d1h', '1s500ms', '3s'].map((v) => `timeout ${v}`));
  });
});

describe('sets of the named types nft knows (nftables src/datatype.c, src/proto.c, src/ct.c)', () => {
  it('tcp_flag, icmp_code and ct_dir may type a set, listed as nft 1.0.6 lists them', () => {
    const text =
      'table inet t {\n set fl { type tcp_flag; elements = { syn, ack } }\n' +
      ' set ic { type icmp_code; elements = { 3, 1 } }\n set d { type ct_dir; elements = { reply } }\n}';
    expect(listed(text)).toContain('\t\ttype tcp_flag\n\t\telements = { syn, ack }\n');
    expect(listed(text)).toContain(
      '\t\ttype icmp_code\n\t\telements = { host-unreachable,\n\t\t\t     port-unreachable }\n',
    );
    expect(listed(text)).toContain('\t\ttype ct_dir\n\t\telements = { reply }\n');
  });
});
