// What predict mode lets the panels see: the questions of the packet shown, how far the student has come, and the
// timeline cut just before the decision being asked (or at it, once answered). The playback slice's timeline is
// this cut one, so the trace list, the fate, the chain panel's marks, the packet card and the graph all stop there
// without knowing about predict mode, and stepping or "show packet" cannot run past the question.
import type { LabState } from './index.ts';
import { predictQuestions, type PredictQuestion } from './predictQuestions.ts';
import { runsOf } from './traceAssembly.ts';
import { timelineOf, type TimelineEntry } from './timeline.ts';

export interface PredictProgress {
  /** The index of the question being asked; questions.length when every one is answered or revealed. */
  asked: number;
  /** The choice picked for that question, once answered. */
  picked: number | null;
}

const FRESH: PredictProgress = { asked: 0, picked: null };

type PredictInputs = Pick<LabState, 'response' | 'packetIndex' | 'host' | 'check'>;

const questionCache = new WeakMap<TimelineEntry[], { sources: unknown[]; questions: PredictQuestion[] }>();

/** The full timeline of the packet shown (what the engine answered), whatever predict mode shows of it. */
export function fullTimeline(state: Pick<LabState, 'response' | 'packetIndex'>): TimelineEntry[] {
  return timelineOf(runsOf(state.response)[state.packetIndex]);
}

/** The questions for the packet shown, computed once per trace, host and table outline. */
export function predictQuestionsOf(state: PredictInputs): PredictQuestion[] {
  const timeline = fullTimeline(state);
  const hooks = state.check?.hooks;
  const cached = questionCache.get(timeline);
  if (cached && cached.sources[0] === state.host && cached.sources[1] === hooks) return cached.questions;
  const questions = predictQuestions(timeline, { host: state.host, hooks });
  questionCache.set(timeline, { sources: [state.host, hooks], questions });
  return questions;
}

/** Progress on the packet shown: kept only for the trace and packet it was made on (a new trace starts afresh). */
export function predictProgressOf(state: Pick<LabState, 'predictRun' | 'response' | 'packetIndex'>): PredictProgress {
  const run = state.predictRun;
  if (!run || run.response !== state.response || run.packetIndex !== state.packetIndex) return FRESH;
  return { asked: run.asked, picked: run.picked };
}

/** The question being asked now, or undefined when predict mode is off or every question is answered. */
export function currentQuestion(
  state: PredictInputs & Pick<LabState, 'predicting' | 'predictRun'>,
): PredictQuestion | undefined {
  if (!state.predicting) return undefined;
  return predictQuestionsOf(state)[predictProgressOf(state).asked];
}

/** The last step the panels may show, or null when they may show the whole trace. */
export function predictLimit(
  state: PredictInputs & Pick<LabState, 'predicting' | 'predictRun' | 'traceStatus'>,
): number | null {
  if (!state.predicting) return null;
  // Half a trace (chunks still arriving) has no questions yet: show where the packet starts, nothing more.
  if (state.traceStatus === 'loading') return 0;
  const q = currentQuestion(state);
  if (!q) return null;
  return predictProgressOf(state).picked === null ? Math.max(0, q.step - 1) : q.step;
}

const cutCache = new WeakMap<TimelineEntry[], Map<number, TimelineEntry[]>>();

/** The timeline the panels show: the whole one, or its first steps up to the predict limit (the same array each time). */
export function shownTimeline(state: Parameters<typeof predictLimit>[0]): TimelineEntry[] {
  const full = fullTimeline(state);
  const limit = predictLimit(state);
  if (limit === null || limit >= full.length - 1) return full;
  let cuts = cutCache.get(full);
  if (!cuts) {
    cuts = new Map();
    cutCache.set(full, cuts);
  }
  let cut = cuts.get(limit);
  if (!cut) {
    cut = full.slice(0, limit + 1);
    cuts.set(limit, cut);
  }
  return cut;
}
