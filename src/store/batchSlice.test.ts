// The batch slice against the real engine (in-process session): a batch from the packet shown fills the tally with
// progress, the exact explore fractions beside it, the counters it added; a cancel ends as cancelled.
import { describe, expect, it } from 'vitest';
import { inProcessEngine } from './engine.ts';
import { createLabStore } from './index.ts';
import { runsOf } from './timeline.ts';
import { shownCounters } from './reports.ts';

async function kubeStore() {
  const store = createLabStore(inProcessEngine());
  store.getState().loadBuiltin('kube-clusterip');
  await store.getState().requestTrace();
  return store;
}

describe('batch slice', () => {
  it('300 new connections from the packet shown: each endpoint in the tally, 1/3 each by explore', async () => {
    const store = await kubeStore();
    store.getState().setBatchCount(300);
    const seen: number[] = [];
    const unsubscribe = store.subscribe((s) => {
      if (s.batchStatus === 'running') seen.push(s.batchProgress.done);
    });
    await store.getState().runBatch();
    unsubscribe();
    const s = store.getState();
    expect(s.batchStatus).toBe('done');
    expect(s.batchProgress).toEqual({ done: 300, total: 300 });
    expect(seen).toContain(250);
    expect(s.batchResult?.endpoints.map((e) => e.endpoint)).toEqual([
      '10.244.0.11:8080',
      '10.244.1.12:8080',
      '10.244.2.13:8080',
    ]);
    expect(s.batchResult?.endpoints.reduce((n, e) => n + e.count, 0)).toBe(300);
    expect(s.batchExact?.map((o) => o.fraction)).toEqual(['1/3', '1/3', '1/3']);
    expect(s.batchTemplate?.index).toBe(0);
  });

  it('the counters shown rise by each batch, and -Z zeroes what the batches added too', async () => {
    const store = await kubeStore();
    const total = (s = store.getState()) =>
      shownCounters(runsOf(s.response), s.packetIndex, s.batchCounters, s.rules)?.policies.find(
        (p) => p.table === 'filter' && p.chain === 'FORWARD',
      )?.packets ?? 0;
    const before = total();
    store.getState().setBatchCount(40);
    await store.getState().runBatch();
    expect(total()).toBe(before + 40);
    await store.getState().runBatch();
    expect(total()).toBe(before + 80);
    expect(store.getState().batchCounters?.packets).toBe(80);
    // Other rules text: the batches were not sent through it.
    const s = store.getState();
    expect(shownCounters(runsOf(s.response), s.packetIndex, s.batchCounters, s.rules + '\n')).toEqual(
      shownCounters(runsOf(s.response), s.packetIndex, null, s.rules),
    );
    store.getState().resetCounters();
    expect(store.getState().countersBaseline?.counters?.policies.find((p) => p.chain === 'FORWARD')?.packets).toBe(
      before + 80,
    );
  });

  it('a cancel during the batch ends as cancelled, with no tally; asking for more than the bound sends the bound', async () => {
    const store = await kubeStore();
    store.getState().setBatchCount(1_000_000);
    expect(store.getState().batchCount).toBe(1_000_000);
    const unsubscribe = store.subscribe((s) => {
      if (s.batchStatus === 'running' && s.batchProgress.done >= 500) s.cancelBatch();
    });
    await store.getState().runBatch();
    unsubscribe();
    const s = store.getState();
    expect(s.batchStatus).toBe('cancelled');
    expect(s.batchProgress.total).toBe(100_000);
    expect(s.batchResult).toBeNull();
    expect(s.batchCounters).toBeNull();
  });
});
