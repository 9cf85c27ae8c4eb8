import { describe, expect, it } from 'vitest';
import { ExploreChooser, replayChooser, seededRandom } from './random.ts';

describe('seeded randomness', () => {
  it('replays the same draws for the same seed, in [0, 1)', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const drawsA = Array.from({ length: 1000 }, () => a());
    const drawsB = Array.from({ length: 1000 }, () => b());
    expect(drawsA).toEqual(drawsB);
    expect(drawsA.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(drawsA).not.toEqual(Array.from({ length: 1000 }, seededRandom(43)));
  });

  it('draws true with about probability p', () => {
    const chooser = replayChooser(7);
    const hits = Array.from({ length: 10_000 }, () => chooser.choose(0.25)).filter(Boolean).length;
    expect(hits).toBeGreaterThan(2300);
    expect(hits).toBeLessThan(2700);
  });
});

describe('exploring every branch', () => {
  it('forks each uncertain draw once, follows its prefix, and multiplies probabilities', () => {
    const first = new ExploreChooser([]);
    expect(first.choose(1 / 3)).toBe(true);
    expect(first.probability).toBeCloseTo(1 / 3);
    expect(first.pending).toEqual([[false]]);
    const second = new ExploreChooser([false]);
    expect(second.choose(1 / 3)).toBe(false);
    expect(second.choose(1 / 2)).toBe(true);
    expect(second.probability).toBeCloseTo(1 / 3);
    expect(second.pending).toEqual([[false, false]]);
  });

  it('never forks on certain draws (p = 0 or 1)', () => {
    const c = new ExploreChooser([]);
    expect(c.choose(0)).toBe(false);
    expect(c.choose(1)).toBe(true);
    expect(c.pending).toEqual([]);
    expect(c.probability).toBe(1);
  });
});
