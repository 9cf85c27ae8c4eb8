// Every explanation id a match module can emit has a sentence in src/i18n/en/match.json: `say` takes a
// MatchExplainId, the type of match.json's sentence paths, so a missing sentence does not compile (as for targets).
// What the type cannot see is checked here: params the sentences may not use, and refusals nothing says.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const HERE = dirname(fileURLToPath(import.meta.url));

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
