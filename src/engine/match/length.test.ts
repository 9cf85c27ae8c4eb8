import { describe, expect, it } from 'vitest';
import { lengthMatch } from './length.ts';
import { evaluateWith, parseWith, saved } from './util/moduleTesting.ts';

describe('length (libxt_length.t)', () => {
  it.each([
    ['--length 1', '--length 1'],
    ['--length :2', '--length 0:2'],
    ['--length 4:', '--length 4:65535'],
    ['--length :', '--length 0:65535'],
    ['! --length 0:65535', '! --length 0:65535'],
    ['--length 4:4', '--length 4'],
  ])('%s saves as "%s"', (text, want) => {
    expect(saved(lengthMatch, text)).toBe(want);
  });

  it.each(['--length 0:65536', '--length -1:65535', '--length 4:3', ''])('refuses "%s"', (text) => {
    expect(parseWith(lengthMatch, text).ok).toBe(false);
  });

  it('matches the total IP length inclusively', () => {
    expect(evaluateWith(lengthMatch, '--length 0:60', { pkt: { length: 60 } }).matched).toBe(true);
    expect(evaluateWith(lengthMatch, '--length 0:60', { pkt: { length: 61 } }).matched).toBe(false);
    expect(evaluateWith(lengthMatch, '! --length 0:60', { pkt: { length: 1500 } }).matched).toBe(true);
  });
});
