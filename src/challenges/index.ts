/// <reference types="vite/client" />
// The built-in challenges: one folder each (challenge.json, rules.txt, solution.txt, challenge.<lng>.json).
import { loadChallenges, type ChallengeFile } from './load.ts';
import type { Challenge } from './types.ts';

const json = import.meta.glob<ChallengeFile>('./*/challenge.json', { eager: true, import: 'default' });
const rules = import.meta.glob<string>('./*/rules.txt', { eager: true, query: '?raw', import: 'default' });
const solutions = import.meta.glob<string>('./*/solution.txt', { eager: true, query: '?raw', import: 'default' });
const words = import.meta.glob<unknown>('./*/challenge.*.json', { eager: true, import: 'default' });

const loaded = loadChallenges(json, rules, solutions, words);

export const challengeLoadProblems = loaded.problems;
export const builtinChallenges: readonly Challenge[] = loaded.challenges;

export function findChallenge(id: string): Challenge | undefined {
  return builtinChallenges.find((c) => c.id === id);
}
