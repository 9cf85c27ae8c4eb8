import { describe, expect, it } from 'vitest';
import { connlimitMatch } from './connlimit.ts';
import { evaluateWith, parseWith, saved } from './util/moduleTesting.ts';

describe('connlimit (libxt_connlimit.t)', () => {
  it.each([
    ['--connlimit-above 10', '--connlimit-above 10 --connlimit-mask 32 --connlimit-saddr'],
    [
      '--connlimit-upto 3 --connlimit-mask 24 --connlimit-daddr',
      '--connlimit-upto 3 --connlimit-mask 24 --connlimit-daddr',
    ],
    ['! --connlimit-upto 3', '--connlimit-above 3 --connlimit-mask 32 --connlimit-saddr'],
  ])('%s saves as "%s"', (text, want) => {
    expect(saved(connlimitMatch, text)).toBe(want);
  });

  it.each([
    '--connlimit-upto -1',
    '--connlimit-above -1',
    '--connlimit-upto 1 --connlimit-above 1',
    '--connlimit-above 10 --connlimit-saddr --connlimit-daddr',
    '',
    '--connlimit-above 1 --connlimit-mask 33',
  ])('refuses "%s"', (text) => {
    expect(parseWith(connlimitMatch, text).ok).toBe(false);
  });

  it('is not simulated', () => {
    expect(evaluateWith(connlimitMatch, '--connlimit-above 1').explain[0]?.id).toBe('match.not-simulated');
  });
});
