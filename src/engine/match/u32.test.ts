import { describe, expect, it } from 'vitest';
import { u32Match } from './u32.ts';
import { parseWith, saved } from './util/moduleTesting.ts';

describe('u32 (libxt_u32.t)', () => {
  it('saves the tests in double quotes', () => {
    expect(saved(u32Match, '--u32 "0x0=0x0&&0x0=0x1"')).toBe('--u32 "0x0=0x0&&0x0=0x1"');
  });

  it('prints every number in lowercase hex, without spaces (u32_dump)', () => {
    expect(saved(u32Match, '! --u32 "0 >> 22 & 0x3C @ 12 >> 26 & 0x3C @ 0 = 0x80:255, 5"')).toBe(
      '! --u32 "0x0>>0x16&0x3c@0xc>>0x1a&0x3c@0x0=0x80:0xff,0x5"',
    );
    expect(saved(u32Match, '--u32 "6&0xFF=1&&4&0x3FFF=0"')).toBe('--u32 "0x6&0xff=0x1&&0x4&0x3fff=0x0"');
  });

  it.each(['--u32 "hello"', '', '--u32 "=1"', '--u32 "0&"', '--u32 "0=1&&"', '--u32 "0<1=2"', '--u32 "0=1;2"'])(
    'refuses %s',
    (text) => {
      expect(parseWith(u32Match, text).ok).toBe(false);
    },
  );

  it('takes at most 11 tests', () => {
    const tests = (n: number) => Array.from({ length: n }, () => '0=1').join('&&');
    expect(parseWith(u32Match, `--u32 "${tests(11)}"`).ok).toBe(true);
    expect(parseWith(u32Match, `--u32 "${tests(12)}"`).ok).toBe(false);
  });

  it('is not simulated', () => {
    expect(u32Match.simulated).toBe(false);
  });
});
