// Exact probabilities as fractions of two integers (bigint), so explore mode can say "1/3" without guessing from a
// float. A `statistic --mode random` rule keeps lround(p * 2^31) (xt_statistic.c; libxt_statistic.c parses with
// lround(0x80000000 * prob)): every p whose fixed-point value is the same draws the same, and the simplest fraction
// among them is the one the rule stands for (kube-proxy writes 1/3 as 0.3333333333, stored as 715827883).

export interface Ratio {
  num: bigint;
  den: bigint;
}

export const ONE_RATIO: Ratio = { num: 1n, den: 1n };

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

export function reduce(r: Ratio): Ratio {
  const g = gcd(r.num, r.den);
  return g > 1n ? { num: r.num / g, den: r.den / g } : r;
}

export function times(a: Ratio, b: Ratio): Ratio {
  return reduce({ num: a.num * b.num, den: a.den * b.den });
}

export function plus(a: Ratio, b: Ratio): Ratio {
  return reduce({ num: a.num * b.den + b.num * a.den, den: a.den * b.den });
}

export function complement(r: Ratio): Ratio {
  return { num: r.den - r.num, den: r.den };
}

export function ratioText(r: Ratio): string {
  return r.den === 1n ? String(r.num) : `${r.num}/${r.den}`;
}

/** The fraction with the smallest denominator in [a/b, c/d] (0 ≤ a/b ≤ c/d), by continued fractions. */
export function simplestBetween(a: bigint, b: bigint, c: bigint, d: bigint): Ratio {
  const whole = a / b;
  if (whole * b === a) return { num: whole, den: 1n };
  if ((whole + 1n) * d <= c) return { num: whole + 1n, den: 1n };
  // Both ends lie in (whole, whole + 1): the simplest fraction there is whole + 1/x, x simplest between the
  // reciprocals of the fractional parts (swapped: 1/x reverses the order).
  const inner = simplestBetween(d, c - whole * d, b, a - whole * b);
  return { num: whole * inner.num + inner.den, den: inner.num };
}

const FIXED_ONE = 0x80000000n;

/** The simplest fraction whose 31-bit fixed-point probability (lround(p * 2^31)) is `fixed`. */
export function ratioOfFixedProbability(fixed: number): Ratio {
  const f = BigInt(fixed);
  if (f <= 0n) return { num: 0n, den: 1n };
  if (f >= FIXED_ONE) return ONE_RATIO;
  // lround(p * 2^31) = f for p in [(f - 1/2) / 2^31, (f + 1/2) / 2^31).
  return simplestBetween(2n * f - 1n, 2n * FIXED_ONE, 2n * f + 1n, 2n * FIXED_ONE);
}
