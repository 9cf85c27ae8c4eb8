import { describe, expect, it } from 'vitest';
import { markMatch } from './mark.ts';
import { evaluateWith, parseWith, saved } from './util/moduleTesting.ts';

describe('mark: parse and save (libxt_mark.t)', () => {
  it.each([
    ['--mark 0xfeedcafe/0xfeedcafe', '--mark 0xfeedcafe/0xfeedcafe'],
    ['--mark 0x0', '--mark 0x0'],
    ['--mark 4294967295', '--mark 0xffffffff'],
    ['--mark 0x0/0xff0', '--mark 0x0/0xff0'],
    ['! --mark 0x4000/0x4000', '! --mark 0x4000/0x4000'],
  ])('%s saves as "%s"', (text, want) => {
    expect(saved(markMatch, text)).toBe(want);
  });

  it.each(['--mark 4294967296', '--mark -1', ''])('refuses "%s"', (text) => {
    expect(parseWith(markMatch, text).ok).toBe(false);
  });
});

describe('mark: evaluate (nfmark & mask) == value', () => {
  it('--mark 0x4000/0x4000 matches a mark with bit 0x4000 among others (kube-proxy masquerade mark)', () => {
    expect(evaluateWith(markMatch, '--mark 0x4000/0x4000', { pkt: { mark: 0x4001 } }).matched).toBe(true);
    expect(evaluateWith(markMatch, '--mark 0x4000/0x4000', { pkt: { mark: 0x1 } }).matched).toBe(false);
  });

  it('without a mask the whole mark must be equal', () => {
    expect(evaluateWith(markMatch, '--mark 0x1', { pkt: { mark: 0x3 } }).matched).toBe(false);
    expect(evaluateWith(markMatch, '! --mark 0x1', { pkt: { mark: 0x3 } }).matched).toBe(true);
  });
});
