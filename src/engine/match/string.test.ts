import { describe, expect, it } from 'vitest';
import { stringMatch } from './string.ts';
import { u32Match } from './u32.ts';
import { evaluateWith, parseWith, saved } from './util/moduleTesting.ts';

describe('string (libxt_string.t)', () => {
  it.each([
    ['--algo bm --string "test"', '--string "test" --algo bm'],
    ['--string "test" --algo kmp', '--string "test" --algo kmp'],
    ['! --string "test" --algo kmp', '! --string "test" --algo kmp'],
    ['--hex-string "|0a0a0a0a|" --algo bm', '--hex-string "|0a0a0a0a|" --algo bm'],
    ['--algo bm --from 0 --to 65535 --string "test"', '--string "test" --algo bm'],
    ['--string "GET /" --algo bm --from 40 --to 100 --icase', '--string "GET /" --algo bm --from 40 --to 100 --icase'],
    ['--hex-string "|47 45|T" --algo bm', '--string "GET" --algo bm'],
  ])('%s saves as %s', (text, want) => {
    expect(saved(stringMatch, text)).toBe(want);
  });

  it('takes 128 bytes and refuses 129 (XT_STRING_MAX_PATTERN_SIZE)', () => {
    expect(parseWith(stringMatch, `--string "${'x'.repeat(128)}" --algo bm`).ok).toBe(true);
    expect(parseWith(stringMatch, `--string "${'x'.repeat(129)}" --algo bm`).ok).toBe(false);
  });

  it.each(['--algo wrong', '--algo bm', '', '--string x', '--hex-string "|0a" --algo bm'])('refuses "%s"', (text) => {
    expect(parseWith(stringMatch, text).ok).toBe(false);
  });

  it('is not simulated: packets have no payload in the lab', () => {
    expect(evaluateWith(stringMatch, '--string x --algo bm').explain[0]?.id).toBe('match.not-simulated');
  });
});

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
