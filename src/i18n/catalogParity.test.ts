// Every language folder beside en/ is a complete translation: the same files, the same keys and, in each string,
// the same {{placeholders}} (with their formats) and nested $t(…) sentences as English. A missing key would
// silently show English (the fallback); a missing or renamed placeholder would show a sentence with a hole in it. The one allowed difference is plurals: where English
// has key_one and key_other, a language with a single plural form (Chinese, Japanese: Intl.PluralRules says
// "other" for every number) may have key_other alone, which is what i18next looks up for it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('.', import.meta.url));

type Leaves = Map<string, unknown>;

/** Dotted key → value for every non-object value of a catalog. */
function leaves(node: unknown, prefix = '', out: Leaves = new Map()): Leaves {
  if (typeof node === 'object' && node !== null && !Array.isArray(node)) {
    for (const [key, value] of Object.entries(node)) leaves(value, prefix ? `${prefix}.${key}` : key, out);
  } else out.set(prefix, node);
  return out;
}

/**
 * The interpolations of a sentence with their formats ({{fields, list}}), and the sentences it nests
 * ($t(ui:fate.{{fate}})), sorted and without repeats ({{n}} twice counts once).
 */
function placeholders(sentence: string): string[] {
  const values = [...sentence.matchAll(/\{\{\s*([^{}\s,]+)\s*(?:,\s*([^{}]*?)\s*)?\}\}/g)].map((m) =>
    m[2] ? `{{${m[1]}, ${m[2]}}}` : `{{${m[1]}}}`,
  );
  const nested = [...sentence.matchAll(/\$t\(([^)]*)\)/g)].map((m) => `$t(${m[1]!.replace(/\s+/g, '')})`);
  return [...new Set([...values, ...nested])].sort();
}

const listed = (names: string[]): string => (names.length === 0 ? 'none' : names.join(' '));

/** What is wrong with `translated` (one catalog file) compared with the English file `english`. */
export function parityProblems(english: unknown, translated: unknown): string[] {
  const en = leaves(english);
  const tr = leaves(translated);
  const problems: string[] = [];
  // English plural pairs whose _one a one-form language may leave out.
  const optional = new Set(
    [...en.keys()].filter((k) => k.endsWith('_one') && en.has(`${k.slice(0, -'_one'.length)}_other`)),
  );
  for (const [key, enValue] of en) {
    const value = tr.get(key);
    if (value === undefined) {
      if (!optional.has(key)) problems.push(`${key}: missing`);
      continue;
    }
    if (typeof value !== 'string') {
      problems.push(`${key}: not a string`);
      continue;
    }
    if (typeof enValue !== 'string') continue;
    if (value.trim() === '' && enValue.trim() !== '') problems.push(`${key}: empty`);
    const want = placeholders(enValue);
    const got = placeholders(value);
    if (want.join(',') !== got.join(','))
      problems.push(`${key}: placeholders ${listed(got)} instead of ${listed(want)}`);
  }
  for (const key of tr.keys()) if (!en.has(key)) problems.push(`${key}: not in English`);
  return problems;
}

function jsonFiles(lng: string): string[] {
  return readdirSync(join(ROOT, lng))
    .filter((f) => f.endsWith('.json'))
    .sort();
}

function readCatalog(lng: string, file: string): unknown {
  return JSON.parse(readFileSync(join(ROOT, lng, file), 'utf8')) as unknown;
}

const translations = readdirSync(ROOT)
  .filter((name) => name !== 'en' && statSync(join(ROOT, name)).isDirectory())
  .sort();

describe('parityProblems', () => {
  const english = {
    title: 'Lab',
    rules_one: '{{count}} rule',
    rules_other: '{{count}} rules',
    at: 'Step {{step}} of {{total}}',
  };

  it('accepts a translation with the same keys and placeholders, in any order', () => {
    expect(parityProblems(english, { ...english, at: '{{total}} 步中的第 {{step}} 步' })).toEqual([]);
  });

  it('lets a one-form language keep only key_other of a plural pair, but not only key_one', () => {
    expect(parityProblems(english, { title: 'ラボ', rules_other: '{{count}} 件', at: '{{step}}/{{total}}' })).toEqual(
      [],
    );
    expect(parityProblems(english, { title: 'ラボ', rules_one: '{{count}} 件', at: '{{step}}/{{total}}' })).toEqual([
      'rules_other: missing',
    ]);
  });

  it('reports missing, extra, empty and non-string keys', () => {
    expect(
      parityProblems({ a: { b: 'x', c: 'y', d: 'z' } }, { a: { b: '', c: 3, e: { deeper: 'y' } }, extra: 'e' }),
    ).toEqual([
      'a.b: empty',
      'a.c: not a string',
      'a.d: missing',
      'a.e.deeper: not in English',
      'extra: not in English',
    ]);
  });

  it('reports a dropped format or nested sentence', () => {
    const nesting = { fate: 'Fate: $t(ui:fate.{{fate}})', list: 'Changed: {{fields, list}}' };
    expect(parityProblems(nesting, { fate: '结果：$t(ui:fate.{{fate}})', list: '已改：{{fields,list}}' })).toEqual([]);
    expect(parityProblems(nesting, { fate: '结果：{{fate}}', list: '已改：{{fields}}' })).toEqual([
      'fate: placeholders {{fate}} instead of $t(ui:fate.{{fate}}) {{fate}}',
      'list: placeholders {{fields}} instead of {{fields, list}}',
    ]);
  });

  it('reports a placeholder that is renamed, dropped or added', () => {
    expect(parityProblems(english, { ...english, at: 'Schritt {{schritt}} von {{total}}' })).toEqual([
      'at: placeholders {{schritt}} {{total}} instead of {{step}} {{total}}',
    ]);
    expect(parityProblems(english, { ...english, title: 'Lab {{name}}' })).toEqual([
      'title: placeholders {{name}} instead of none',
    ]);
  });
});

describe('the English catalogs', () => {
  it('are found (else the parity checks below compare nothing)', () => {
    expect(jsonFiles('en')).toContain('ui.json');
  });
});

describe.each(translations)('the %s catalogs', (lng) => {
  it('are the same files as English', () => {
    expect(jsonFiles(lng)).toEqual(jsonFiles('en'));
  });

  it.each(jsonFiles('en'))('%s has the keys and placeholders of English', (file) => {
    let translated: unknown;
    try {
      translated = readCatalog(lng, file);
    } catch (err) {
      // A missing file is reported by the test above; a file that is not JSON would break the build.
      expect.fail(`${lng}/${file}: ${(err as Error).message}`);
    }
    expect(parityProblems(readCatalog('en', file), translated)).toEqual([]);
  });
});
