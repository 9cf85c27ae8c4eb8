// Every built-in scenario, through the engine, against what the kernel does (STYLE.md habit 8).
import { describe, expect, it } from 'vitest';
import { runTrace } from '../engine/trace/index.ts';
import type { TraceResult } from '../engine/trace/types.ts';
import {
  builtinScenarios,
  defaultScenario,
  DEFAULT_SCENARIO_ID,
  scenarioLoadProblems,
  toTraceRequest,
} from './index.ts';
import { outcomeDifferences, replayLandsOnAnOutcome, resultDifferences } from './expectations.ts';

describe('the built-in scenario library', () => {
  it('loads every folder', () => {
    expect(scenarioLoadProblems).toEqual([]);
    expect(builtinScenarios.length).toBeGreaterThanOrEqual(12);
  });

  it('has unique ids and one expectation per packet', () => {
    expect(new Set(builtinScenarios.map((s) => s.id)).size).toBe(builtinScenarios.length);
    for (const s of builtinScenarios) expect(s.expect.length, s.id).toBe(s.packets.length);
  });

  it('asks lesson questions only about packets the scenario has', () => {
    for (const s of builtinScenarios)
      for (const q of s.questions) {
        expect(q.question.length, s.id).toBeGreaterThan(0);
        expect(q.answer.length, s.id).toBeGreaterThan(0);
        if (q.packet !== undefined) expect(q.packet, `${s.id}: ${q.question}`).toBeLessThanOrEqual(s.packets.length);
      }
  });

  it('opens on the host firewall', () => {
    expect(DEFAULT_SCENARIO_ID).toBe('host-firewall');
    expect(defaultScenario.id).toBe('host-firewall');
  });
});

describe.each(builtinScenarios.map((s) => [s.id, s] as const))('scenario %s', (_id, scenario) => {
  const response = runTrace(toTraceRequest(scenario));

  it('loads without errors', () => {
    expect(response.ok ? [] : response.errors).toEqual([]);
    if (response.ok) expect(response.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  const results: TraceResult[] = response.ok && 'results' in response ? response.results : [];

  scenario.packets.forEach((packet, i) => {
    const expectation = scenario.expect[i];
    if (expectation === undefined) return;
    it(`packet ${i + 1} (${packet.label ?? packet.proto}) ends ${expectation.fate}`, () => {
      const result = results[i];
      expect(result, 'no result for this packet').toBeDefined();
      if (!result) return;
      expect(resultDifferences(expectation, result)).toEqual([]);
      if (expectation.outcomes) expect(replayLandsOnAnOutcome(expectation.outcomes, result)).toBe(true);
    });

    const outcomes = expectation.outcomes;
    if (outcomes) {
      it(`packet ${i + 1} explored alone gives every outcome with its probability`, () => {
        const { label: _label, ...spec } = packet;
        const explored = runTrace({ ...toTraceRequest(scenario), packets: [spec], explore: true });
        expect(explored.ok ? [] : explored.errors).toEqual([]);
        const found = explored.ok && 'outcomes' in explored ? explored.outcomes : [];
        expect(outcomeDifferences(outcomes, found)).toEqual([]);
      });
    }
  });
});
