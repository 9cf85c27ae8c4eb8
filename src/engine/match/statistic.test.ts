import { describe, expect, it } from 'vitest';
import { formatProbability, statisticMatch } from './statistic.ts';
import { evaluateWith, parseWith, saved } from './util/moduleTesting.ts';

describe('statistic: parse and save (libxt_statistic.t)', () => {
  it.each([
    ['--mode random ! --probability 0.50000000000', '--mode random ! --probability 0.50000000000'],
    ['--mode nth ! --every 5 --packet 2', '--mode nth ! --every 5 --packet 2'],
    ['--mode nth --every 3 --packet 0', '--mode nth --every 3 --packet 0'],
  ])('%s saves as "%s"', (text, want) => {
    expect(saved(statisticMatch, text)).toBe(want);
  });

  it.each([
    '',
    '--mode random ! --probability 1.1',
    '--probability 1',
    '--mode nth ! --every 5',
    '--mode nth ! --every 5 --packet 5',
    '--mode nth --every 0 --packet 0',
    '--mode random --probability 0.5 --every 2',
    '--mode sometimes',
  ])('refuses "%s"', (text) => {
    expect(parseWith(statisticMatch, text).ok).toBe(false);
  });

  it('stores p as the kernel does (lround(p * 2^31)), so kube-proxy 1/3 saves as 0.33333333349', () => {
    expect(saved(statisticMatch, '--mode random --probability 0.3333333333')).toBe(
      '--mode random --probability 0.33333333349',
    );
    expect(saved(statisticMatch, '--mode random --probability 0.33333333349')).toBe(
      '--mode random --probability 0.33333333349',
    );
    expect(saved(statisticMatch, '--mode random --probability 0.2')).toBe('--mode random --probability 0.20000000019');
    expect(saved(statisticMatch, '--mode random --probability 1')).toBe('--mode random --probability 1.00000000000');
  });

  it('prints 11 decimals rounded half to even, as printf("%.11f") does', () => {
    // 2^19 / 2^31 = 1/4096 = 0.000244140625 exactly: the tie rounds to the even digit 2.
    expect(formatProbability(2 ** 19)).toBe('0.00024414062');
  });
});

describe('statistic: evaluate', () => {
  it('random asks the tracer for a draw with the stored probability', () => {
    const asked: number[] = [];
    const choose = (p: number) => {
      asked.push(p);
      return true;
    };
    const r = evaluateWith(statisticMatch, '--mode random --probability 0.5', { choose });
    expect(r.matched).toBe(true);
    expect(asked).toEqual([0.5]);
  });

  it('! --probability inverts the draw', () => {
    expect(evaluateWith(statisticMatch, '--mode random ! --probability 0.5', { choose: () => true }).matched).toBe(
      false,
    );
  });

  it('nth --every 3 --packet 0 matches the 1st, 4th and 7th packet (as the kernel did in case f32)', () => {
    const store = new Map<string, unknown>();
    const hits = Array.from(
      { length: 7 },
      () => evaluateWith(statisticMatch, '--mode nth --every 3 --packet 0', { store }).matched,
    );
    expect(hits).toEqual([true, false, false, true, false, false, true]);
  });

  it('nth --every 3 --packet 2 matches the 3rd packet first', () => {
    const store = new Map<string, unknown>();
    const hits = Array.from(
      { length: 4 },
      () => evaluateWith(statisticMatch, '--mode nth --every 3 --packet 2', { store }).matched,
    );
    expect(hits).toEqual([false, false, true, false]);
  });

  it('counters are per rule', () => {
    const store = new Map<string, unknown>();
    const first = evaluateWith(statisticMatch, '--mode nth --every 2 --packet 0', { store, ruleId: 1 }).matched;
    const other = evaluateWith(statisticMatch, '--mode nth --every 2 --packet 0', { store, ruleId: 2 }).matched;
    expect([first, other]).toEqual([true, true]);
  });
});
