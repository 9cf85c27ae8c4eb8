// A built-in scenario's words in the viewer's language. The scenario data (what undo, autosave, share links and
// "modified" work on) always holds the English of scenario.json or the user's own text; translations live beside
// it in lesson.<lng>.json and are applied only when showing it, and only to text that is still the built-in's.
// So a link or an autosave never depends on the language, and a title or label the user typed is shown as typed.
import type { BuiltinScenario, LessonQuestion, LessonText, ScenarioPacket } from './types.ts';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
const textList = (v: unknown): v is string[] => Array.isArray(v) && v.every(isText);

/** The parts of a built-in scenario a lesson file translates, to check its counts against. */
export interface LessonSource {
  teaching: readonly string[];
  questions: readonly unknown[];
  packets: readonly unknown[];
}

/**
 * The lesson file as a LessonText, or what is wrong with it: its shape (every text non-empty) and one teaching
 * paragraph, question and packet label per one of the scenario's, in the same order.
 */
export function parseLesson(
  value: unknown,
  source: LessonSource,
): { ok: true; lesson: LessonText } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  if (!isObj(value)) return { ok: false, problems: ['not a JSON object'] };
  for (const key of ['title', 'summary'] as const) if (!isText(value[key])) problems.push(`${key}: not a text`);
  const counted = [
    ['teaching', value.teaching, source.teaching.length],
    ['packets', value.packets, source.packets.length],
  ] as const;
  for (const [key, list, want] of counted) {
    if (!textList(list)) problems.push(`${key}: not a list of texts`);
    else if (list.length !== want) problems.push(`${key}: ${list.length} instead of ${want}`);
  }
  const questions = value.questions;
  if (!Array.isArray(questions)) problems.push('questions: not a list');
  else {
    if (questions.length !== source.questions.length)
      problems.push(`questions: ${questions.length} instead of ${source.questions.length}`);
    questions.forEach((q, i) => {
      if (!isObj(q) || !isText(q.question) || !isText(q.answer))
        problems.push(`questions[${i}]: needs a question and an answer`);
    });
  }
  for (const key of Object.keys(value))
    if (!['title', 'summary', 'teaching', 'questions', 'packets'].includes(key)) problems.push(`${key}: unknown field`);
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    lesson: {
      title: value.title as string,
      summary: value.summary as string,
      teaching: [...(value.teaching as string[])],
      questions: (questions as Obj[]).map((q) => ({ question: q.question as string, answer: q.answer as string })),
      packets: [...(value.packets as string[])],
    },
  };
}

/** The scenario's lesson in `lng` ('zh', or a tag such as 'zh-CN'), if it has one. */
export function lessonFor(builtin: BuiltinScenario, lng: string): LessonText | undefined {
  return builtin.lessons[lng] ?? builtin.lessons[lng.split('-')[0] ?? lng];
}

/** A built-in scenario's title as the picker lists it. */
export function builtinTitle(builtin: BuiltinScenario, lng: string): string {
  return lessonFor(builtin, lng)?.title ?? builtin.title;
}

/** The scenario fields that hold words, as the store keeps them. */
export interface ScenarioWords {
  scenarioId: string;
  title: string;
  summary: string;
  teaching: readonly string[];
  packets: readonly ScenarioPacket[];
}

/** What the lesson panel and the packet lists show. */
export interface DisplayedWords {
  title: string;
  summary: string;
  teaching: string[];
  /** One per packet of the scenario (not of the built-in: the user may have added, moved or removed some). */
  packetLabels: (string | undefined)[];
  questions: LessonQuestion[];
}

/**
 * The words to show for the scenario being worked on. Each text that is still exactly the built-in's English is
 * shown in `lng` when the built-in has a lesson in it; text the user changed (or a custom scenario) is shown as
 * it is. Paragraphs and labels are matched by their English text, not their position, so a moved packet keeps
 * its translated label.
 */
export function displayedWords(
  words: ScenarioWords,
  builtin: BuiltinScenario | undefined,
  lng: string,
): DisplayedWords {
  const lesson = builtin && lessonFor(builtin, lng);
  const questions = builtin?.questions ?? [];
  if (!builtin || !lesson)
    return {
      title: words.title,
      summary: words.summary,
      teaching: [...words.teaching],
      packetLabels: words.packets.map((p) => p.label),
      questions,
    };
  const translated = (english: readonly (string | undefined)[], local: readonly string[]) => {
    const map = new Map<string, string>();
    english.forEach((text, i) => {
      const there = local[i];
      if (text !== undefined && there !== undefined && !map.has(text)) map.set(text, there);
    });
    return (text: string) => map.get(text) ?? text;
  };
  const paragraph = translated(builtin.teaching, lesson.teaching);
  const label = translated(
    builtin.packets.map((p) => p.label),
    lesson.packets,
  );
  return {
    title: words.title === builtin.title ? lesson.title : words.title,
    summary: words.summary === builtin.summary ? lesson.summary : words.summary,
    teaching: words.teaching.map(paragraph),
    packetLabels: words.packets.map((p) => (p.label === undefined ? undefined : label(p.label))),
    questions: questions.map((q, i) => ({ ...q, ...lesson.questions[i] })),
  };
}
