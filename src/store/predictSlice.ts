// Predict mode: the student commits to an answer at each decision of the trace before the lab shows it. The
// questions come from the trace (predictQuestions.ts), what the panels may show from predictView.ts; here are the
// actions and the score per scenario, remembered in localStorage as challenge progress is.
import type { StateCreator, StoreApi } from 'zustand';
import type { LabState } from './index.ts';
import { currentQuestion, fullTimeline, predictLimit, predictProgressOf, predictQuestionsOf } from './predictView.ts';

export interface PredictScore {
  right: number;
  asked: number;
}

/** Where the student is in the questions of one packet's trace (the response and packet it was made on). */
export interface PredictRun {
  response: LabState['response'];
  packetIndex: number;
  asked: number;
  picked: number | null;
}

export interface PredictSlice {
  /** Predict mode: the trace is shown only up to the question being asked. */
  predicting: boolean;
  predictRun: PredictRun | null;
  /** Right answers and questions answered, per scenario id. */
  predictScores: Record<string, PredictScore>;
  togglePredict(): void;
  setPredicting(on: boolean): void;
  /** Answers the current question with choice `choice`: scored, and the lab shows that step. */
  answerPrediction(choice: number): void;
  /** On to the next question (the animation plays up to it), or, after the last, to the whole trace. */
  nextPrediction(): void;
  /** Shows the whole trace of this packet without asking the remaining questions. */
  revealAllPredictions(): void;
  /** Asks this packet's questions again from the first. */
  restartPredictions(): void;
  resetPredictScore(): void;
}

export const PREDICT_SCORES_KEY = 'netfilter-lab:predict-scores';
/** Far past any class's use; a stored number beyond it is not a score the lab wrote. */
const MAX_COUNT = 1_000_000;

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

const isCount = (n: unknown): n is number => Number.isInteger(n) && (n as number) >= 0 && (n as number) <= MAX_COUNT;

/** The remembered scores, keeping only entries of the shape the lab writes. */
export function loadPredictScores(store: Pick<Storage, 'getItem'> | null = storage()): Record<string, PredictScore> {
  try {
    const parsed: unknown = JSON.parse(store?.getItem(PREDICT_SCORES_KEY) ?? '{}');
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
    const scores: Record<string, PredictScore> = {};
    for (const [id, value] of Object.entries(parsed as Record<string, unknown>)) {
      const { right, asked } = (value ?? {}) as Record<string, unknown>;
      if (isCount(right) && isCount(asked) && right <= asked) scores[id] = { right, asked };
    }
    return scores;
  } catch {
    return {};
  }
}

function saveScores(scores: Record<string, PredictScore>): void {
  try {
    storage()?.setItem(PREDICT_SCORES_KEY, JSON.stringify(scores));
  } catch {
    // A full or forbidden storage only loses the remembered score.
  }
}

function runOf(state: LabState, asked: number, picked: number | null): PredictRun {
  return { response: state.response, packetIndex: state.packetIndex, asked, picked };
}

/** Never past what predict mode shows: a link, a new trace or a packet switch may ask for a later step. */
function keepStepInView(api: StoreApi<LabState>): void {
  api.subscribe((s) => {
    const limit = predictLimit(s);
    if (limit !== null && s.stepIndex > limit) api.setState({ stepIndex: limit, playing: false });
  });
}

export const createPredictSlice: StateCreator<LabState, [], [], PredictSlice> = (set, get, api) => {
  keepStepInView(api);

  function start(): void {
    const state = get();
    set({ predictRun: runOf(state, 0, null), playing: false, pinnedChain: null });
    set({ stepIndex: predictLimit(get()) ?? 0 });
  }

  return {
    predicting: false,
    predictRun: null,
    predictScores: loadPredictScores(),

    togglePredict() {
      get().setPredicting(!get().predicting);
    },

    setPredicting(on) {
      if (on === get().predicting) return;
      if (!on) {
        set({ predicting: false });
        return;
      }
      // Every branch lists each outcome's fate in the packet picker: it would give the answers away.
      if (get().explore) get().setExplore(false);
      set({ predicting: true });
      start();
    },

    answerPrediction(choice) {
      const state = get();
      const q = currentQuestion(state);
      const progress = predictProgressOf(state);
      if (!q || progress.picked !== null || choice < 0 || choice >= q.choices.length) return;
      const id = state.scenarioId;
      const before = state.predictScores[id] ?? { right: 0, asked: 0 };
      const predictScores = {
        ...state.predictScores,
        [id]: {
          right: Math.min(MAX_COUNT, before.right + (choice === q.answer ? 1 : 0)),
          asked: Math.min(MAX_COUNT, before.asked + 1),
        },
      };
      saveScores(predictScores);
      set({ predictScores, predictRun: runOf(state, progress.asked, choice), stepIndex: q.step, playing: false });
    },

    nextPrediction() {
      const state = get();
      const progress = predictProgressOf(state);
      if (!state.predicting || progress.picked === null) return;
      set({ predictRun: runOf(state, progress.asked + 1, null), pinnedChain: null });
      // The animation plays on through the steps before the next question (or to the end of the trace).
      const after = get();
      const last = predictLimit(after) ?? fullTimeline(after).length - 1;
      if (last > after.stepIndex) set({ playing: true });
    },

    revealAllPredictions() {
      const state = get();
      if (!state.predicting) return;
      const total = predictQuestionsOf(state).length;
      set({ predictRun: runOf(state, total, null), playing: false });
      set({ stepIndex: Math.max(0, fullTimeline(get()).length - 1) });
    },

    restartPredictions() {
      if (get().predicting) start();
    },

    resetPredictScore() {
      const { [get().scenarioId]: _dropped, ...rest } = get().predictScores;
      saveScores(rest);
      set({ predictScores: rest });
    },
  };
};
