/// <reference types="vite/client" />
// The built-in lessons: one folder each (lesson.json, lesson.<lng>.json, and the rules files its steps name).
import { loadLessons } from './load.ts';
import type { Lesson } from './types.ts';

const json = import.meta.glob<unknown>('./*/lesson.json', { eager: true, import: 'default' });
const texts = import.meta.glob<string>('./*/*.txt', { eager: true, query: '?raw', import: 'default' });
const words = import.meta.glob<unknown>('./*/lesson.*.json', { eager: true, import: 'default' });

const loaded = loadLessons(json, texts, words);

export const lessonLoadProblems = loaded.problems;
export const builtinLessons: readonly Lesson[] = loaded.lessons;

export function findLesson(id: string): Lesson | undefined {
  return builtinLessons.find((l) => l.id === id);
}
