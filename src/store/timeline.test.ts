import { describe, expect, it } from 'vitest';
import type { TraceStep } from '../engine/index.ts';
import { gotoTrace, sshAcceptedTrace } from './fixtures/traces.ts';
import { callStackAt, firstStepIn, placesOf, ruleMarksAt, ruleMarksUpTo, stepOfRule, timelineOf } from './timeline.ts';

const timeline = timelineOf(sshAcceptedTrace());
/** The index of the first step the predicate accepts (the fixture is the engine's own trace). */
const at = (pred: (s: TraceStep) => boolean) => {
  const i = timeline.findIndex(({ step }) => pred(step));
  if (i < 0) throw new Error('no such step');
  return i;
};
const ruleStep = (chain: string, index: number) =>
  at((s) => s.kind === 'rule' && s.chain === chain && s.index === index);
const routeStep = at((s) => s.kind === 'route');
const sshIn = ruleStep('SSH-IN', 1);
const jumpRule = ruleStep('INPUT', 3);

describe('placesOf', () => {
  it('puts the token on the graph node each step names', () => {
    const places = placesOf(timeline);
    expect(places[0]).toEqual({ node: 'nic-in' });
    expect(places[at((s) => s.kind === 'conntrack')]).toEqual({ node: 'hook', hook: 'PREROUTING', stop: 'conntrack' });
    expect(places[routeStep]).toEqual({ node: 'route-in' });
    expect(places[jumpRule]).toEqual({ node: 'hook', hook: 'INPUT', stop: 'filter' });
    expect(places.at(-1)).toEqual({ node: 'local' });
  });
});

describe('callStackAt', () => {
  it('shows the jump from INPUT into SSH-IN as a nested path with the rule reached in each chain', () => {
    expect(callStackAt(timeline, sshIn)).toEqual([
      { table: 'filter', chain: 'INPUT', ruleIndex: 3 },
      { table: 'filter', chain: 'SSH-IN', ruleIndex: 1 },
    ]);
  });
  it('marks a chain reached by goto with the chain the goto left, which is no longer on the stack', () => {
    const walk = timelineOf(gotoTrace());
    const inLogdrop = walk.findIndex(({ step }) => step.kind === 'rule' && step.chain === 'LOGDROP');
    expect(callStackAt(walk, inLogdrop)).toEqual([
      { table: 'filter', chain: 'INPUT', ruleIndex: 1 },
      { table: 'filter', chain: 'WEB-CHECK', ruleIndex: 2, gotoFrom: 'WEB' },
      { table: 'filter', chain: 'LOGDROP', ruleIndex: 1 },
    ]);
  });
  it('is empty outside a table', () => {
    expect(callStackAt(timeline, routeStep)).toEqual([]);
  });
});

describe('ruleMarksAt', () => {
  it('marks the rules already passed and the current one', () => {
    const marks = ruleMarksAt(timeline, jumpRule, 'filter', 'INPUT');
    expect([...marks.entries()].sort()).toEqual([
      [1, 'not-matched'],
      [2, 'not-matched'],
      [3, 'current'],
    ]);
  });
  it('keeps the calling chain marked while the packet is in the called chain', () => {
    expect(ruleMarksAt(timeline, sshIn, 'filter', 'INPUT').get(3)).toBe('matched');
  });
});

describe('lookups used by clicks', () => {
  it('finds the first step in a chain and the step of a rule', () => {
    expect(firstStepIn(timeline, 'filter', 'SSH-IN')).toBe(sshIn - 1);
    expect(stepOfRule(timeline, 'filter', 'INPUT', 2, 0)).toBe(ruleStep('INPUT', 2));
    expect(stepOfRule(timeline, 'filter', 'INPUT', 9, 0)).toBe(-1);
  });
});

describe('ruleMarksUpTo', () => {
  const fate = timeline.length - 1;
  it('keeps the deciding rule marked after the packet left the chain', () => {
    expect(ruleMarksUpTo(timeline, fate, 'filter', 'SSH-IN').get(1)).toBe('matched');
    expect(ruleMarksUpTo(timeline, fate, 'filter', 'INPUT').get(3)).toBe('matched');
  });
  it('is the same as ruleMarksAt while the packet is in the chain', () => {
    expect(ruleMarksUpTo(timeline, jumpRule, 'filter', 'INPUT')).toEqual(
      ruleMarksAt(timeline, jumpRule, 'filter', 'INPUT'),
    );
  });
  it('is empty for a chain not reached yet', () => {
    expect(ruleMarksUpTo(timeline, routeStep, 'filter', 'SSH-IN').size).toBe(0);
  });
});
