// Randomness for `statistic --mode random`, reproducible and exact. Replay mode draws from a seeded PRNG so a shared
// scenario replays the same path; explore mode enumerates every branch with its probability.
import { complement, ONE_RATIO, times, type Ratio } from '../ext/ratio.ts';

/** mulberry32: a small, fast 32-bit PRNG; the same seed always gives the same sequence. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Decides every random draw of one run (one replay of the request's packets). */
export interface Chooser {
  /** `exact`: the same probability as a fraction, when the caller knows one (explore mode multiplies them). */
  choose(p: number, exact?: Ratio): boolean;
  /** The probability of the branches taken so far (1 in replay mode). */
  readonly probability: number;
}

export function replayChooser(seed: number): Chooser {
  const next = seededRandom(seed);
  return {
    choose: (p) => next() < p,
    probability: 1,
  };
}

/**
 * One run of a depth-first exploration: the first `prefix.length` draws follow `prefix`; every later draw with
 * 0 < p < 1 takes the `true` branch and leaves the `false` branch (prefix + false) for a later run.
 */
export class ExploreChooser implements Chooser {
  probability = 1;
  /** The same probability as a fraction; undefined once a draw came without an exact one. */
  ratio: Ratio | undefined = ONE_RATIO;
  private index = 0;
  readonly pending: boolean[][] = [];
  private readonly taken: boolean[] = [];

  constructor(private readonly prefix: readonly boolean[]) {}

  choose(p: number, exact?: Ratio): boolean {
    if (!(p > 0)) return false;
    if (p >= 1) return true;
    const i = this.index++;
    let branch: boolean;
    if (i < this.prefix.length) branch = this.prefix[i]!;
    else {
      branch = true;
      this.pending.push([...this.taken, false]);
    }
    this.taken.push(branch);
    this.probability *= branch ? p : 1 - p;
    this.ratio = this.ratio && exact ? times(this.ratio, branch ? exact : complement(exact)) : undefined;
    return branch;
  }
}
