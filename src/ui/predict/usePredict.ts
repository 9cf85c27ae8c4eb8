// What the predict card and the header read of predict mode, through selectors (the derivations live in the store).
import { useShallow } from 'zustand/react/shallow';
import { useLab, type LabState } from '../../store/index.ts';
import { misconceptionOf } from '../../store/predictMisconceptions.ts';
import { predictProgressOf, predictQuestionsOf } from '../../store/predictView.ts';
import { fullTimeline } from '../../store/predictView.ts';

const NO_SCORE = { right: 0, asked: 0 };
/** Off, the card shows nothing: its questions are not derived (over a 10,000-step trace that took 100s of ms). */
const OFF = {
  predicting: false,
  loading: false,
  questions: [],
  asked: 0,
  picked: null,
  question: undefined,
  step: undefined,
  misconception: null,
  score: NO_SCORE,
  packetIndex: 0,
  packets: 0,
} as const;

function predictView(s: LabState) {
  if (!s.predicting) return OFF;
  const questions = predictQuestionsOf(s);
  const { asked, picked } = predictProgressOf(s);
  const question = questions[asked];
  return {
    predicting: s.predicting,
    loading: s.traceStatus === 'loading' || s.traceStatus === 'running',
    questions,
    asked,
    picked,
    question,
    /** The step the question is about, as the engine recorded it (for its explanation once answered). */
    step: question ? fullTimeline(s)[question.step]?.step : undefined,
    misconception: question && picked !== null ? misconceptionOf(question, picked) : null,
    score: s.predictScores[s.scenarioId] ?? NO_SCORE,
    packetIndex: s.packetIndex,
    packets: s.packets.length,
  };
}

export function usePredict() {
  return useLab(useShallow(predictView));
}

/** True while predict mode hides part of this packet's trace (a question is still open). */
export function usePredictHides(): boolean {
  return useLab((s) => s.predicting && predictProgressOf(s).asked < predictQuestionsOf(s).length);
}
