// Every built-in challenge, judged by the engine: its reference solution passes every probe, its start ruleset
// fails at least one, in several randomised variants.
import { describe, expect, it } from 'vitest';
import { runTrace } from '../engine/index.ts';
import { builtinChallenges, challengeLoadProblems } from './index.ts';
import { gradeProbe, probeRequest, scoreOf } from './grade.ts';
import { chooseValues, variantOf } from './variant.ts';
import type { Challenge } from './types.ts';

function grade(c: Challenge, rules: string) {
  return c.probes.map((p) => gradeProbe(p, runTrace(probeRequest(rules, c.host, p))));
}

describe('built-in challenges', () => {
  it('all load, with zh and ja words', () => {
    expect(challengeLoadProblems).toEqual([]);
    expect(builtinChallenges.length).toBeGreaterThanOrEqual(7);
    for (const c of builtinChallenges) expect(Object.keys(c.words).sort(), c.id).toEqual(['ja', 'zh']);
  });

  for (const base of builtinChallenges)
    for (const seed of [0, 1, 7]) {
      it(`${base.id} (variant ${seed}): the solution passes every probe, the start does not`, () => {
        const c = variantOf(base, seed);
        const solved = grade(c, c.solution);
        expect(solved.map((r, i) => `${c.probes[i]?.label}: ${r.got}${r.pass ? '' : ' ✗'}`)).toEqual(
          c.probes.map((p) => `${p.label}: ${p.fate}`),
        );
        expect(scoreOf(solved)).toBe(1);
        expect(scoreOf(grade(c, c.rules))).toBeLessThan(1);
      });
    }
});

describe('variants', () => {
  it('are deterministic in the seed, and seed 0 takes the first values', () => {
    const vars = { A: ['x', 'y', 'z'], B: [1, 2, 3, 4] };
    expect(chooseValues(vars, 0)).toEqual({ A: 'x', B: 1 });
    expect(chooseValues(vars, 12345)).toEqual(chooseValues(vars, 12345));
    const seen = new Set(Array.from({ length: 20 }, (_, i) => JSON.stringify(chooseValues(vars, i + 1))));
    expect(seen.size).toBeGreaterThan(3);
  });

  it('fill numbers as numbers where a field is only a placeholder', () => {
    const c = builtinChallenges.find((x) => x.id === 'default-deny');
    if (!c) throw new Error('default-deny missing');
    const v = variantOf(c, 0);
    expect(v.probes[1]?.packets[0]?.dport).toBe(443);
    expect(v.rules).not.toContain('{{');
    expect(v.solution).toContain('--dport 443');
  });
});
