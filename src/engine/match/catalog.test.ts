// Every explanation id the match modules can emit has a sentence in src/i18n/en/match.json. Literal ids are read
// from the sources; ids built from parts are listed here from their templates.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { catalogProblems } from './util/catalogCheck.ts';

const HERE = dirname(fileURLToPath(import.meta.url));

function literalIds(): string[] {
  const files = [
    ...readdirSync(HERE).map((f) => join(HERE, f)),
    ...readdirSync(join(HERE, 'util')).map((f) => join(HERE, 'util', f)),
  ].filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
  const ids = new Set<string>();
  for (const file of files)
    for (const m of readFileSync(file, 'utf8').matchAll(/'(match\.[a-z0-9.-]+)'/g)) if (m[1]) ids.add(m[1]);
  return [...ids];
}

const product = (...lists: string[][]): string[] =>
  lists.reduce<string[]>((acc, list) => acc.flatMap((a) => list.map((b) => (a ? `${a}.${b}` : b))), ['']);

const TEMPLATE_IDS = [
  ...product(['match'], ['tcp', 'udp', 'sctp'], ['sport', 'dport'], ['is', 'is-not', 'in', 'not-in']),
  ...product(['match.addrtype'], ['src', 'dst'], ['is', 'is-not'], ['host', 'on-iface']),
  ...product(
    ['match.conntrack'],
    [
      'ctorigsrc',
      'ctorigdst',
      'ctreplsrc',
      'ctrepldst',
      'ctorigsrcport',
      'ctorigdstport',
      'ctreplsrcport',
      'ctrepldstport',
    ],
    ['in', 'out'],
  ),
  ...product(['match.generic'], ['src', 'dst'], ['in', 'out']),
  ...product(['match.generic'], ['in', 'out'], ['is', 'is-not', 'fits', 'misfits', 'none', 'none-fits']),
  ...product(['match'], ['mark', 'connmark'], ['equal', 'differ']),
  'match.connmark.no-conntrack',
  ...['under', 'over', 'under-shared', 'over-shared'].map((s) => `match.hashlimit.${s}`),
  ...product(['match.iprange'], ['src', 'dst'], ['in', 'out']),
  ...product(['match.multiport'], ['src', 'dst', 'either'], ['listed', 'unlisted']),
  ...product(['match.owner'], ['uid', 'gid'], ['in', 'out']),
  ...['often', 'seldom', 'often-ever', 'seldom-ever'].map((s) => `match.recent.${s}`),
  ...product(['match.ttl'], ['eq', 'ne', 'lt', 'gt'], ['yes', 'no']),
  ...product(['match.set.return-nomatch'], ['match', 'nomatch', 'none']),
  ...product(['match.connlimit'], ['saddr', 'daddr'], ['above', 'upto']),
  ...product(
    ['match.rpfilter'],
    ['zeronet', 'loopback', 'local', 'not-unicast', 'no-route', 'loose', 'same-iface', 'other-iface'],
  ),
];

describe('the match catalog', () => {
  it('finds the literal ids in the sources (the scan works)', () => {
    expect(literalIds()).toContain('match.not-simulated');
  });

  it.each([...literalIds(), ...TEMPLATE_IDS])('has a sentence for %s', (id) => {
    expect(catalogProblems([{ id, params: {}, matched: true }]).filter((p) => p.includes('no sentence'))).toEqual([]);
  });
});

describe('sentence params', () => {
  it('avoid the names i18next reserves for its own options (count pluralises, context picks variants)', () => {
    const text = readFileSync(join(HERE, '../../i18n/en/match.json'), 'utf8');
    const used = new Set([...text.matchAll(/\{\{\s*([\w.-]+)\s*\}\}/g)].map((m) => m[1]));
    for (const reserved of ['count', 'context', 'ns', 'lng', 'defaultValue', 'ordinal', 'replace'])
      expect(used.has(reserved)).toBe(false);
  });
});

describe('the refusals (match.json error.*)', () => {
  const sources = [
    ...readdirSync(HERE).map((f) => join(HERE, f)),
    ...readdirSync(join(HERE, 'util')).map((f) => join(HERE, 'util', f)),
  ]
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => readFileSync(f, 'utf8'))
    .join('\n');
  const sentences = (
    JSON.parse(readFileSync(join(HERE, '../../i18n/en/match.json'), 'utf8')) as { error: Record<string, string> }
  ).error;
  const errors = Object.keys(sentences);

  // The modules name them as literals (fail('bad-port', …), new MatchProblem('bad-port', …)), which the type of
  // MatchErrorId checks against the catalog; this checks the other way: no sentence is left that nothing says.
  it.each(errors)('%s is said by some module', (reason) => {
    expect(sources).toContain(`'${reason}'`);
  });

  it('do not use the param the diagnostic module-error names them with ({{reason}})', () => {
    expect(Object.values(sentences).filter((s) => s.includes('{{reason}}'))).toEqual([]);
  });
});
