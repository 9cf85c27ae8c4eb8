import { describe, expect, it } from 'vitest';
import { connbytesMatch } from './connbytes.ts';
import { evaluateWith, parseWith, saved } from './util/moduleTesting.ts';

const tail = '--connbytes-mode packets --connbytes-dir original';

describe('connbytes (libxt_connbytes.t)', () => {
  it.each([
    ['0:1000', '0:1000'],
    [':', '0'],
    [':1000', '0:1000'],
    ['1000', '1000'],
    ['1000:', '1000'],
    ['1000:1000', '1000:1000'],
  ])('--connbytes %s saves as --connbytes %s', (range, want) => {
    expect(saved(connbytesMatch, `--connbytes ${range} ${tail}`)).toBe(`--connbytes ${want} ${tail}`);
  });

  it('prints mode before direction, whatever order they were given in', () => {
    expect(saved(connbytesMatch, '--connbytes-dir both --connbytes-mode avgpkt --connbytes 5:9')).toBe(
      '--connbytes 5:9 --connbytes-mode avgpkt --connbytes-dir both',
    );
  });

  it('keeps 64-bit counters exactly', () => {
    expect(saved(connbytesMatch, `--connbytes 0:18446744073709551614 ${tail}`)).toBe(
      `--connbytes 0:18446744073709551614 ${tail}`,
    );
  });

  it('! is printed before the option', () => {
    expect(saved(connbytesMatch, `! --connbytes 10 ${tail}`)).toBe(`! --connbytes 10 ${tail}`);
  });

  it.each([
    `--connbytes -1:0 ${tail}`,
    `--connbytes 0:-1 ${tail}`,
    `--connbytes 1000:0 ${tail}`,
    '--connbytes 0:18446744073709551616 --connbytes-mode avgpkt --connbytes-dir both',
    '--connbytes 0:1000 --connbytes-mode wrong --connbytes-dir both',
    '--connbytes 0:1000 --connbytes-dir original',
    '--connbytes 0:1000 --connbytes-mode packets',
    '--connbytes-dir original',
    '',
  ])('refuses "%s"', (text) => {
    expect(parseWith(connbytesMatch, text).ok).toBe(false);
  });

  it('is not simulated and says so', () => {
    expect(connbytesMatch.simulated).toBe(false);
    const r = evaluateWith(connbytesMatch, `--connbytes 0:10 ${tail}`);
    expect(r).toMatchObject({ matched: true, explain: [{ id: 'match.not-simulated' }] });
  });
});
