// Traffic batches (issue #10 point 6): N packets or N new connections built from the packet shown, computed by the
// engine session in the worker with progress and cancel (as the scale slice does), the tally of where they went,
// the exact probabilities explore mode gives for the same packet, and what every batch added to the counters.
import type { StateCreator } from 'zustand';
import type { BatchKind, BatchTally, CountersView, Outcome, PacketSpec } from '../engine/index.ts';
import { MAX_BATCH } from '../engine/index.ts';
import { EngineCallCancelled, type LabEngine } from './engine.ts';
import type { LabState } from './index.ts';
import { addCounters } from './reports.ts';

export { MAX_BATCH } from '../engine/index.ts';
export const DEFAULT_BATCH_COUNT = 3000;

export type BatchStatus = 'idle' | 'running' | 'done' | 'cancelled' | 'failed';

/** What the batches sent so far added to the counters, for the rules text they were sent through. */
export interface BatchCounters {
  rules: string;
  counters: CountersView;
  packets: number;
}

export interface BatchSlice {
  /** As typed (may be above MAX_BATCH: the panel says so and the run is bounded). */
  batchCount: number;
  batchKind: BatchKind;
  batchRandomPorts: boolean;
  batchStatus: BatchStatus;
  batchProgress: { done: number; total: number };
  batchResult: BatchTally | null;
  /** The packet the last batch was built from, and its seed. */
  batchTemplate: { packet: PacketSpec; index: number; seed: number } | null;
  /** Explore mode's outcomes for the template, each with its exact probability (and fraction). */
  batchExact: Outcome[] | null;
  batchError: string | null;
  batchCounters: BatchCounters | null;
  setBatchCount(n: number): void;
  setBatchKind(kind: BatchKind): void;
  setBatchRandomPorts(on: boolean): void;
  runBatch(): Promise<void>;
  cancelBatch(): void;
}

/** The packet the lab shows: the template of the next batch. */
export function batchTemplateIndex(state: Pick<LabState, 'explore' | 'exploredPacket' | 'packetIndex'>): number {
  return state.explore ? state.exploredPacket : state.packetIndex;
}

export function createBatchSlice(engine: LabEngine): StateCreator<LabState, [], [], BatchSlice> {
  // The running batch's abort; not state (nothing renders it).
  let controller: AbortController | null = null;
  return (set, get) => ({
    batchCount: DEFAULT_BATCH_COUNT,
    batchKind: 'connections',
    batchRandomPorts: true,
    batchStatus: 'idle',
    batchProgress: { done: 0, total: 0 },
    batchResult: null,
    batchTemplate: null,
    batchExact: null,
    batchError: null,
    batchCounters: null,

    setBatchCount(n) {
      set({ batchCount: Number.isFinite(n) ? Math.max(1, Math.round(n)) : 1 });
    },
    setBatchKind(kind) {
      set({ batchKind: kind });
    },
    setBatchRandomPorts(on) {
      set({ batchRandomPorts: on });
    },

    async runBatch() {
      controller?.abort();
      const mine = new AbortController();
      controller = mine;
      const state = get();
      const index = batchTemplateIndex(state);
      const packet = state.packets[index];
      if (!packet) return;
      const { label: _label, ...template } = packet;
      const rules = state.rules;
      const host = state.host ? { ...state.host, tableOrder: state.tableOrder } : undefined;
      const ipvs = state.ipvs;
      const count = Math.min(MAX_BATCH, state.batchCount);
      set({
        batchStatus: 'running',
        batchProgress: { done: 0, total: count },
        batchResult: null,
        batchExact: null,
        batchError: null,
        batchTemplate: { packet: template, index, seed: state.seed },
      });
      const { session } = engine;
      let rulesetId: number | undefined;
      try {
        // Its own copy of the rules in the session (released after): the trace slice's may change meanwhile.
        const loaded = await session.load({ text: rules, ipsets: state.ipsets ?? '', tableOrder: state.tableOrder });
        rulesetId = loaded.rulesetId;
        const exact = await session.trace(
          { rulesetId, host, ipvs, packets: [template], explore: true, detail: 'walk', chunk: 0 },
          { signal: mine.signal },
        );
        if (controller === mine && exact.response.ok && 'outcomes' in exact.response)
          set({ batchExact: exact.response.outcomes });
        const result = await session.batch(
          {
            rulesetId,
            host,
            ipvs,
            template,
            count,
            kind: state.batchKind,
            seed: state.seed,
            randomPorts: state.batchRandomPorts,
          },
          {
            signal: mine.signal,
            // 100,000 packets through a big dump take long on a slow machine: the batch has its own cancel.
            timeoutMs: 10 * 60_000,
            onProgress: (done, total) => {
              if (controller === mine) set({ batchProgress: { done, total } });
            },
          },
        );
        if (controller !== mine) return;
        if (!result.ok) {
          set({ batchStatus: 'failed', batchError: result.errors.map((e) => e.message).join(' ') });
          return;
        }
        const { ok: _ok, ...tally } = result;
        const before = get().batchCounters;
        const kept = before && before.rules === rules ? before : null;
        set({
          batchStatus: 'done',
          batchResult: tally,
          batchProgress: { done: tally.sent, total: tally.sent },
          batchCounters: {
            rules,
            counters: addCounters(kept?.counters ?? null, tally.counters) ?? tally.counters,
            packets: (kept?.packets ?? 0) + tally.sent,
          },
        });
      } catch (err) {
        if (controller !== mine) return;
        if (err instanceof EngineCallCancelled && err.reason === 'aborted') set({ batchStatus: 'cancelled' });
        else set({ batchStatus: 'failed', batchError: err instanceof Error ? err.message : String(err) });
      } finally {
        if (controller === mine) controller = null;
        if (rulesetId !== undefined) void session.release({ rulesetId }).catch(() => {});
      }
    },

    cancelBatch() {
      controller?.abort();
    },
  });
}
