// The editor's words and the docs come from the registries; these tests tie the registries to the catalogs, so a new
// module fails here until its description is written (and the parity test then asks for it in every language).
import { describe, expect, it } from 'vitest';
import matchCatalog from '../../i18n/en/match.json' with { type: 'json' };
import targetCatalog from '../../i18n/en/target.json' with { type: 'json' };
import { matchModules } from '../match/index.ts';
import { targetModules } from '../target/index.ts';
import { extensionVocabulary } from './vocabulary.ts';

const about: Record<'match' | 'target', Record<string, string>> = {
  match: matchCatalog.about,
  target: targetCatalog.about,
};

describe('extensionVocabulary', () => {
  const { matches, targets } = extensionVocabulary();

  it('lists every registered module once, by name, with its options', () => {
    expect(matches.map((m) => m.name).sort()).toEqual(matchModules.map((m) => m.name).sort());
    expect(targets.map((t) => t.name).sort()).toEqual(targetModules.map((m) => m.name).sort());
    const tcp = matches.find((m) => m.name === 'tcp');
    expect(tcp?.options).toEqual(expect.arrayContaining(['--dport', '--syn', '--tcp-flags']));
  });

  it('says which matches the lab keeps but cannot evaluate', () => {
    const notSimulated = matches.filter((m) => !m.simulated).map((m) => m.name);
    expect(notSimulated).toEqual(
      matchModules
        .filter((m) => m.simulated === false)
        .map((m) => m.name)
        .sort(),
    );
    expect(notSimulated).toContain('u32');
    expect(matches.find((m) => m.name === 'tcp')?.simulated).toBe(true);
  });

  it.each([...matches, ...targets].map((e) => [e.about] as const))('%s has a sentence', (id) => {
    const [ns, key] = id.replace(':about.', ' ').split(' ') as ['match' | 'target', string];
    expect(about[ns][key]).toMatch(/\S/);
  });

  it('has no description left for a module that is gone', () => {
    expect(Object.keys(about.match).sort()).toEqual(matches.map((m) => m.name));
    expect(Object.keys(about.target).sort()).toEqual(targets.map((t) => t.name));
  });
});
