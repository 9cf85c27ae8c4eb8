// The lab's one store, built from typed slices (zustand's slices pattern). Components read it through
// selectors (useLab(selector) with useShallow for objects); every user action is an action of a slice.
import { createStore, type StateCreator, type StoreApi } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { LabEngine, StoppableEngine } from './engine.ts';
import { createPlaybackSlice, type PlaybackSlice } from './playbackSlice.ts';
import { createPredictSlice, type PredictSlice } from './predictSlice.ts';
import { createReportSlice, type ReportSlice } from './reportSlice.ts';
import { createBatchSlice, type BatchSlice } from './batchSlice.ts';
import { createChallengeSlice, type ChallengeSlice } from './challengeSlice.ts';
import { createChainSearchSlice, type ChainSearchSlice } from './chainSearchSlice.ts';
import { createScaleSlice, type ScaleSlice } from './scaleSlice.ts';
import { createIpvsSaveSlice, type IpvsSaveSlice } from './ipvsSaveSlice.ts';
import { createLessonSlice, type LessonSlice } from './lessonSlice.ts';
import { createScenarioSlice, type ScenarioSlice } from './scenarioSlice.ts';
import { createTraceSlice, type TraceSlice } from './traceSlice.ts';
import { createNftSlice, type NftSlice } from './nftSlice.ts';
import { createTranslateSlice, type TranslateSlice } from './translateSlice.ts';

export type LabState = ScenarioSlice &
  TraceSlice &
  PlaybackSlice &
  PredictSlice &
  ReportSlice &
  ChallengeSlice &
  ScaleSlice &
  BatchSlice &
  LessonSlice &
  NftSlice &
  ChainSearchSlice &
  TranslateSlice &
  IpvsSaveSlice;
export type LabStore = StoreApi<LabState>;

/**
 * A store bound to an engine: the worker client in the app, the in-process engine in tests. Tests may pass a
 * scenario slice with their own clock (makeScenarioSlice).
 */
export function createLabStore(
  engine: LabEngine,
  scenarioSlice: StateCreator<LabState, [], [], ScenarioSlice> = createScenarioSlice,
  /** The scale lab's own engine (its own worker in the app); without it the scale lab shares `engine`. */
  scaleEngine?: StoppableEngine,
): LabStore {
  return createStore<LabState>()((...a) => ({
    ...scenarioSlice(...a),
    ...createTraceSlice(engine)(...a),
    ...createPlaybackSlice(...a),
    ...createPredictSlice(...a),
    ...createReportSlice(...a),
    ...createChallengeSlice(engine)(...a),
    ...createScaleSlice(engine, scaleEngine)(...a),
    ...createBatchSlice(engine)(...a),
    ...createLessonSlice(engine)(...a),
    ...createNftSlice(engine)(...a),
    ...createChainSearchSlice(engine)(...a),
    ...createTranslateSlice(engine)(...a),
    ...createIpvsSaveSlice(engine)(...a),
  }));
}

let appStore: LabStore | null = null;

/** Installs the app's store (src/ui/app/labStore.ts does it at start-up with the worker client). */
export function setLabStore(store: LabStore): void {
  appStore = store;
}

export function getLabStore(): LabStore {
  if (!appStore) throw new Error('the lab store is not installed yet');
  return appStore;
}

export function useLab<T>(selector: (state: LabState) => T): T {
  return useStore(getLabStore(), selector);
}
