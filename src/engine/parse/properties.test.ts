// Properties over generated input: the save format is a fixed point (parse → save → parse is the identity), and
// nothing the user types makes the engine fail internally.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { saveRuleset } from '../save/format.ts';
import { analyzeRuleset } from './analyze.ts';
import { fakeLookup } from './fakeExtensions.ts';
import { parseRuleset, saveRuleset as saveWithModules } from './index.ts';

/** Rule ids and source positions (chains' pos; rules', matches' and targets' line and col). */
const POSITION_KEYS = new Set(['id', 'pos', 'line', 'col']);

/** The model without ids and source positions, which legitimately differ between two readings. */
function shape(value: unknown): unknown {
  if (value instanceof Map) return [...value.entries()].map(([k, v]) => [k, shape(v)]);
  if (Array.isArray(value)) return value.map(shape);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (!POSITION_KEYS.has(k)) out[k] = shape(v);
    return out;
  }
  return value;
}

const octet = fc.integer({ min: 0, max: 255 });
const address = fc
  .tuple(octet, octet, octet, octet, fc.option(fc.integer({ min: 0, max: 32 }), { nil: undefined }))
  .map(([a, b, c, d, p]) => `${a}.${b}.${c}.${d}${p === undefined ? '' : `/${p}`}`);
const iface = fc.constantFrom('eth0', 'eth+', 'wlan0', 'br-1a2b', 'veth12345678901');
const bang = fc.boolean().map((b) => (b ? '! ' : ''));
const words = fc.stringMatching(/^[a-z0-9 ._:/-]{1,20}$/).filter((s) => s.trim() === s && s.length > 0);

const rule = fc
  .record({
    src: fc.option(fc.tuple(bang, address), { nil: undefined }),
    dst: fc.option(fc.tuple(bang, address), { nil: undefined }),
    inIf: fc.option(fc.tuple(bang, iface), { nil: undefined }),
    outIf: fc.option(fc.tuple(bang, iface), { nil: undefined }),
    proto: fc.option(fc.tuple(bang, fc.constantFrom('tcp', 'udp', 'icmp', '47', 'sctp')), { nil: undefined }),
    frag: fc.option(bang, { nil: undefined }),
    comment: fc.option(words, { nil: undefined }),
    mark: fc.option(fc.tuple(bang, fc.integer({ min: 0, max: 0xffff })), { nil: undefined }),
    dport: fc.option(fc.tuple(bang, fc.integer({ min: 1, max: 65535 })), { nil: undefined }),
    target: fc.option(
      fc.oneof(
        fc.constantFrom('-j ACCEPT', '-j DROP', '-j RETURN', '-j USER', '-g USER', '-j CLASSIFY --set-class 1:1'),
        words.map((w) => `-j LOG --log-prefix "${w}"`),
      ),
      { nil: undefined },
    ),
  })
  .map((r) => {
    const parts: string[] = [];
    if (r.proto) parts.push(`${r.proto[0]}-p ${r.proto[1]}`);
    if (r.src) parts.push(`${r.src[0]}-s ${r.src[1]}`);
    if (r.dst) parts.push(`${r.dst[0]}-d ${r.dst[1]}`);
    if (r.inIf) parts.push(`${r.inIf[0]}-i ${r.inIf[1]}`);
    if (r.outIf) parts.push(`${r.outIf[0]}-o ${r.outIf[1]}`);
    if (r.frag !== undefined) parts.push(`${r.frag}-f`);
    if (r.comment) parts.push(`-m comment --comment "${r.comment}"`);
    if (r.mark) parts.push(`-m mark ${r.mark[0]}--mark ${r.mark[1]}`);
    if (r.dport && r.proto?.[0] === '' && r.proto[1] === 'tcp') parts.push(`${r.dport[0]}--dport ${r.dport[1]}`);
    if (r.target) parts.push(r.target);
    return parts.join(' ');
  });

const dump = fc
  .array(fc.tuple(fc.constantFrom('FORWARD', 'USER'), rule), { maxLength: 8 })
  .map(
    (rules) =>
      `*filter\n:FORWARD DROP [0:0]\n:USER - [0:0]\n${rules.map(([c, r]) => `-A ${c} ${c === 'USER' ? r.replace(/-[jg] USER/, '-j ACCEPT') : r}`).join('\n')}\nCOMMIT\n`,
  );

describe('save is a fixed point of parse', () => {
  it('parse → save → parse gives the same model, and saving again gives the same text', () => {
    fc.assert(
      fc.property(dump, (text) => {
        const first = analyzeRuleset(text, fakeLookup);
        expect(first.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        const saved = saveRuleset(first.ruleset, { lookup: fakeLookup, counters: true });
        const second = analyzeRuleset(saved, fakeLookup);
        expect(shape(second.ruleset)).toEqual(shape(first.ruleset));
        expect(saveRuleset(second.ruleset, { lookup: fakeLookup, counters: true })).toBe(saved);
      }),
      { numRuns: 300 },
    );
  });
});

const iptablesWord = fc.oneof(
  fc.constantFrom(
    'iptables',
    '-t',
    'nat',
    '-A',
    '-I',
    '-D',
    '-R',
    '-N',
    '-X',
    '-E',
    '-P',
    '-F',
    '-Z',
    'INPUT',
    'FORWARD',
    'X',
    '1',
    '0',
    '-p',
    'tcp',
    '-s',
    '-d',
    '1.2.3.4/24',
    '-i',
    '-o',
    'eth0',
    '!',
    '-m',
    'tcp',
    'comment',
    'mark',
    'statistic',
    'conntrack',
    'multiport',
    '--dport',
    '--comment',
    '--ctstate',
    'NEW',
    '--mark',
    '-j',
    '-g',
    'ACCEPT',
    'DROP',
    'DNAT',
    'MASQUERADE',
    'LOG',
    'REJECT',
    '--to-destination',
    '10.0.0.1:80',
    '"',
    "'",
    '\\',
    '*filter',
    'COMMIT',
    ':INPUT',
    '[0:0]',
    '-c',
    '--',
    '=',
    '-f',
    '#',
    'MARK',
    '--set-mark',
    '0x1/0xff',
    '-w',
    'sudo',
  ),
  fc.string({ maxLength: 6 }),
);
const line = fc.array(iptablesWord, { maxLength: 12 }).map((w) => w.join(' '));

describe('robustness: nothing escapes the engine', () => {
  it('arbitrary text never fails internally', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        const r = parseRuleset(text);
        expect(r.diagnostics.filter((d) => d.code?.startsWith('internal-error'))).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it('lines made of iptables words, in scripts and in dumps, never fail internally and always locate errors', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 10 }), fc.boolean(), (lines, asDump) => {
        const text = asDump ? `*filter\n${lines.join('\n')}\nCOMMIT\n` : lines.join('\n');
        const r = parseRuleset(text);
        for (const d of r.diagnostics) {
          expect(d.code ?? '').not.toMatch(/^internal-error/);
          expect(d.line).toBeGreaterThanOrEqual(1);
          expect(d.col).toBeGreaterThanOrEqual(1);
        }
        // Whatever loaded saves and reads back without errors.
        if (!r.rejected) {
          const again = parseRuleset(saveWithModules(r.ruleset));
          expect(again.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        }
      }),
      { numRuns: 400 },
    );
  });
});
