import { describe, expect, it } from 'vitest';
import { sshAcceptedTrace } from './fixtures/traces.ts';
import { callStackAt, firstStepIn, placesOf, ruleMarksAt, ruleMarksUpTo, stepOfRule, timelineOf } from './timeline.ts';

const timeline = timelineOf(sshAcceptedTrace());

describe('placesOf', () => {
  it('puts the token on the graph node each step names', () => {
    const places = placesOf(timeline);
    expect(places[0]).toEqual({ node: 'nic-in' });
    expect(places[2]).toEqual({ node: 'hook', hook: 'PREROUTING', stop: 'conntrack' });
    expect(places[3]).toEqual({ node: 'route-in' });
    expect(places[6]).toEqual({ node: 'hook', hook: 'INPUT', stop: 'filter' });
    expect(places[11]).toEqual({ node: 'local' });
  });
});

describe('callStackAt', () => {
  it('shows the jump from INPUT into SSH-IN as a nested path with the rule reached in each chain', () => {
    expect(callStackAt(timeline, 10)).toEqual([
      { table: 'filter', chain: 'INPUT', ruleIndex: 3 },
      { table: 'filter', chain: 'SSH-IN', ruleIndex: 1 },
    ]);
  });
  it('is empty outside a table', () => {
    expect(callStackAt(timeline, 3)).toEqual([]);
  });
});

describe('ruleMarksAt', () => {
  it('marks the rules already passed and the current one', () => {
    const marks = ruleMarksAt(timeline, 8, 'filter', 'INPUT');
    expect([...marks.entries()].sort()).toEqual([
      [1, 'not-matched'],
      [2, 'not-matched'],
      [3, 'current'],
    ]);
  });
  it('keeps the calling chain marked while the packet is in the called chain', () => {
    expect(ruleMarksAt(timeline, 10, 'filter', 'INPUT').get(3)).toBe('matched');
  });
});

describe('lookups used by clicks', () => {
  it('finds the first step in a chain and the step of a rule', () => {
    expect(firstStepIn(timeline, 'filter', 'SSH-IN')).toBe(9);
    expect(stepOfRule(timeline, 'filter', 'INPUT', 2, 0)).toBe(7);
    expect(stepOfRule(timeline, 'filter', 'INPUT', 9, 0)).toBe(-1);
  });
});

describe('ruleMarksUpTo', () => {
  it('keeps the deciding rule marked after the packet left the chain', () => {
    const marks = ruleMarksUpTo(timeline, 11, 'filter', 'SSH-IN');
    expect(marks.get(1)).toBe('matched');
    expect(ruleMarksUpTo(timeline, 11, 'filter', 'INPUT').get(3)).toBe('matched');
  });
  it('is the same as ruleMarksAt while the packet is in the chain', () => {
    expect(ruleMarksUpTo(timeline, 8, 'filter', 'INPUT')).toEqual(ruleMarksAt(timeline, 8, 'filter', 'INPUT'));
  });
  it('is empty for a chain not reached yet', () => {
    expect(ruleMarksUpTo(timeline, 5, 'filter', 'SSH-IN').size).toBe(0);
  });
});
