// Property tests: the printer's output reads back to the same ruleset (print → parse → print is the identity), and
// no text, however broken, makes the parser throw.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseNft, printRuleset } from './index.ts';

const name = fc.constantFrom('a', 'b', 'web', 'c-fwd', 'svc-1/tcp');
const addr = fc
  .tuple(fc.integer({ min: 1, max: 223 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }))
  .map(([a, b, c]) => `${a}.${b}.${c}.1`);
const port = fc.integer({ min: 0, max: 65535 });

const match = fc.oneof(
  addr.map((a) => `ip saddr ${a}`),
  addr.map((a) => `ip daddr != ${a}`),
  port.map((p) => `tcp dport ${p}`),
  fc.tuple(port, port).map(([a, b]) => `udp sport ${Math.min(a, b)}-${Math.max(a, b)}`),
  fc.uniqueArray(port, { minLength: 1, maxLength: 4 }).map((ps) => `th dport { ${ps.join(', ')} }`),
  fc.constantFrom(
    'ct state established,related',
    'ct state new',
    'meta l4proto tcp',
    'iifname "eth0"',
    'oifname != "eth1"',
    'meta mark 0x00000010',
    'tcp flags syn',
    'tcp flags { ack, syn | ack }',
    'tcp flags == 0x12',
    'fib daddr type local',
    'icmp type echo-request',
  ),
);
const statement = fc.constantFrom(
  'counter packets 0 bytes 0',
  'meta mark set 0x00000001',
  'meta mark set meta mark | 0x00004000',
  'ct mark set meta mark',
  'meta mark set ip saddr map { 10.0.0.1 : 0x00000001, 10.0.0.2 : 0x00000002 }',
  'log prefix "x: "',
  'limit rate 10/second',
);
const verdict = fc.oneof(
  fc.constantFrom('accept', 'drop', 'return', 'continue', ''),
  name.map((n) => `jump ${n}`),
  name.map((n) => `goto ${n}`),
);
/** `tcp dport 1 udp sport 2`, `meta l4proto tcp udp sport 2`: nft refuses a rule naming two transport protocols
 * (evaluate.c), so none is made; nor `udp sport 1 meta l4proto tcp th dport 2`, which nft lists with `tcp dport 2`. */
const oneProtocol = (matches: string[]) =>
  new Set(matches.map((m) => /^(?:meta l4proto )?(tcp|udp|icmp)\b/.exec(m)?.[1]).filter(Boolean)).size <= 1;
/** `meta l4proto tcp meta l4proto tcp tcp dport 0`: nft 1.0.6 lists it as `meta l4proto tcp tcp dport 0` (only the
 * last test is taken for tcp's dependency and dropped), and that as `tcp dport 0`. Its listing settles only on the
 * second round (merge.test.ts), so no rule repeats `meta l4proto`: this generator wrote one about once in 30,000
 * rulesets, and the property failed in about one run of the suite in 200. */
const oneL4protoTest = (matches: string[]) => matches.filter((m) => m.startsWith('meta l4proto ')).length <= 1;
const rule = fc
  .tuple(
    fc.array(match, { maxLength: 3 }).filter((m) => oneProtocol(m) && oneL4protoTest(m)),
    fc.array(statement, { maxLength: 2 }),
    verdict,
  )
  .map(([m, s, v]) => [...m, ...s, v].filter(Boolean).join(' '))
  .filter((r) => r.length > 0);

/** A ruleset of regular chains (every jump target exists) and one base chain that jumps nowhere that loops. */
const ruleset = fc
  .record({
    family: fc.constantFrom('ip', 'inet'),
    hook: fc.constantFrom('prerouting', 'input', 'forward', 'output', 'postrouting'),
    priority: fc.integer({ min: -400, max: 400 }),
    policy: fc.constantFrom('accept', 'drop'),
    rules: fc.array(rule, { maxLength: 4 }),
  })
  .map(
    ({ family, hook, priority, policy, rules }) =>
      `table ${family} t {\n\tchain base {\n\t\ttype filter hook ${hook} priority ${priority}; policy ${policy};\n` +
      rules.map((r) => `\t\t${r.replace(/(jump|goto) \S+/, 'jump leaf')}\n`).join('') +
      `\t}\n\n\tchain leaf {\n\t\tcounter packets 0 bytes 0\n\t}\n}\n`,
  );

describe('nft printer and parser properties', () => {
  it('print → parse → print is the identity', () => {
    fc.assert(
      fc.property(ruleset, (text) => {
        const first = parseNft(text);
        expect(first.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        const printed = printRuleset(first.ruleset);
        const again = parseNft(printed);
        expect(again.rejected).toBe(false);
        expect(printRuleset(again.ruleset)).toBe(printed);
      }),
      { numRuns: 150 },
    );
  });

  it('random text never throws: it is loaded or refused with a line and column', () => {
    const token = fc.constantFrom(
      'table',
      'ip',
      'inet',
      't',
      '{',
      '}',
      ';',
      '\n',
      'chain',
      'c',
      'type',
      'filter',
      'hook',
      'input',
      'priority',
      '0',
      'policy',
      'drop',
      'accept',
      'tcp',
      'dport',
      '80',
      '@s',
      'set',
      's',
      'map',
      'vmap',
      ':',
      '.',
      ',',
      'jump',
      'add',
      'rule',
      'element',
      '"x"',
      '#',
      'ct',
      'state',
      'new',
      '!=',
      'meta',
      'mark',
      '0x10',
      'dnat',
      'to',
      '1.2.3.4:80',
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 40 }), (tokens) => {
        const p = parseNft(tokens.join(' '));
        if (p.rejected) {
          const e = p.diagnostics.find((d) => d.severity === 'error')!;
          expect(e.line).toBeGreaterThan(0);
          expect(e.col).toBeGreaterThan(0);
        }
      }),
      { numRuns: 400 },
    );
  });
});
