// Every literal key the lab's own components pass to t() exists in the catalog of a namespace the file asks for
// (useTranslation('ui'), useTranslation('nftlab'), …; ui when it names none): a missing one would show its key.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('.', import.meta.url));

function catalog(namespace: string): Record<string, unknown> {
  const path = join(root, `../i18n/en/${namespace}.json`);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>) : {};
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return /\.tsx?$/.test(name) && !name.includes('.test.') ? [path] : [];
  });
}

function has(messages: Record<string, unknown>, key: string): boolean {
  let node: unknown = messages;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null) return false;
    const obj = node as Record<string, unknown>;
    // Plural keys are stored as key_one / key_other.
    node = part in obj ? obj[part] : (obj[`${part}_other`] ?? undefined);
  }
  return typeof node === 'string';
}

describe('the catalogs the graph, panels and app ask for', () => {
  const sources = ['app', 'graph', 'panels'].flatMap((d) => files(join(root, d)));
  /** key → the namespaces of the files that use it (a key passes when one of its file's namespaces has it). */
  const uses = new Map<string, Set<string>[]>();
  for (const file of sources) {
    const text = readFileSync(file, 'utf8');
    const asked = [...text.matchAll(/useTranslation\('(\w+)'\)/g)].map((m) => m[1]!);
    const namespaces = new Set(asked.length > 0 ? asked : ['ui']);
    for (const m of text.matchAll(/\bt\('([a-zA-Z][\w.]*)'/g))
      uses.set(m[1]!, [...(uses.get(m[1]!) ?? []), namespaces]);
  }

  it('finds the keys it checks (else this test proves nothing)', () => {
    expect(uses.size).toBeGreaterThan(40);
  });

  it.each([...uses.keys()].sort())('has %s', (key) => {
    for (const namespaces of uses.get(key)!)
      expect(
        [...namespaces].some((ns) => has(catalog(ns), key)),
        `${key} in ${[...namespaces].join(' or ')}`,
      ).toBe(true);
  });
});
