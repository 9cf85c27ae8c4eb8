// `check` keeps no rules (validate/streaming.ts): its verdict must be the one the whole model gives, diagnostic for
// diagnostic, on every kind of input — real dumps, a kube-proxy dump, and texts made to hit each cross-rule check.
import fc from 'fast-check';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateKubeProxyDump } from '../gen/kubeProxy.ts';
import { StreamingValidator } from '../validate/streaming.ts';
import { checkRuleset, checkRulesetPieces, defaultLookup, MAX_INPUT_BYTES, parseRuleset } from './index.ts';
import { parseText } from './ruleset.ts';

const DUMPS = path.resolve(import.meta.dirname, '../../../../shared/real-dumps');
const dumps = fs.existsSync(DUMPS) ? fs.readdirSync(DUMPS).filter((f) => f.endsWith('.rules')) : [];

/** The text cut at `cuts` (offsets, any order): pieces that end anywhere, mid-line or mid-word, some empty. */
function cutAt(text: string, cuts: number[]): string[] {
  const at = [0, ...cuts.map((c) => Math.min(c, text.length)).sort((a, b) => a - b), text.length];
  return at.slice(1).map((end, k) => text.slice(at[k], end));
}

/** Cuts every `step` characters, and just before and after each line end. */
function cutsOf(text: string, step: number): number[] {
  const cuts: number[] = [];
  for (let i = step; i < text.length; i += step) cuts.push(i);
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) if (i % 7 === 0) cuts.push(i, i + 1);
  return cuts;
}

function expectSameVerdict(text: string, ipsets?: string[]): void {
  const opts = ipsets ? { ipsets } : {};
  const whole = parseRuleset(text, opts);
  const checked = checkRuleset(text, opts);
  expect(checked.diagnostics).toEqual(whole.diagnostics);
  expect(checked.rejected).toBe(whole.rejected);
  expect(checked.summary).toEqual(whole.summary);
  expect(checked.format).toBe(whole.format);
  // Read in pieces (`nflab check` on a file), wherever they are cut: the same verdict.
  // Fine cuts on small texts; one cut every 4 KB on big ones (a 400 KB dump is read a few seconds per pass here).
  const steps = text.length > 20_000 ? [4096] : [1, 3, 64];
  for (const step of steps) expect(checkRulesetPieces(cutAt(text, cutsOf(text, step)), opts)).toEqual(checked);
}

const CROSS_RULE: Record<string, string> = {
  'a loop a built-in chain reaches, and one nothing reaches':
    '*filter\n:A - [0:0]\n:B - [0:0]\n:C - [0:0]\n:D - [0:0]\n-A INPUT -j A\n-A A -j B\n-A B -j A\n' +
    '-A B -s 1.2.3.4,5.6.7.8 -j A\n-A C -j D\n-A D -g C\nCOMMIT\n',
  'jumps to missing chains, one expanded by an address list':
    '*filter\n-A INPUT -j NOPE\n-A INPUT -s 1.1.1.1,2.2.2.2 -j NOPE2\n-A FORWARD -j NOPE\nCOMMIT\n',
  'targets, matches and interfaces in places the kernel refuses':
    '*nat\n:X - [0:0]\n-A INPUT -j X\n-A POSTROUTING -j X\n-A X -p tcp -j DNAT --to-destination 1.2.3.4\n' +
    '-A X -j MASQUERADE\n-A OUTPUT -i eth0 -o eth1 -j ACCEPT\n-A PREROUTING -i eth0 -o eth1 -s 1.1.1.1,2.2.2.2\n' +
    'COMMIT\n*filter\n:Y - [0:0]\n-A INPUT -j Y\n-A OUTPUT -j Y\n-A Y -m owner --uid-owner 0 -j REJECT\n' +
    '-A Y -m comment --comment x -m mac --mac-source 00:11:22:33:44:55 -j ACCEPT\n-A Y -j DNAT --to 1.2.3.4\n' +
    '-A FORWARD -m set --match-set nope src -j ACCEPT\nCOMMIT\n',
  'a table read twice: only the second one counts':
    '*filter\n:A - [0:0]\n-A INPUT -j A\n-A A -j NOPE\nCOMMIT\n*filter\n:B - [0:0]\n-A INPUT -j B\n-A B -j NOPE2\n' +
    'COMMIT\n*nat\n-A PREROUTING -j NOPE3\nCOMMIT\n',
  'a table read again without the chain the first one jumped to':
    '*filter\n:A - [0:0]\n-A INPUT -j A\nCOMMIT\n*filter\n-A INPUT -j A\nCOMMIT\n',
  'tables without COMMIT': '*filter\n-A INPUT -j NOPE\n*nat\n-A OUTPUT -j X\n',
  'a chain made by -N after the jump to it, and a policy':
    '*filter\n-A INPUT -j A\n-N A\n-A A -j INPUT\n-A A -j B\n-P FORWARD DROP\nCOMMIT\n',
  'commands that edit loaded rules (the whole model is built)':
    '*filter\n:A - [0:0]\n-A INPUT -j A\n-I INPUT -j A\n-D INPUT 1\n-A A -j NOPE\n-X A\n-F A\n-E A B\n-A B -j B\nCOMMIT\n',
  'a script with a continued line and commands on loaded rules':
    'iptables -N A\niptables -A INPUT -j A\niptables -A A -j B\niptables -N B\niptables -A B -j A\n' +
    'iptables -t nat -A OUTPUT -j DNAT --to 1.2.3.4\niptables -A OUTPUT -i eth0 \\\n  -o eth1 -j ACCEPT\n' +
    'iptables -I INPUT -j A\n',
  'a script of appends only':
    'iptables -N A\niptables -A INPUT -j A\niptables -A A -j NOPE\niptables -A OUTPUT -i eth0 \\\n  -j A\n',
  'counters, comments and bad lines':
    '# dump\n*filter\n[1:2] -A INPUT -j ACCEPT\n-A INPUT -c 1 2 -j DROP\n-A INPUT --bogus\n:BAD\nCOMMIT\n',
  'a byte-order mark': '\ufeff*filter\n-A INPUT -j X\nCOMMIT\n',
  'binary input': 'abc\u0000def',
  'a NUL byte far from the start': '*filter\n' + '-A INPUT -j ACCEPT\n'.repeat(300) + '-A INPUT -j \u0000\nCOMMIT\n',
  'replacement characters at the start': '\ufffd'.repeat(40) + '\n*filter\nCOMMIT\n',
  'a table header far from the start': 'iptables -A INPUT -j ACCEPT\n'.repeat(300) + '*filter\n-A INPUT -j X\nCOMMIT\n',
  'a script whose line ends are CRLF and a backslash at a line end':
    'iptables -A INPUT \\\r\n -j ACCEPT\r\niptables -A INPUT -j DROP \\\n',
  'a table header after blank lines with spaces': '  \n \t\n  *filter\n-A INPUT -j ACCEPT\nCOMMIT',
  'a line ending in a backslash at the very end': 'iptables -A INPUT -j ACCEPT \\',
  'nothing at all': '',
};

describe('check gives the verdict of the whole model without keeping the rules', () => {
  it.each(Object.keys(CROSS_RULE))('%s', (name) => expectSameVerdict(CROSS_RULE[name]!));

  it('with the ipsets known', () =>
    expectSameVerdict(
      '*filter\n-A INPUT -m set --match-set a src -j ACCEPT\n-A INPUT -j SET --add-set b src\nCOMMIT\n',
      ['a'],
    ));

  it('on a kube-proxy dump', () => expectSameVerdict(generateKubeProxyDump({ services: 40, endpoints: 2 })));

  it.skipIf(dumps.length === 0).each(dumps)('on the real dump %s', (file) =>
    expectSameVerdict(fs.readFileSync(path.join(DUMPS, file), 'utf8')),
  );

  it('gives the same verdict however a text is cut into pieces', () => {
    const texts = Object.values(CROSS_RULE);
    fc.assert(
      fc.property(fc.constantFrom(...texts), fc.array(fc.nat(), { maxLength: 12 }), (text, cuts) => {
        const pieces = cutAt(
          text,
          cuts.map((c) => c % (text.length + 1)),
        );
        expect(checkRulesetPieces(pieces)).toEqual(checkRuleset(text));
      }),
    );
  });

  it('refuses a text too large to read, given in pieces, with its size', () => {
    const megabyte = '# a comment line\n'.repeat(1 << 16);
    const pieces = ['*filter\n', ...new Array<string>(MAX_INPUT_BYTES / (1 << 20)).fill(megabyte)];
    const checked = checkRulesetPieces(pieces);
    expect(checked).toEqual(checkRuleset(pieces.join('')));
    expect(checked.diagnostics.map((d) => d.code)).toEqual(['too-large']);
  });

  it('holds no rule of a dump in its chains', () => {
    const sink = new StreamingValidator(defaultLookup);
    const parsed = parseText(generateKubeProxyDump({ services: 20, endpoints: 2 }), defaultLookup, sink);
    expect(sink.needsModel).toBe(false);
    expect(sink.ruleCount(parsed.ruleset)).toBeGreaterThan(100);
    for (const table of parsed.ruleset.tables.values())
      for (const chain of table.chains.values()) expect(chain.rules).toEqual([]);
  });
});
