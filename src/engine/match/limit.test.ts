import { describe, expect, it } from 'vitest';
import { formatRate, limitMatch, parseRate } from './limit.ts';
import { evaluateWith, parseWith, saved } from './util/moduleTesting.ts';

describe('limit: parse and save (libxt_limit.t)', () => {
  it.each([
    ['--limit 1/sec', '--limit 1/sec'],
    ['--limit 1/min', '--limit 1/min'],
    ['--limit 1000/hour', '--limit 1000/hour'],
    ['--limit 1000/day', '--limit 1000/day'],
    ['--limit 1/sec --limit-burst 1', '--limit 1/sec --limit-burst 1'],
    ['--limit 10/second', '--limit 10/sec'],
    ['--limit 60/minute', '--limit 1/sec'],
    ['', '--limit 3/hour'],
  ])('%s saves as "%s"', (text, want) => {
    expect(saved(limitMatch, text)).toBe(want);
  });

  it.each(['--limit 0/sec', '--limit 5/fortnight', '--limit 1/sec --limit-burst 10001', '! --limit 1/sec'])(
    'refuses "%s"',
    (text) => {
      const r = parseWith(limitMatch, text);
      // `! --limit` is refused by the parser (not negatable); the module refuses the rest itself.
      if (text.startsWith('!')) expect(limitMatch.options['--limit']?.negatable).toBeFalsy();
      else expect(r.ok).toBe(false);
    },
  );

  it('keeps the period in 1/10000 s as the kernel (1/sec is 10000) and prints it back in the largest unit', () => {
    expect(parseRate('1/sec')).toBe(10000);
    expect(parseRate('3/hour')).toBe(12000000);
    expect(formatRate(12000000)).toBe('3/hour');
  });
});

describe('limit: evaluate as a token bucket', () => {
  it('--limit 1/sec --limit-burst 2: two packets pass at once, the third waits for a token', () => {
    const store = new Map<string, unknown>();
    const at = (now: number) => evaluateWith(limitMatch, '--limit 1/sec --limit-burst 2', { store, now }).matched;
    expect([at(0), at(0), at(0), at(0.5), at(1), at(1.2)]).toEqual([true, true, false, false, true, false]);
  });

  it('the bucket refills up to the burst, no more', () => {
    const store = new Map<string, unknown>();
    const at = (now: number) => evaluateWith(limitMatch, '--limit 1/sec --limit-burst 2', { store, now }).matched;
    at(0);
    at(0);
    expect([at(100), at(100), at(100)]).toEqual([true, true, false]);
  });
});
