/// <reference types="vite/client" />
// The built-in scenario library. Each folder holds rules.txt and scenario.json, and lesson.<lng>.json for each
// language its lesson is translated into; Vite (and Vitest, which runs the same transform) bundles them here, so
// adding a scenario is adding a folder.
import { loadScenarios, type ScenarioFile } from './load.ts';
import type { BuiltinScenario, Scenario } from './types.ts';

const jsonFiles = import.meta.glob<ScenarioFile>('./*/scenario.json', { eager: true, import: 'default' });
const rulesFiles = import.meta.glob<string>('./*/rules.txt', { eager: true, query: '?raw', import: 'default' });

const lessonFiles = import.meta.glob<unknown>('./*/lesson.*.json', { eager: true, import: 'default' });
const iptablesFiles = import.meta.glob<string>('./*/iptables.txt', { eager: true, query: '?raw', import: 'default' });

const loaded = loadScenarios(jsonFiles, rulesFiles, lessonFiles, iptablesFiles);

/** Folders that could not be loaded (the scenarios test fails on any). */
export const scenarioLoadProblems = loaded.problems;

/** Every built-in scenario, in picker order. */
export const builtinScenarios: readonly BuiltinScenario[] = loaded.scenarios;

export function findBuiltin(id: string): BuiltinScenario | undefined {
  return builtinScenarios.find((s) => s.id === id);
}

/** The scenario the app opens on: a host firewall is the first thing most students have met. */
export const DEFAULT_SCENARIO_ID = 'host-firewall';

const defaultBuiltin = findBuiltin(DEFAULT_SCENARIO_ID) ?? builtinScenarios[0];
if (defaultBuiltin === undefined) throw new Error('no built-in scenario could be loaded');

/**
 * The built-in scenario as an editable Scenario (no expectations, English words: translations are only shown),
 * deep-copied so edits never touch the library.
 */
export function editableCopy(s: BuiltinScenario): Scenario {
  const { order: _order, expect: _expect, questions: _questions, lessons: _lessons, ...rest } = s;
  return structuredClone(rest);
}

export const defaultScenario: Scenario = editableCopy(defaultBuiltin);

export type {
  BuiltinScenario,
  LessonQuestion,
  LessonText,
  Scenario,
  ScenarioPacket,
  PacketExpectation,
} from './types.ts';
export { toTraceRequest } from './types.ts';
