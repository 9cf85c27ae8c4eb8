// The lab's one store, built from typed slices (zustand's slices pattern). Components read it through
// selectors (useLab(selector) with useShallow for objects); every user action is an action of a slice.
import { createStore, type StoreApi } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { LabEngine } from './engine.ts';
import { createPlaybackSlice, type PlaybackSlice } from './playbackSlice.ts';
import { createReportSlice, type ReportSlice } from './reportSlice.ts';
import { createChallengeSlice, type ChallengeSlice } from './challengeSlice.ts';
import { createChainSearchSlice, type ChainSearchSlice } from './chainSearchSlice.ts';
import { createScaleSlice, type ScaleSlice } from './scaleSlice.ts';
import { createScenarioSlice, type ScenarioSlice } from './scenarioSlice.ts';
import { createTraceSlice, type TraceSlice } from './traceSlice.ts';

export type LabState = ScenarioSlice &
  TraceSlice &
  PlaybackSlice &
  ReportSlice &
  ChallengeSlice &
  ScaleSlice &
  ChainSearchSlice;
export type LabStore = StoreApi<LabState>;

/** A store bound to an engine: the worker client in the app, the in-process engine in tests. */
export function createLabStore(engine: LabEngine): LabStore {
  return createStore<LabState>()((...a) => ({
    ...createScenarioSlice(...a),
    ...createTraceSlice(engine)(...a),
    ...createPlaybackSlice(...a),
    ...createReportSlice(...a),
    ...createChallengeSlice(engine)(...a),
    ...createScaleSlice(engine)(...a),
    ...createChainSearchSlice(engine)(...a),
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
