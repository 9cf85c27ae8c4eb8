import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extensionVocabulary } from '../engine/index.ts';
import { extensionsMarkdown, readmeSection, withSection } from './extensionsDoc.ts';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

describe('the docs of the simulated extensions', () => {
  it('README lists what the registries hold (run `npm run docs:extensions` after adding a module)', () => {
    const readme = read('README.md');
    expect(withSection(readme, readmeSection())).toBe(readme);
  });

  it('docs/extensions.md is up to date (run `npm run docs:extensions`)', () => {
    expect(read('docs/extensions.md')).toBe(extensionsMarkdown());
  });

  it('names every registered match and target, and flags the ones not simulated', () => {
    const section = readmeSection();
    const { matches, targets } = extensionVocabulary();
    for (const e of [...matches, ...targets]) expect(section).toMatch(new RegExp(`[ (]${e.name}[,.]`));
    expect(extensionsMarkdown()).toContain('| -m u32 | bits at offsets of the packet (not simulated) | `--u32` |');
  });

  it('refuses a README without the markers instead of appending', () => {
    expect(withSection('# no markers\n', readmeSection())).toBeUndefined();
  });
});
