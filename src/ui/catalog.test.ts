// Every literal key the lab's own components pass to t() exists in ui.json: a missing one would show its key.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('.', import.meta.url));
const ui = JSON.parse(readFileSync(join(root, '../i18n/en/ui.json'), 'utf8')) as Record<string, unknown>;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return /\.tsx?$/.test(name) && !name.includes('.test.') ? [path] : [];
  });
}

function has(key: string): boolean {
  let node: unknown = ui;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null) return false;
    const obj = node as Record<string, unknown>;
    // Plural keys are stored as key_one / key_other.
    node = part in obj ? obj[part] : (obj[`${part}_other`] ?? undefined);
  }
  return typeof node === 'string';
}

describe('ui.json', () => {
  const sources = ['app', 'graph', 'panels'].flatMap((d) => files(join(root, d)));
  const keys = new Set<string>();
  for (const file of sources) {
    for (const m of readFileSync(file, 'utf8').matchAll(/\bt\('([a-zA-Z][\w.]*)'/g)) keys.add(m[1]!);
  }

  it('finds the keys it checks (else this test proves nothing)', () => {
    expect(keys.size).toBeGreaterThan(40);
  });

  it.each([...keys].sort())('has %s', (key) => {
    expect(has(key)).toBe(true);
  });
});
