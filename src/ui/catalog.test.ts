// Every literal key the lab's own components pass to t() exists in its catalog: a missing one would show its key.
// A file's t() reads ui.json, or the one other namespace the file asks for (useTranslation('huge') → huge.json).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('.', import.meta.url));
const catalog = (ns: string) =>
  JSON.parse(readFileSync(join(root, `../i18n/en/${ns}.json`), 'utf8')) as Record<string, unknown>;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return /\.tsx?$/.test(name) && !name.includes('.test.') ? [path] : [];
  });
}

function has(nsKey: string): boolean {
  const [ns, key] = nsKey.includes(':') ? (nsKey.split(':') as [string, string]) : ['ui', nsKey];
  let node: unknown = catalog(ns);
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null) return false;
    const obj = node as Record<string, unknown>;
    // Plural keys are stored as key_one / key_other.
    node = part in obj ? obj[part] : (obj[`${part}_other`] ?? undefined);
  }
  return typeof node === 'string';
}

describe('the UI catalogs', () => {
  const sources = ['app', 'graph', 'panels'].flatMap((d) => files(join(root, d)));
  const keys = new Set<string>();
  for (const file of sources) {
    const text = readFileSync(file, 'utf8');
    const namespaces = new Set([...text.matchAll(/useTranslation\('(\w+)'\)/g)].map((m) => m[1]!));
    const ns = namespaces.size === 1 ? [...namespaces][0]! : 'ui';
    for (const m of text.matchAll(/\bt\('([a-zA-Z][\w.]*)'/g)) keys.add(ns === 'ui' ? m[1]! : `${ns}:${m[1]!}`);
  }

  it('finds the keys it checks (else this test proves nothing)', () => {
    expect(keys.size).toBeGreaterThan(40);
  });

  it.each([...keys].sort())('has %s', (key) => {
    expect(has(key)).toBe(true);
  });
});
