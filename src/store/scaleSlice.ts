// The scale lab (issue #11): per kube-proxy mode and number of services, the engine session computes one point at a
// time in the worker; this slice holds the sizes asked for, the run's progress, its cancel and the points.
import type { StateCreator } from 'zustand';
import { scaleSteps, type ScalePoint } from '../engine/index.ts';
import { EngineCallCancelled, type LabEngine, type StoppableEngine } from './engine.ts';
import type { LabState } from './index.ts';

export const DEFAULT_SCALE_SIZES: readonly number[] = [10, 100, 1000, 5000];
export const MAX_SCALE_SERVICES = 20_000;

export type ScaleStatus = 'idle' | 'running' | 'done' | 'cancelled' | 'failed';

export interface ScaleSlice {
  scaleSizes: number[];
  scaleStatus: ScaleStatus;
  /** Points computed of the run's total; a fraction while one is computed (its chunks: scalePointYields). */
  scaleProgress: { done: number; total: number };
  scalePoints: ScalePoint[];
  scaleError: string | null;
  /**
   * The last cancel ended the scale lab's own worker at once (it was inside an engine call that cannot stop
   * between chunks, e.g. parsing a 33 MB dump); the lab's own engine and its parsed rules were not touched.
   */
  scaleStoppedAtOnce: boolean;
  /** Sizes are kept sorted, unique, whole and within 1..MAX_SCALE_SERVICES. */
  setScaleSizes(sizes: number[]): void;
  /** `repeats`: timed traces per packet (the engine keeps the median); tests pass 0 or 1. */
  runScale(opts?: { repeats?: number }): Promise<void>;
  cancelScale(): void;
}

export function cleanSizes(sizes: number[]): number[] {
  const whole = sizes.filter(Number.isFinite).map((n) => Math.min(MAX_SCALE_SERVICES, Math.max(1, Math.round(n))));
  return [...new Set(whole)].sort((a, b) => a - b);
}

/**
 * `own`: an engine of the scale lab's own (a worker of its own in the app). Its runs then never wait behind the lab's
 * traces nor hold them up, and a cancel ends that worker at once: one chunk of a point (generating or parsing a
 * 20,000-service configuration) takes 3-20 s, past any prompt stop between chunks. Without it (tests, the CLI-like
 * callers) the run shares `engine` and a cancel stops it at the next chunk.
 */
export function createScaleSlice(engine: LabEngine, own?: StoppableEngine): StateCreator<LabState, [], [], ScaleSlice> {
  const scaleEngine = own ?? engine;
  // The running call's abort; not state (nothing renders it).
  let controller: AbortController | null = null;
  return (set, get) => ({
    scaleSizes: [...DEFAULT_SCALE_SIZES],
    scaleStatus: 'idle',
    scaleProgress: { done: 0, total: 0 },
    scalePoints: [],
    scaleError: null,
    scaleStoppedAtOnce: false,

    setScaleSizes(sizes) {
      set({ scaleSizes: cleanSizes(sizes) });
    },

    async runScale(opts = {}) {
      controller?.abort();
      const mine = new AbortController();
      controller = mine;
      const sizes = get().scaleSizes;
      // The points to compute are known before the first one is done: the status reads "point 1 of 6" at once.
      const total = scaleSteps({ sizes }).length;
      set({
        scaleStatus: 'running',
        scaleProgress: { done: 0, total },
        scalePoints: [],
        scaleError: null,
        scaleStoppedAtOnce: false,
      });
      try {
        const points = await scaleEngine.session.scale(
          { sizes, repeats: opts.repeats },
          {
            signal: mine.signal,
            // The biggest sizes take long on a slow machine: the run has its own cancel, not the default limit.
            timeoutMs: 10 * 60_000,
            onProgress: (done, total) => {
              if (controller === mine) set({ scaleProgress: { done, total } });
            },
          },
        );
        if (controller === mine) set({ scaleStatus: 'done', scalePoints: points });
      } catch (err) {
        if (controller !== mine) return;
        if (err instanceof EngineCallCancelled && err.reason === 'aborted') set({ scaleStatus: 'cancelled' });
        else set({ scaleStatus: 'failed', scaleError: err instanceof Error ? err.message : String(err) });
      } finally {
        if (controller === mine) controller = null;
      }
    },

    cancelScale() {
      if (!controller || controller.signal.aborted) return;
      controller.abort();
      // On the main thread (no worker could start) there is nothing to end: the run stops at its next chunk.
      if (own && !own.onMainThread) {
        own.restart();
        set({ scaleStoppedAtOnce: true });
      }
    },
  });
}
