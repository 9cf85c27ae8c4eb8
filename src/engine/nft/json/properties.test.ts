// Property: a random ruleset written as nft text and as its libnftables JSON twin (the objects `nft -j list ruleset`
// prints for each expression, libnftables-json(5)) reads into the same model: both print the same `nft list ruleset`;
// the lab's JSON printer writes the twin back, and text → model → JSON → model → text is the identity.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseNft, printRuleset } from '../index.ts';
import { printNftJson } from './write.ts';

type Twin = { text: string; json: unknown };

const payload = (protocol: string, field: string) => ({ payload: { protocol, field } });
const meta = (key: string) => ({ meta: { key } });
const match = (text: string, op: string, left: unknown, right: unknown): Twin => ({
  text,
  json: { match: { op, left, right } },
});

const addr = fc
  .tuple(fc.integer({ min: 1, max: 223 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }))
  .map(([a, b, c]) => `${a}.${b}.${c}.1`);
const port = fc.integer({ min: 0, max: 65535 });

const matchTwin: fc.Arbitrary<Twin> = fc.oneof(
  addr.map((a) => match(`ip saddr ${a}`, '==', payload('ip', 'saddr'), a)),
  addr.map((a) => match(`ip daddr != ${a}`, '!=', payload('ip', 'daddr'), a)),
  port.map((p) => match(`tcp dport ${p}`, '==', payload('tcp', 'dport'), p)),
  fc
    .tuple(port, port)
    .map(([a, b]) => [Math.min(a, b), Math.max(a, b)])
    .map(([lo, hi]) => match(`udp sport ${lo}-${hi}`, '==', payload('udp', 'sport'), { range: [lo, hi] })),
  fc
    .uniqueArray(port, { minLength: 2, maxLength: 4 })
    .map((ps) => match(`th dport { ${ps.join(', ')} }`, '==', payload('th', 'dport'), { set: ps })),
  fc.constantFrom(
    match('ct state established,related', 'in', { ct: { key: 'state' } }, ['established', 'related']),
    match('ct state new', 'in', { ct: { key: 'state' } }, 'new'),
    match('ct state == new', '==', { ct: { key: 'state' } }, 'new'),
    match('meta l4proto tcp', '==', meta('l4proto'), 'tcp'),
    match('iifname "eth0"', '==', meta('iifname'), 'eth0'),
    match('oifname != "eth1"', '!=', meta('oifname'), 'eth1'),
    match('meta mark 0x00000010', '==', meta('mark'), 16),
    match('tcp flags syn', 'in', payload('tcp', 'flags'), 'syn'),
    match('tcp flags syn / syn,ack', '==', { '&': [payload('tcp', 'flags'), ['syn', 'ack']] }, 'syn'),
    match('fib daddr type local', '==', { fib: { result: 'type', flags: ['daddr'] } }, 'local'),
    match('icmp type echo-request', '==', payload('icmp', 'type'), 'echo-request'),
    match('ip saddr 10.0.0.0/8', '==', payload('ip', 'saddr'), { prefix: { addr: '10.0.0.0', len: 8 } }),
  ),
);

const statementTwin: fc.Arbitrary<Twin> = fc.constantFrom(
  { text: 'counter packets 0 bytes 0', json: { counter: { packets: 0, bytes: 0 } } },
  { text: 'meta mark set 0x00000001', json: { mangle: { key: meta('mark'), value: 1 } } },
  {
    text: 'meta mark set meta mark | 0x00004000',
    json: { mangle: { key: meta('mark'), value: { '|': [meta('mark'), 16384] } } },
  },
  { text: 'ct mark set meta mark', json: { mangle: { key: { ct: { key: 'mark' } }, value: meta('mark') } } },
  { text: 'log prefix "x: "', json: { log: { prefix: 'x: ' } } },
  { text: 'limit rate 10/second', json: { limit: { rate: 10, burst: 5, per: 'second' } } },
);

const verdictTwin: fc.Arbitrary<Twin | undefined> = fc.constantFrom(
  undefined,
  { text: 'accept', json: { accept: null } },
  { text: 'drop', json: { drop: null } },
  { text: 'return', json: { return: null } },
  { text: 'continue', json: { continue: null } },
  { text: 'jump leaf', json: { jump: { target: 'leaf' } } },
  { text: 'goto leaf', json: { goto: { target: 'leaf' } } },
);

const ruleTwin = fc
  .tuple(fc.array(matchTwin, { maxLength: 3 }), fc.array(statementTwin, { maxLength: 2 }), verdictTwin)
  .map(([m, s, v]) => thAsListed([...m, ...s, ...(v ? [v] : [])]))
  .filter((parts) => parts.length > 0 && !foldsDependency(parts) && !conflictingProtocols(parts));

/**
 * `udp sport 1 icmp type echo-request`, `meta l4proto tcp udp sport 0`: nft refuses a rule naming two transport
 * protocols (evaluate.c resolve_protocol_conflict; nft 1.0.6 says "conflicting protocols specified: tcp vs. udp").
 */
function conflictingProtocols(parts: Twin[]): boolean {
  const named = new Set(parts.map((p) => /^(?:meta l4proto )?(tcp|udp|icmp)\b/.exec(p.text)?.[1]).filter(Boolean));
  return named.size > 1;
}

/**
 * After a `tcp` (`udp`) field nft lists `th` as `tcp` (`udp`): the dependency it inserts for the tcp field sets the protocol context
 * (nftables src/payload.c payload_gen_dependency; nft 1.0.6 lists `tcp dport 0 th dport { 0, 1 }` as
 * `tcp dport 0 tcp dport { 0, 1 }`). After an `icmp` field `th dport` is `icmp checksum` (the same bytes): nft 1.0.6
 * lists `icmp type echo-request th dport { 0, 1 }` as `icmp type echo-request icmp checksum { 0, 1 }`.
 */
function thAsListed(parts: Twin[]): Twin[] {
  let proto: string | undefined;
  return parts.map((p) => {
    proto = /^(tcp|udp|icmp) /.exec(p.text)?.[1] ?? proto;
    if (!proto || !p.text.startsWith('th ')) return p;
    const named = proto === 'icmp' ? '"protocol":"icmp","field":"checksum"' : `"protocol":"${proto}","field":"dport"`;
    return {
      ...p,
      json: JSON.parse(JSON.stringify(p.json).replace('"protocol":"th","field":"dport"', named)) as unknown,
    };
  });
}

/** `meta l4proto tcp` before a tcp or th field: nft lists the rule without it (fold.ts), so no twin of its own. */
function foldsDependency(parts: Twin[]): boolean {
  const dep = parts.findIndex((p) => p.text === 'meta l4proto tcp');
  return dep >= 0 && parts.slice(dep + 1).some((p) => /^(tcp|th) /.test(p.text));
}

const rulesetTwin = fc
  .record({
    family: fc.constantFrom('ip', 'inet'),
    hook: fc.constantFrom('prerouting', 'input', 'forward', 'output', 'postrouting'),
    priority: fc.integer({ min: -400, max: 400 }),
    policy: fc.constantFrom('accept', 'drop'),
    rules: fc.array(ruleTwin, { maxLength: 4 }),
  })
  .map(({ family, hook, priority, policy, rules }) => {
    const text =
      `table ${family} t {\n\tchain leaf {\n\t\tcounter packets 0 bytes 0\n\t}\n\n\tchain base {\n` +
      `\t\ttype filter hook ${hook} priority ${priority}; policy ${policy};\n` +
      rules.map((r) => `\t\t${r.map((p) => p.text).join(' ')}\n`).join('') +
      '\t}\n}\n';
    const rule = (chain: string, expr: unknown[]) => ({ rule: { family, table: 't', chain, expr } });
    const json = {
      nftables: [
        { table: { family, name: 't' } },
        { chain: { family, table: 't', name: 'leaf' } },
        { chain: { family, table: 't', name: 'base', type: 'filter', hook, prio: priority, policy } },
        rule('leaf', [{ counter: { packets: 0, bytes: 0 } }]),
        ...rules.map((r) =>
          rule(
            'base',
            r.map((p) => p.json),
          ),
        ),
      ],
    };
    return { text, json: JSON.stringify(json, null, 1), exprs: rules.map((r) => r.map((p) => p.json)) };
  });

/** Anonymous sets in any order: nft lists them in the kernel's hash order, the lab in key order. */
function unordered(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(unordered);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(
    Object.entries(v).map(([k, x]) => {
      const u = unordered(x);
      return [
        k,
        k === 'set' && Array.isArray(u) ? [...u].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1)) : u,
      ];
    }),
  );
}

describe('nft JSON and text twins', () => {
  it('read into the same ruleset (same nft list ruleset output)', () => {
    fc.assert(
      fc.property(rulesetTwin, ({ text, json }) => {
        const fromText = parseNft(text);
        const fromJson = parseNft(json);
        expect(fromText.rejected).toBe(false);
        expect(fromJson.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        expect(printRuleset(fromJson.ruleset)).toBe(printRuleset(fromText.ruleset));
      }),
      { numRuns: 150 },
    );
  });

  it('the JSON printer writes each rule as its JSON twin', () => {
    fc.assert(
      fc.property(rulesetTwin, ({ text, exprs }) => {
        const listed = JSON.parse(printNftJson(parseNft(text).ruleset).text) as { nftables: Record<string, unknown>[] };
        const rules = listed.nftables.filter((o) => 'rule' in o).map((o) => (o.rule as { expr: unknown }).expr);
        expect(unordered(rules.slice(1))).toEqual(unordered(exprs));
      }),
      { numRuns: 60 },
    );
  });

  it('text → model → JSON → model → text is the identity, and the JSON a fixed point', () => {
    fc.assert(
      fc.property(rulesetTwin, ({ text }) => {
        const model = parseNft(text).ruleset;
        const json = printNftJson(model).text;
        const again = parseNft(json);
        expect(again.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        expect(printRuleset(again.ruleset)).toBe(printRuleset(model));
        expect(printNftJson(again.ruleset).text).toBe(json);
      }),
      { numRuns: 60 },
    );
  });

  it('random JSON never throws: it is loaded or refused with a line and column', () => {
    const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
      v: fc.oneof(
        { depthSize: 'small' },
        fc.constantFrom(null, true, 0, 80, 'ip', 'tcp', 'saddr', '@s', 'accept', 'x y', '10.0.0.1'),
        fc.dictionary(
          fc.constantFrom('match', 'payload', 'meta', 'key', 'op', 'left', 'right', 'set', 'jump', 'target', 'vmap'),
          tie('v'),
          { maxKeys: 3 },
        ),
        fc.array(tie('v'), { maxLength: 3 }),
      ),
    })).v;
    fc.assert(
      fc.property(fc.array(value, { maxLength: 4 }), (expr) => {
        const text = JSON.stringify({
          nftables: [
            { table: { family: 'ip', name: 't' } },
            { chain: { family: 'ip', table: 't', name: 'c' } },
            { rule: { family: 'ip', table: 't', chain: 'c', expr } },
          ],
        });
        const p = parseNft(text);
        if (p.rejected) {
          const e = p.diagnostics.find((d) => d.severity === 'error')!;
          expect(e.line).toBeGreaterThan(0);
          expect(e.col).toBeGreaterThan(0);
        }
      }),
      { numRuns: 300 },
    );
  });
});
