import { describe, expect, it } from 'vitest';
import { stringMatch } from './string.ts';
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
