// Predict mode in the store, with the real engine: the panels' timeline stops before the question, answering
// scores and reveals that step, the score is remembered, and a share link carries the mode.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeShare, encodeShare } from '../share/codec.ts';
import { findBuiltin, editableCopy } from '../scenarios/index.ts';
import { inProcessEngine } from './engine.ts';
import { createLabStore, type LabStore } from './index.ts';
import { currentTimeline } from './playbackSlice.ts';
import { loadPredictScores, PREDICT_SCORES_KEY } from './predictSlice.ts';
import { currentQuestion, fullTimeline, predictQuestionsOf } from './predictView.ts';
import { fieldsOf, sharedStateOf } from './scenarioSlice.ts';

/** A Map-backed localStorage for Node, as the browser's. */
class MemoryStorage {
  private items = new Map<string, string>();
  getItem(k: string) {
    return this.items.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.items.set(k, v);
  }
  removeItem(k: string) {
    this.items.delete(k);
  }
}

beforeEach(() => {
  (globalThis as { localStorage?: unknown }).localStorage = new MemoryStorage();
});
afterEach(() => {
  delete (globalThis as { localStorage?: unknown }).localStorage;
});

async function scenarioStore(id: string): Promise<LabStore> {
  const store = createLabStore(inProcessEngine());
  store.setState(fieldsOf(editableCopy(findBuiltin(id)!)));
  await store.getState().requestTrace();
  return store;
}

describe('predict mode', () => {
  it('hides the trace from the question on, reveals the step once answered, and scores the answer', async () => {
    const store = await scenarioStore('host-firewall');
    const full = fullTimeline(store.getState()).length;
    store.getState().togglePredict();
    const q = currentQuestion(store.getState())!;
    // The panels see the steps before the decision asked, not the decision nor anything after it.
    expect(currentTimeline(store.getState())).toHaveLength(q.step);
    expect(store.getState().stepIndex).toBe(q.step - 1);
    expect(currentTimeline(store.getState()).some((e) => e.step.kind === 'fate')).toBe(false);
    // Stepping and "go to end" stop at the question.
    store.getState().toEnd();
    expect(store.getState().stepIndex).toBe(q.step - 1);
    store.getState().goToStep(full - 1);
    expect(store.getState().stepIndex).toBe(q.step - 1);

    const wrong = q.answer === 0 ? 1 : 0;
    store.getState().answerPrediction(wrong);
    expect(store.getState().predictScores['host-firewall']).toEqual({ right: 0, asked: 1 });
    expect(store.getState().stepIndex).toBe(q.step);
    expect(currentTimeline(store.getState())).toHaveLength(q.step + 1);
    // A second answer to the same question does not count.
    store.getState().answerPrediction(q.answer);
    expect(store.getState().predictScores['host-firewall']).toEqual({ right: 0, asked: 1 });

    store.getState().nextPrediction();
    const q2 = currentQuestion(store.getState())!;
    expect(q2.step).toBeGreaterThan(q.step);
    expect(store.getState().playing).toBe(q2.step - 1 > q.step);
    store.getState().answerPrediction(q2.answer);
    expect(store.getState().predictScores['host-firewall']).toEqual({ right: 1, asked: 2 });
    // Remembered in localStorage, read back as the slice reads it at start.
    expect(loadPredictScores(localStorage)).toEqual({ 'host-firewall': { right: 1, asked: 2 } });
  });

  it('reveal all shows the whole trace; answering every question ends on the whole trace too', async () => {
    const store = await scenarioStore('custom-chains');
    store.getState().setPredicting(true);
    const total = fullTimeline(store.getState()).length;
    store.getState().revealAllPredictions();
    expect(currentTimeline(store.getState())).toHaveLength(total);
    expect(store.getState().stepIndex).toBe(total - 1);

    store.getState().restartPredictions();
    const questions = predictQuestionsOf(store.getState());
    for (const q of questions) {
      expect(currentQuestion(store.getState())).toBe(q);
      store.getState().answerPrediction(q.answer);
      store.getState().nextPrediction();
    }
    expect(currentQuestion(store.getState())).toBeUndefined();
    expect(currentTimeline(store.getState())).toHaveLength(total);
    expect(store.getState().predictScores['custom-chains']).toEqual({
      right: questions.length,
      asked: questions.length,
    });
  });

  it('another packet, or a new trace, starts its questions afresh and never shows past its first question', async () => {
    const store = await scenarioStore('host-firewall');
    store.getState().setPredicting(true);
    store.getState().answerPrediction(0);
    store.getState().showPacket(4);
    const q = currentQuestion(store.getState())!;
    expect(q).toBe(predictQuestionsOf(store.getState())[0]);
    expect(store.getState().stepIndex).toBeLessThan(q.step);
    // A trace asked with keepStep at the last step (a restored link) is cut back to the question too.
    store.setState({ stepIndex: 1000 });
    expect(store.getState().stepIndex).toBeLessThan(q.step);
  });

  it('turning predict on leaves "every branch", whose picker lists each outcome\'s fate', async () => {
    const store = await scenarioStore('kube-clusterip');
    store.getState().setExplore(true);
    store.getState().setPredicting(true);
    expect(store.getState().explore).toBe(false);
  });

  it('a share link carries predict mode and opens into it; a link without it opens as before', async () => {
    const store = await scenarioStore('nat-gateway');
    store.getState().setPredicting(true);
    const shared = sharedStateOf(store.getState());
    expect(shared.view.predict).toBe(true);
    const decoded = decodeShare(encodeShare(shared));
    expect(decoded.ok && decoded.state.view.predict).toBe(true);

    const other = createLabStore(inProcessEngine());
    if (!decoded.ok) throw new Error('the link does not open');
    other.getState().applyShared(decoded.state);
    expect(other.getState().predicting).toBe(true);

    store.getState().setPredicting(false);
    const plain = decodeShare(encodeShare(sharedStateOf(store.getState())));
    expect(plain.ok && 'predict' in plain.state.view).toBe(false);
    other.getState().applyShared(plain.ok ? plain.state : shared);
    expect(other.getState().predicting).toBe(false);
  });

  it('a remembered score of the wrong shape is ignored, not trusted', () => {
    localStorage.setItem(
      PREDICT_SCORES_KEY,
      JSON.stringify({ a: { right: 2, asked: 3 }, b: { right: 5, asked: 1 }, c: { right: -1, asked: 2 }, d: 'x' }),
    );
    expect(loadPredictScores(localStorage)).toEqual({ a: { right: 2, asked: 3 } });
    localStorage.setItem(PREDICT_SCORES_KEY, '{not json');
    expect(loadPredictScores(localStorage)).toEqual({});
  });
});
