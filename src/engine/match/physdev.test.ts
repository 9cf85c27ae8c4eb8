import { describe, expect, it } from 'vitest';
import { physdevMatch } from './physdev.ts';
import { evaluateWith, parseWith, saved } from './util/moduleTesting.ts';

describe('physdev (libxt_physdev.t)', () => {
  it.each([
    ['--physdev-in lo', '--physdev-in lo', 'INPUT'],
    ['--physdev-is-in --physdev-in lo', '--physdev-is-in --physdev-in lo', 'INPUT'],
    ['--physdev-in lo --physdev-is-bridged', '--physdev-in lo --physdev-is-bridged', 'FORWARD'],
    ['--physdev-out lo --physdev-is-bridged', '--physdev-out lo --physdev-is-bridged', 'POSTROUTING'],
  ])('%s saves as "%s"', (text, want, chain) => {
    expect(saved(physdevMatch, text, { chain })).toBe(want);
  });

  it('refuses no option, and --physdev-out without --physdev-is-bridged in OUTPUT', () => {
    expect(parseWith(physdevMatch, '').ok).toBe(false);
    expect(parseWith(physdevMatch, '--physdev-out eth0', { chain: 'OUTPUT' }).ok).toBe(false);
  });

  it('no packet is bridged in the lab: only all-negated options match', () => {
    expect(evaluateWith(physdevMatch, '--physdev-is-bridged', {}, { chain: 'FORWARD' }).matched).toBe(false);
    expect(evaluateWith(physdevMatch, '! --physdev-is-bridged', {}, { chain: 'FORWARD' }).matched).toBe(true);
  });
});
