// The scale slice against the real engine (in-process session): a run fills the points with progress, a cancel
// between points ends as "cancelled" and the next run still works.
import { describe, expect, it } from 'vitest';
import { inProcessEngine } from './engine.ts';
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
});
