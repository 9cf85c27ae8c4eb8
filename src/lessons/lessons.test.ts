// Every built-in lesson through the engine: each packet a step sends gets the fate (and path) its text claims,
// explore finds the probabilities it states, the IPVS comparison meets the chains it names, and every "try" task
// is met by the lesson's stored solution and not by the step's starting state.
import { describe, expect, it } from 'vitest';
import {
  computeScale,
  createSession,
  runTrace,
  stopsAtHook,
  type HookName,
  type HookOutline,
  type TraceRequest,
  type TraceResult,
} from '../engine/index.ts';
import { findBuiltin, toTraceRequest } from '../scenarios/index.ts';
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

/** Every stop a step names: on the graph, in its claims and in its task. */
function stopsNamed(step: LessonStep): string[] {
  const claims = step.claims ?? [];
  const task = step.task?.kind === 'send' ? (step.task.meets ?? []) : [];
  return [...(step.marks ?? []), ...claims.flatMap((c) => [...(c.meets ?? []), ...(c.misses ?? [])]), ...task];
}

/** The setup a step shows: its own, or the last one before it (a step without one keeps the lab as it was). */
function setupAt(lesson: Lesson, index: number): LessonStep['setup'] {
  return lesson.steps.slice(0, index + 1).findLast((s) => s.setup)?.setup;
}

/** IPVS takes packets at LOCAL_IN, LOCAL_OUT and FORWARD (net/netfilter/ipvs/ip_vs_core.c, ip_vs_ops_v4). */
const IPVS_HOOKS: readonly string[] = ['INPUT', 'OUTPUT', 'FORWARD'];

/**
 * The names no stop answers to: an iptables stop ('INPUT:nat') must be one the kernel calls at that hook, an
 * nftables base chain ('nft:inet:filter:input') must be one the step's ruleset defines.
 */
function unknownStops(names: readonly string[], hooks: readonly HookOutline[]): string[] {
  const nftBases = new Set(hooks.flatMap((h) => h.tables.filter((t) => t.nft).map((t) => t.key)));
  return names.filter((name) => {
    if (name.startsWith('nft:')) return !nftBases.has(name);
    const [hook, stop] = name.split(':');
    if (hook === 'hook' || stop === undefined) return false;
    if (stop === 'ipvs') return !IPVS_HOOKS.includes(hook!);
    return !stopsAtHook(hook as HookName).some((s) => s.stop === stop);
  });
}

function hooksOf(s: Scenario): HookOutline[] {
  const req = toTraceRequest(s);
  return createSession().load({ text: req.rules, ipsets: req.ipsets, iptablesRules: req.iptablesRules }).hooks;
}

describe('stops a lesson names', () => {
  const hooks = hooksOf(findBuiltin('nft-two-tables')!);

  it('an nftables base chain must be one the ruleset defines: a typo in family, table or chain is found', () => {
    expect(unknownStops(['nft:inet:filter:input', 'nft:inet:guard:input'], hooks)).toEqual([]);
    expect(unknownStops(['nft:ip:filter:input', 'nft:inet:gaurd:input', 'nft:inet:filter:output'], hooks)).toEqual([
      'nft:ip:filter:input',
      'nft:inet:gaurd:input',
      'nft:inet:filter:output',
    ]);
  });

  it('an iptables stop must be one the kernel calls at that hook (no nat at FORWARD, no raw at INPUT)', () => {
    expect(unknownStops(['PREROUTING:raw', 'INPUT:nat', 'INPUT:ipvs', 'PREROUTING:conntrack'], hooks)).toEqual([]);
    expect(unknownStops(['FORWARD:nat', 'INPUT:raw', 'PREROUTING:ipvs'], hooks)).toEqual([
      'FORWARD:nat',
      'INPUT:raw',
      'PREROUTING:ipvs',
    ]);
  });
});

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
        const named = stopsNamed(step);
        if (named.length > 0) {
          it(`step ${i + 1} "${step.title}": every stop it names exists in its ruleset`, () => {
            const setup = setupAt(lesson, i);
            expect(setup, 'a step that names stops loads a ruleset').toBeDefined();
            const s = setupScenario(lesson, setup!);
            expect(s, `scenario ${setup!.scenario}`).toBeDefined();
            expect(unknownStops(named, hooksOf(s!))).toEqual([]);
          });
        }
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
