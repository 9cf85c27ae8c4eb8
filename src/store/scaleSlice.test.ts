// The scale slice against the real engine (in-process session): a run fills the points with progress, a cancel
// between points ends as "cancelled" and the next run still works.
import { describe, expect, it } from 'vitest';
import { inProcessEngine, type StoppableEngine } from './engine.ts';
import { createLabStore } from './index.ts';
import { cleanSizes, MAX_SCALE_SERVICES } from './scaleSlice.ts';

describe('scale slice', () => {
  it('keeps sizes whole, unique, sorted and within 1..20,000', () => {
    expect(cleanSizes([100, 10, 10, 0, 50_000, 2.6, Number.NaN])).toEqual([1, 3, 10, 100, MAX_SCALE_SERVICES]);
  });

  it('runs every mode at every size through the engine session, with progress', async () => {
    const store = createLabStore(inProcessEngine());
    store.getState().setScaleSizes([20, 5]);
    const seen: number[] = [];
    const totals = new Set<number>();
    const unsubscribe = store.subscribe((s) => {
      if (s.scaleStatus === 'running') seen.push(s.scaleProgress.done);
      if (s.scaleStatus === 'running') totals.add(s.scaleProgress.total);
    });
    await store.getState().runScale({ repeats: 0 });
    unsubscribe();
    const s = store.getState();
    expect(s.scaleStatus).toBe('done');
    expect(s.scalePoints.map((p) => `${p.mode}@${p.services}`).sort()).toEqual(
      ['ipvs@20', 'ipvs@5', 'iptables@20', 'iptables@5', 'nftables@20', 'nftables@5'].sort(),
    );
    expect(s.scaleProgress).toEqual({ done: 6, total: 6 });
    expect(seen.at(-1)).toBe(6);
    expect([...totals]).toEqual([6]); // known from the start, before the first point is done
    // Within a point its phases move the bar: fractions before the first point is done, never backwards.
    expect(seen.some((d) => d > 0 && d < 1)).toBe(true);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    // iptables walks more rules to the last of 20 services than to the last of 5: the O(N) the lab is about.
    const lastRules = (n: number) =>
      s.scalePoints.find((p) => p.mode === 'iptables' && p.services === n)?.packets.find((c) => c.position === 'last')
        ?.rulesEvaluated ?? 0;
    expect(lastRules(20)).toBeGreaterThan(lastRules(5));
  });

  it('a cancel during the run ends as cancelled, keeps no points, and a later run completes', async () => {
    const store = createLabStore(inProcessEngine());
    store.getState().setScaleSizes([5, 20]);
    const unsubscribe = store.subscribe((s) => {
      if (s.scaleStatus === 'running' && s.scaleProgress.done === 1) s.cancelScale();
    });
    await store.getState().runScale({ repeats: 0 });
    unsubscribe();
    expect(store.getState().scaleStatus).toBe('cancelled');
    expect(store.getState().scalePoints).toEqual([]);
    await store.getState().runScale({ repeats: 1 });
    expect(store.getState().scaleStatus).toBe('done');
    expect(store.getState().scalePoints).toHaveLength(6);
  });

  /** The scale lab's own engine: the real session on this thread, with its restarts counted. */
  function ownEngine(onMainThread: boolean): StoppableEngine & { restarts: number } {
    const client = inProcessEngine();
    const own = {
      session: client.session,
      onRestart: (listener: Parameters<typeof client.onRestart>[0]) => client.onRestart(listener),
      onMainThread,
      restarts: 0,
      restart: () => {
        own.restarts += 1;
      },
    };
    return own;
  }

  async function cancelAfterFirstChunk(store: ReturnType<typeof createLabStore>): Promise<void> {
    store.getState().setScaleSizes([5, 20]);
    const unsubscribe = store.subscribe((s) => {
      if (s.scaleStatus === 'running' && s.scaleProgress.done > 0) s.cancelScale();
    });
    await store.getState().runScale({ repeats: 0 });
    unsubscribe();
  }

  it('runs on an engine of its own, and a cancel ends that engine at once and says so; the lab engine is untouched', async () => {
    // The lab's engine, its calls counted.
    const real = inProcessEngine();
    let labCalls = 0;
    const session = new Proxy(real.session, {
      get: (target, method) => {
        labCalls += 1;
        return target[method as keyof typeof target];
      },
    });
    const lab = { ...real, session, onRestart: real.onRestart, onMainThread: false };
    const own = ownEngine(false);
    const store = createLabStore(lab, undefined, own);
    await cancelAfterFirstChunk(store);
    expect(store.getState()).toMatchObject({ scaleStatus: 'cancelled', scaleStoppedAtOnce: true, scalePoints: [] });
    expect(own.restarts).toBe(1);
    expect(labCalls).toBe(0); // the lab's own session never saw the run
    // A cancel with nothing running ends nothing; the next run clears the sentence and completes.
    store.getState().cancelScale();
    expect(own.restarts).toBe(1);
    const run = store.getState().runScale({ repeats: 0 });
    expect(store.getState().scaleStoppedAtOnce).toBe(false);
    await run;
    expect(store.getState()).toMatchObject({ scaleStatus: 'done', scaleStoppedAtOnce: false });
  });

  it('on the main thread (no worker could start) a cancel ends nothing: the run stops at its next chunk', async () => {
    const own = ownEngine(true);
    const store = createLabStore(inProcessEngine(), undefined, own);
    await cancelAfterFirstChunk(store);
    expect(store.getState()).toMatchObject({ scaleStatus: 'cancelled', scaleStoppedAtOnce: false });
    expect(own.restarts).toBe(0);
  });
});
