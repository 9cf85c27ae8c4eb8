import { describe, expect, it } from 'vitest';
import { hashlimitMatch } from './hashlimit.ts';
import { evaluateWith, parseWith, saved } from './util/moduleTesting.ts';
import { ip } from './util/testContext.ts';

describe('hashlimit: parse and save (libxt_hashlimit.t)', () => {
  it.each([
    '--hashlimit-above 1/sec --hashlimit-burst 5 --hashlimit-name mini1',
    '--hashlimit-above 1000000/sec --hashlimit-burst 5 --hashlimit-name mini1',
    '--hashlimit-above 1/min --hashlimit-burst 5 --hashlimit-name mini1',
    '--hashlimit-upto 1/day --hashlimit-burst 1 --hashlimit-name mini1',
    '--hashlimit-upto 1/sec --hashlimit-burst 1 --hashlimit-name mini1 --hashlimit-htable-expire 2000',
    '--hashlimit-upto 1/sec --hashlimit-burst 1 --hashlimit-mode dstip --hashlimit-name mini1 --hashlimit-htable-max 2000 --hashlimit-htable-gcinterval 60000 --hashlimit-htable-expire 2000',
    '--hashlimit-upto 4kb/s --hashlimit-burst 400kb --hashlimit-name mini5',
    '--hashlimit-upto 10mb/s --hashlimit-name mini6',
    '--hashlimit-upto 123456b/s --hashlimit-burst 1mb --hashlimit-name mini7',
    '--hashlimit-upto 40/sec --hashlimit-burst 20 --hashlimit-mode srcip --hashlimit-name rate1 --hashlimit-rate-match',
    '--hashlimit-upto 40mb/s --hashlimit-mode srcip --hashlimit-name rate2 --hashlimit-rate-match',
    '--hashlimit-upto 40/sec --hashlimit-burst 20 --hashlimit-mode srcip --hashlimit-name rate3 --hashlimit-rate-match --hashlimit-rate-interval 10',
    '--hashlimit-upto 40mb/s --hashlimit-mode srcip --hashlimit-name rate4 --hashlimit-rate-match --hashlimit-rate-interval 10',
  ])('%s saves unchanged', (text) => {
    expect(saved(hashlimitMatch, text)).toBe(text);
  });

  it('adds the default burst of 5', () => {
    expect(saved(hashlimitMatch, '--hashlimit-upto 1/sec --hashlimit-name mini1')).toBe(
      '--hashlimit-upto 1/sec --hashlimit-burst 5 --hashlimit-name mini1',
    );
  });

  it('prints modes in the kernel order srcip, srcport, dstip, dstport', () => {
    expect(saved(hashlimitMatch, '--hashlimit-upto 1/sec --hashlimit-mode dstport,srcip --hashlimit-name x')).toBe(
      '--hashlimit-upto 1/sec --hashlimit-burst 5 --hashlimit-mode srcip,dstport --hashlimit-name x',
    );
  });

  it.each([
    '--hashlimit-name mini1',
    '--hashlimit-upto 1/sec',
    '',
    '--hashlimit-upto 1/sec --hashlimit-name x --hashlimit-mode bogus',
  ])('refuses "%s"', (text) => {
    expect(parseWith(hashlimitMatch, text).ok).toBe(false);
  });
});

describe('hashlimit: evaluate one bucket per group', () => {
  const rule = '--hashlimit-above 1/sec --hashlimit-burst 2 --hashlimit-mode srcip --hashlimit-name ssh';

  it('--hashlimit-above matches once a source has used up its burst; other sources keep their own bucket', () => {
    const store = new Map<string, unknown>();
    const from = (src: string) => evaluateWith(hashlimitMatch, rule, { store, pkt: { src: ip(src) } }).matched;
    expect([from('192.0.2.1'), from('192.0.2.1'), from('192.0.2.1'), from('192.0.2.2')]).toEqual([
      false,
      false,
      true,
      false,
    ]);
  });

  it('a byte rate is not simulated', () => {
    const r = evaluateWith(hashlimitMatch, '--hashlimit-upto 10mb/s --hashlimit-name b');
    expect(r.explain[0]?.id).toBe('match.not-simulated');
  });
});
