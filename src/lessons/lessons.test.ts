// Every built-in lesson through the engine: each packet a step sends gets the fate (and path) its text claims,
// explore finds the probabilities it states, the IPVS comparison meets the chains it names, and every "try" task
// is met by the lesson's stored solution and not by the step's starting state.
import { describe, expect, it } from 'vitest';
import { computeScale, createSession, runTrace, type TraceRequest, type TraceResult } from '../engine/index.ts';
import { toTraceRequest } from '../scenarios/index.ts';
import type { Scenario } from '../scenarios/types.ts';
import { builtinLessons, lessonLoadProblems } from './index.ts';
import { claimProblems, probesPass, sendTaskHolds, stepTaskHolds } from './judge.ts';
import { compareRequests, setupScenario, withSolution } from './setup.ts';
import type { Lesson, LessonStep } from './types.ts';

function results(req: TraceRequest): TraceResult[] {
  const r = runTrace(req);
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.line}:${e.col} ${e.message}`).join('\n'));
  if (!('results' in r)) throw new Error('expected a replay, got outcomes');
  return r.results;
}

function trace(s: Scenario): TraceResult[] {
  return results(toTraceRequest(s));
}

function scenarioOf(lesson: Lesson, step: LessonStep): Scenario {
  const s = step.setup && setupScenario(lesson, step.setup);
  if (!s) throw new Error(`step "${step.title}" has no scenario it can load`);
  return s;
}

function taskHolds(lesson: Lesson, step: LessonStep, s: Scenario, at?: { packet: number; trace: string }): boolean {
  const task = step.task!;
  if (task.kind === 'send') return sendTaskHolds(task, trace(s));
  if (task.kind === 'rules') {
    const last = task.probes.map((p) => results({ ...toTraceRequest(s), packets: p.packets, seed: 1 }).at(-1));
    return probesPass(task, last).every(Boolean);
  }
  if (task.kind === 'step') {
    const steps = trace(s)[at?.packet ?? step.setup?.packet ?? 0]?.steps ?? [];
    const shown = at ? steps.find((x) => 'trace' in x && x.trace === at.trace) : steps[0];
    return stepTaskHolds(task, shown);
  }
  return false;
}

describe('built-in lessons', () => {
  it('load without problems, eight of them, each translated into zh and ja', () => {
    expect(lessonLoadProblems).toEqual([]);
    expect(builtinLessons.map((l) => l.id)).toEqual([
      'tables-and-chains',
      'custom-chains',
      'conntrack-states',
      'nat-reply-path',
      'kube-services',
      'iptables-vs-ipvs',
      'scale',
      'nftables',
    ]);
    for (const l of builtinLessons) expect(Object.keys(l.words).sort(), l.id).toEqual(['ja', 'zh']);
  });

  for (const lesson of builtinLessons) {
    describe(lesson.id, () => {
      lesson.steps.forEach((step, i) => {
        if (step.claims?.length) {
          it(`step ${i + 1} "${step.title}": every packet meets the fate its text claims`, () => {
            const s = scenarioOf(lesson, step);
            const replay = trace(s);
            for (const claim of step.claims!) {
              expect(claimProblems(claim, replay[claim.packet]), `packet ${claim.packet + 1}`).toEqual([]);
              if (claim.outcomes) {
                const req = { ...toTraceRequest(s), explore: true };
                req.packets = req.packets.slice(0, claim.packet + 1);
                const r = runTrace(req);
                const got = r.ok && 'outcomes' in r ? r.outcomes.map((o) => o.probability) : [];
                expect(got.length).toBe(claim.outcomes.length);
                got.forEach((p, k) => expect(p).toBeCloseTo(claim.outcomes![k]!, 9));
              }
            }
          });
        }
        if (step.view === 'batch') {
          it(`step ${i + 1} "${step.title}": a batch of new connections splits as explore's exact probabilities`, async () => {
            const s = scenarioOf(lesson, step);
            const req = toTraceRequest(s);
            const { label: _label, ...template } = s.packets[step.setup?.packet ?? 0]!;
            const explored = runTrace({ ...req, packets: [template], explore: true });
            const outcomes = explored.ok && 'outcomes' in explored ? explored.outcomes : [];
            expect(outcomes.length).toBeGreaterThan(1);
            const session = createSession();
            const { rulesetId } = session.load({ text: req.rules, ipsets: req.ipsets ?? '' });
            const count = step.batch!.count;
            const tally = await session.batch({
              rulesetId,
              host: req.host,
              template,
              count,
              kind: 'connections',
              seed: 1,
              randomPorts: true,
            });
            expect(tally.ok).toBe(true);
            if (!tally.ok) return;
            expect(tally.sent).toBe(count);
            for (const o of outcomes) {
              const endpoint = o.packet.dport === undefined ? o.packet.dst : `${o.packet.dst}:${o.packet.dport}`;
              const got = tally.endpoints.find((e) => e.endpoint === endpoint)?.count ?? 0;
              // A binomial count: within four standard deviations of count × p (what the step's text says).
              const sd = Math.sqrt(count * o.probability * (1 - o.probability));
              expect(Math.abs(got - count * o.probability), endpoint).toBeLessThan(4 * sd);
            }
          });
        }
        if (step.kind === 'try' && step.task && step.task.kind !== 'scale') {
          it(`step ${i + 1} "${step.title}": the starting state fails the task and the solution meets it`, () => {
            const s = scenarioOf(lesson, step);
            expect(taskHolds(lesson, step, s)).toBe(false);
            const sol = step.solution;
            expect(sol).toBeDefined();
            const solved = withSolution(lesson, s, sol!);
            const at = sol!.trace !== undefined ? { packet: sol!.packet ?? 0, trace: sol!.trace } : undefined;
            expect(taskHolds(lesson, step, solved, at)).toBe(true);
          });
        }
      });
      if (lesson.compare) {
        it('the IPVS comparison meets the chains its text names in each mode', () => {
          const reqs = compareRequests(lesson, lesson.compare!);
          for (const mode of ['iptables', 'ipvs'] as const) {
            const r = results(reqs[mode]!);
            expect(claimProblems(lesson.compare!.claims[mode], r[0]), mode).toEqual([]);
          }
        });
      }
    });
  }

  it('scale: rules walked grow with the services in iptables mode, the hash lookups of IPVS do not', () => {
    // The scale lesson's words; its "try" step is met once the scale lab has measured.
    const r = computeScale({ sizes: [10, 100], repeats: 0, endpoints: 2 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const last = (mode: string, n: number) =>
      r.points.find((p) => p.mode === mode && p.services === n)?.packets.find((c) => c.position === 'last');
    expect(last('iptables', 100)!.rulesEvaluated).toBeGreaterThan(2 * last('iptables', 10)!.rulesEvaluated);
    expect(last('ipvs', 100)!.hashLookups).toBe(last('ipvs', 10)!.hashLookups);
    const full = (n: number) =>
      r.points.find((p) => p.mode === 'iptables' && p.services === n)?.updates.find((u) => u.kind === 'iptables-full');
    const ipvs = r.points.find((p) => p.mode === 'ipvs' && p.services === 100)?.updates.find((u) => u.kind === 'ipvs');
    expect(full(100)!.rules).toBeGreaterThan(full(10)!.rules);
    expect(ipvs!.rules).toBeLessThan(5);
  });
});
