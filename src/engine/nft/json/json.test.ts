// `nft -j list ruleset` JSON (libnftables-json(5)) read into the same model as its text: the JSON below is what
// nftables 1.0.6 printed for the text twin beside it (loaded with `nft -f` in a throw-away network namespace).
import { describe, expect, it } from 'vitest';
import { runTrace } from '../../trace/index.ts';
import type { PacketSpec } from '../../trace/types.ts';
import { parseNft, printRuleset } from '../index.ts';

const TEXT = `table inet fw {
	set allowed {
		type ipv4_addr
		flags interval
		elements = { 10.0.0.0/8, 192.168.1.1 }
	}

	map svc {
		type ipv4_addr . inet_proto . inet_service : verdict
		elements = { 10.96.0.10 . tcp . 80 : goto web }
	}

	chain web {
		counter packets 0 bytes 0
	}

	chain in {
		type filter hook input priority filter + 10; policy drop;
		ct state established,related accept
		ip saddr @allowed tcp dport { 22, 80 } accept
		ip daddr . meta l4proto . th dport vmap @svc
		iifname "eth0" ip saddr != 10.0.0.1 tcp flags syn / syn,ack log prefix "x: " drop
		meta mark & 0x00004000 == 0x00004000 counter packets 0 bytes 0 accept comment "hi"
		limit rate 10/second accept
	}

	chain pre {
		type nat hook prerouting priority dstnat; policy accept;
		tcp dport 8080 dnat ip to 10.0.0.2:80
		ip daddr 1.2.3.4 dnat ip to numgen random mod 2 map { 0 : 10.0.0.3, 1 : 10.0.0.4 }
	}

	chain post {
		type nat hook postrouting priority srcnat; policy accept;
		oifname "eth1" masquerade fully-random
		meta mark set meta mark | 0x00004000 ct mark set meta mark
	}
}
`;

const payload = (protocol: string, field: string) => ({ payload: { protocol, field } });
const match = (op: string, left: unknown, right: unknown) => ({ match: { op, left, right } });
const rule = (chain: string, handle: number, expr: unknown[], extra: object = {}) => ({
  rule: { family: 'inet', table: 'fw', chain, handle, ...extra, expr },
});

const LISTING = {
  nftables: [
    { metainfo: { version: '1.0.6', release_name: 'Lester Gooch #5', json_schema_version: 1 } },
    { table: { family: 'inet', name: 'fw', handle: 1 } },
    {
      set: {
        family: 'inet',
        name: 'allowed',
        table: 'fw',
        type: 'ipv4_addr',
        handle: 5,
        flags: ['interval'],
        elem: [{ prefix: { addr: '10.0.0.0', len: 8 } }, '192.168.1.1'],
      },
    },
    {
      map: {
        family: 'inet',
        name: 'svc',
        table: 'fw',
        type: ['ipv4_addr', 'inet_proto', 'inet_service'],
        handle: 6,
        map: 'verdict',
        elem: [[{ concat: ['10.96.0.10', 'tcp', 80] }, { goto: { target: 'web' } }]],
      },
    },
    { chain: { family: 'inet', table: 'fw', name: 'web', handle: 1 } },
    {
      chain: {
        family: 'inet',
        table: 'fw',
        name: 'in',
        handle: 2,
        type: 'filter',
        hook: 'input',
        prio: 10,
        policy: 'drop',
      },
    },
    {
      chain: {
        family: 'inet',
        table: 'fw',
        name: 'pre',
        handle: 3,
        type: 'nat',
        hook: 'prerouting',
        prio: -100,
        policy: 'accept',
      },
    },
    {
      chain: {
        family: 'inet',
        table: 'fw',
        name: 'post',
        handle: 4,
        type: 'nat',
        hook: 'postrouting',
        prio: 100,
        policy: 'accept',
      },
    },
    rule('web', 7, [{ counter: { packets: 0, bytes: 0 } }]),
    rule('in', 8, [match('in', { ct: { key: 'state' } }, ['established', 'related']), { accept: null }]),
    rule('in', 10, [
      match('==', payload('ip', 'saddr'), '@allowed'),
      match('==', payload('tcp', 'dport'), { set: [22, 80] }),
      { accept: null },
    ]),
    rule('in', 11, [
      {
        vmap: {
          key: { concat: [payload('ip', 'daddr'), { meta: { key: 'l4proto' } }, payload('th', 'dport')] },
          data: '@svc',
        },
      },
    ]),
    rule('in', 12, [
      match('==', { meta: { key: 'iifname' } }, 'eth0'),
      match('!=', payload('ip', 'saddr'), '10.0.0.1'),
      match('==', { '&': [payload('tcp', 'flags'), ['syn', 'ack']] }, 'syn'),
      { log: { prefix: 'x: ' } },
      { drop: null },
    ]),
    rule(
      'in',
      13,
      [
        match('==', { '&': [{ meta: { key: 'mark' } }, 16384] }, 16384),
        { counter: { packets: 0, bytes: 0 } },
        { accept: null },
      ],
      { comment: 'hi' },
    ),
    rule('in', 15, [{ limit: { rate: 10, burst: 5, per: 'second' } }, { accept: null }]),
    rule('pre', 16, [
      match('==', payload('tcp', 'dport'), 8080),
      { dnat: { family: 'ip', addr: '10.0.0.2', port: 80 } },
    ]),
    rule('pre', 18, [
      match('==', payload('ip', 'daddr'), '1.2.3.4'),
      {
        dnat: {
          family: 'ip',
          addr: {
            map: {
              key: { numgen: { mode: 'random', mod: 2, offset: 0 } },
              data: {
                set: [
                  [0, '10.0.0.3'],
                  [1, '10.0.0.4'],
                ],
              },
            },
          },
        },
      },
    ]),
    rule('post', 19, [match('==', { meta: { key: 'oifname' } }, 'eth1'), { masquerade: { flags: 'fully-random' } }]),
    rule('post', 20, [
      { mangle: { key: { meta: { key: 'mark' } }, value: { '|': [{ meta: { key: 'mark' } }, 16384] } } },
      { mangle: { key: { ct: { key: 'mark' } }, value: { meta: { key: 'mark' } } } },
    ]),
  ],
};
const JSON_TEXT = JSON.stringify(LISTING, null, 2);

/** The 1-based line and column where `needle` first starts in `text` (or the object holding it: the `{` before). */
function at(text: string, needle: string, object = false): { line: number; col: number } {
  const found = text.indexOf(needle);
  expect(found).toBeGreaterThanOrEqual(0);
  const i = object ? text.lastIndexOf('{', found) : found;
  const before = text.slice(0, i).split('\n');
  return { line: before.length, col: before[before.length - 1]!.length + 1 };
}

const firstError = (text: string) => parseNft(text).diagnostics.find((d) => d.severity === 'error');

/** A ruleset of one regular chain whose one rule is `expr`, as JSON. */
const oneRule = (expr: unknown[], extra: unknown[] = []) =>
  JSON.stringify(
    {
      nftables: [
        { table: { family: 'ip', name: 't' } },
        { chain: { family: 'ip', table: 't', name: 'c', type: 'filter', hook: 'input', prio: 0, policy: 'accept' } },
        ...extra,
        { rule: { family: 'ip', table: 't', chain: 'c', expr } },
      ],
    },
    null,
    2,
  );

describe('nft -j list ruleset: JSON read into the text model', () => {
  it('prints exactly as its text twin (nft list ruleset)', () => {
    const json = parseNft(JSON_TEXT);
    expect(json.diagnostics).toEqual([]);
    expect(printRuleset(json.ruleset)).toBe(printRuleset(parseNft(TEXT).ruleset));
    expect(printRuleset(json.ruleset)).toBe(TEXT);
  });

  it('traces as its text twin', () => {
    const packets: PacketSpec[] = [
      { in: 'eth1', proto: 'tcp', src: '10.1.2.3', sport: 40000, dst: '10.0.0.1', dport: 22 },
      { in: 'eth1', proto: 'tcp', src: '172.16.0.9', sport: 40001, dst: '10.96.0.10', dport: 80 },
      { in: 'eth0', proto: 'tcp', src: '172.16.0.9', sport: 40002, dst: '10.0.0.1', dport: 443 },
      { in: 'eth1', proto: 'tcp', src: '172.16.0.9', sport: 40003, dst: '1.2.3.4', dport: 443 },
    ];
    const host = {
      interfaces: [
        { name: 'eth0', addresses: ['10.0.0.1/24'] },
        { name: 'eth1', addresses: ['10.96.0.10/16', '1.2.3.4/32'] },
      ],
      routes: [],
      forwarding: true,
    };
    const run = (rules: string) => {
      const r = runTrace({ rules, packets, host, detail: 'walk', seed: 7 });
      if (!r.ok || !('results' in r)) throw new Error(JSON.stringify(r));
      return r.results.map((x) => ({ fate: x.fate, walk: x.walk, packet: x.packet }));
    };
    const fromText = run(TEXT);
    expect(run(JSON_TEXT)).toEqual(fromText);
    expect(fromText.map((r) => r.fate)).toContain('dropped');
  });

  it('places a rule at its first statement, and a jump target at its string', () => {
    const { ruleset } = parseNft(JSON_TEXT);
    const chain = ruleset.tables[0]!.chains.get('in')!;
    expect(ruleset.source.where(chain.rules[0]!.pos)).toMatchObject(at(JSON_TEXT, '"ct"', true));
    const text = oneRule([{ jump: { target: 'nope' } }]);
    expect(firstError(text)).toMatchObject({
      ...at(text, '"nope"'),
      message: 'Could not process rule: No such file or directory',
    });
  });

  it.each([
    [
      'a port out of range, at the value',
      [{ match: { op: '==', left: payload('tcp', 'dport'), right: 70000 } }],
      '70000',
      'Service out of range',
    ],
    [
      'a set that does not exist, at its name',
      [{ match: { op: '==', left: payload('ip', 'saddr'), right: '@nope' } }],
      '"@nope"',
      'No such file or directory',
    ],
    [
      'a verdict map that is a set',
      [{ vmap: { key: payload('ip', 'saddr'), data: { set: ['10.0.0.1'] } } }],
      'set',
      "syntax error, unexpected '}', expecting ':'",
    ],
    [
      'a statement after a verdict',
      [{ accept: null }, { counter: null }],
      'counter',
      'Statement after terminal statement has no effect',
    ],
  ])('refuses %s, with its JSON line and column', (_name, expr, needle, message) => {
    const text = oneRule(expr);
    const e = firstError(text)!;
    expect(e.message).toBe(message);
    // A value's error is at the value; an object's at its opening brace.
    expect(e).toMatchObject(at(text, needle, !/^["\d]/.test(needle)));
  });

  it('says where the JSON itself is broken', () => {
    const text = '{\n  "nftables": [\n    {"table": {"family": "ip" "name": "t"}}\n  ]\n}\n';
    expect(firstError(text)).toMatchObject({
      ...at(text, '"name"'),
      code: 'nft-json-CommaExpected',
      params: { error: 'CommaExpected' },
    });
    expect(firstError('[1]')).toMatchObject({ line: 1, col: 1, message: 'Expected object, got array' });
    const noName = '{"nftables": [{"table": {"family": "ip"}}]}';
    expect(firstError(noName)).toMatchObject({ ...at(noName, '{"family"'), message: 'Object item not found: name' });
  });

  it('keeps what it does not simulate (iptables-nft xt matches, IPv6 headers) and traces past it', () => {
    const text = oneRule([
      { xt: { type: 'match', name: 'conntrack' } },
      match('==', payload('ip6', 'saddr'), '::1'),
      { counter: { packets: 0, bytes: 0 } },
      { drop: null },
    ]);
    const p = parseNft(text);
    expect(p.rejected).toBe(false);
    const notSimulated = p.diagnostics.filter((d) => d.code === 'nft-not-simulated');
    expect(notSimulated.map((d) => d.params?.expr)).toEqual([
      'xt {"type":"match","name":"conntrack"}',
      'ip6 saddr ::1',
    ]);
    expect(notSimulated[1]).toMatchObject(at(text, '"match": {', true));
    const stmts = p.ruleset.tables[0]!.chains.get('c')!.rules[0]!.stmts;
    expect(stmts.map((s) => s.kind)).toEqual(['unknown', 'unknown', 'counter', 'verdict']);
    const r = runTrace({
      rules: text,
      packets: [{ in: 'eth0', proto: 'tcp', src: '10.0.0.2', sport: 1, dst: '10.0.0.1', dport: 2 }],
      host: { interfaces: [{ name: 'eth0', addresses: ['10.0.0.1/24'] }], routes: [], forwarding: false },
    });
    expect(r.ok && 'results' in r && r.results[0]!.fate).toBe('dropped');
  });

  it('reads libnftables commands (add, insert, flush ruleset) and skips named objects it has no model for (a limit)', () => {
    const text = JSON.stringify({
      nftables: [
        { add: { table: { family: 'ip', name: 'old' } } },
        { flush: { ruleset: null } },
        { add: { table: { family: 'ip', name: 't' } } },
        { add: { chain: { family: 'ip', table: 't', name: 'c' } } },
        { add: { rule: { family: 'ip', table: 't', chain: 'c', expr: [{ accept: null }] } } },
        { insert: { rule: { family: 'ip', table: 't', chain: 'c', expr: [{ drop: null }] } } },
        { limit: { family: 'ip', table: 't', name: 'slow', rate: 10, per: 'second' } },
      ],
    });
    const p = parseNft(text);
    expect(printRuleset(p.ruleset)).toBe('table ip t {\n\tchain c {\n\t\tdrop\n\t\taccept\n\t}\n}\n');
    expect(p.diagnostics).toMatchObject([{ code: 'nft-not-simulated', params: { expr: 'limit slow' } }]);
  });
});
