// Randomised variants of a challenge: each `{{NAME}}` in its rules, host, probes and words is replaced by one of
// the values listed for NAME, chosen from the seed. Pure and deterministic: the same seed gives the same variant on
// every machine, so a link carries it; seed 0 is the variant written in the files' first values.
import type { Challenge, Variables } from './types.ts';

/** A small integer hash (FNV-1a over the seed and the name): stable, no Math.random. */
function pickIndex(seed: number, name: string, count: number): number {
  if (seed === 0 || count <= 1) return 0;
  let h = 0x811c9dc5 ^ seed;
  for (const ch of name) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  h ^= h >>> 13;
  h = Math.imul(h, 0x5bd1e995) >>> 0;
  return (h >>> 0) % count;
}

export function chooseValues(variables: Variables | undefined, seed: number): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [name, values] of Object.entries(variables ?? {})) {
    const value = values[pickIndex(seed, name, values.length)];
    if (value !== undefined) out[name] = value;
  }
  return out;
}

const PLACEHOLDER = /\{\{([A-Z0-9_]+)\}\}/g;

function fill(value: unknown, values: Record<string, string | number>): unknown {
  if (typeof value === 'string') {
    const whole = /^\{\{([A-Z0-9_]+)\}\}$/.exec(value);
    const only = whole ? values[whole[1] ?? ''] : undefined;
    if (typeof only === 'number') return only;
    return value.replace(PLACEHOLDER, (text, name: string) => String(values[name] ?? text));
  }
  if (Array.isArray(value)) return value.map((v) => fill(v, values));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, values)]));
  return value;
}

/** The challenge with every placeholder filled for `seed`. */
export function variantOf(challenge: Challenge, seed: number): Challenge {
  const values = chooseValues(challenge.variables, seed);
  return fill(challenge, values) as Challenge;
}
