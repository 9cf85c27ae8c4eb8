// The engine's answers for the current scenario: the check (diagnostics, ruleset outline, tables per hook) and
// the trace. A newer request always wins: an older answer that arrives late is dropped.
import type { StateCreator } from 'zustand';
import type { TraceRequest, TraceResponse } from '../engine/trace/types.ts';
import type { TableName } from '../engine/model/types.ts';
import type { ChainPage, CheckResult, SaveResult, TableOrder } from '../worker/protocol.ts';
import type { LabEngine } from './engine.ts';
import type { LabState } from './index.ts';
import { runsOf } from './timeline.ts';
import { appendSteps, STEP_CHUNK, type TraceHead } from '../worker/traceChunks.ts';
import { currentTimeline } from './playbackSlice.ts';

const STEPS_PER_CALL = STEP_CHUNK;

/** An engine without chunking answers the whole trace at once. */
function wholeHead(response: TraceResponse): TraceHead {
  return { traceId: 0, response, totals: runsOf(response).map((r) => r.steps.length), replies: [] };
}

/** 'loading': the first steps are there, the rest of a long trace is still arriving. */
export type TraceStatus = 'idle' | 'running' | 'loading' | 'ready' | 'error';

export interface TraceSlice {
  check: CheckResult | null;
  response: TraceResponse | null;
  traceStatus: TraceStatus;
  /** Why the engine could not answer (a crash or a timeout), not a diagnostic of the rules. */
  traceError: string | null;
  tableOrder: TableOrder;
  /** A window of rules of each chain the panel has shown, keyed by chainKey(rulesetId, table, chain). */
  chainRules: Record<string, ChainPage>;
  /** Makes sure the rules around `focus` (1-based, default the first) of a chain are loaded. */
  loadChainRules(table: TableName, chain: string, focus?: number): Promise<void>;
  /**
   * Runs check and trace for the current scenario. `keepStep` keeps the selected packet and step (restoring a
   * shared link); otherwise playback goes back to the first step.
   */
  requestTrace(opts?: { keepStep?: boolean; autoplay?: boolean }): Promise<void>;
  setTableOrder(order: TableOrder): void;
  /**
   * Explore mode: instead of one seeded draw per `statistic --mode random` rule, the engine follows every branch
   * and returns each distinct outcome of the last packet with its exact probability (shown in the packet picker).
   */
  explore: boolean;
  /**
   * The packet explore mode follows: the one shown when it was switched on (the engine explores the last packet
   * it is sent, so the packets after this one are left out while exploring). Switching off shows it again.
   */
  exploredPacket: number;
  setExplore(on: boolean): void;
  /**
   * Shows packet `index` of the sequence: selects it, or while exploring, explores it (there packetIndex picks an
   * outcome, so selecting would show an outcome instead of the packet). For "show packet N" buttons.
   */
  showPacket(index: number): void;
  /** The canonical iptables-save text of the current rules (for export). */
  saveRules(): Promise<SaveResult>;
}

export function traceRequestOf(state: LabState): TraceRequest {
  const packets = state.explore
    ? state.packets.slice(0, Math.min(state.exploredPacket, state.packets.length - 1) + 1)
    : state.packets;
  const req: TraceRequest = { rules: state.rules, packets, seed: state.seed };
  if (state.explore) req.explore = true;
  if (state.host) req.host = { ...state.host, tableOrder: state.tableOrder };
  else if (state.tableOrder !== 'nft')
    req.host = { interfaces: [], routes: [], forwarding: false, tableOrder: state.tableOrder };
  if (state.ipsets) req.ipsets = state.ipsets;
  return req;
}

export function chainKey(rulesetId: number, table: TableName, chain: string): string {
  return `${rulesetId}:${table}:${chain}`;
}

/** Rules fetched on each side of the focus; the panel shows CHAIN_WINDOW on each side. */
const PAGE_AROUND = 200;
export const CHAIN_WINDOW = 60;

function covers(page: ChainPage, focus: number): boolean {
  const lo = Math.max(0, focus - 1 - CHAIN_WINDOW);
  const hi = Math.min(page.total, focus + CHAIN_WINDOW);
  return page.from <= lo && page.from + page.rules.length >= hi;
}

export function createTraceSlice(engine: LabEngine): StateCreator<LabState, [], [], TraceSlice> {
  let latest = 0;
  const pending = new Set<string>();
  // The trace in flight: a newer request ends it (the worker is restarted rather than left busy on stale work).
  let inflight: AbortController | null = null;
  return (set, get) => ({
    check: null,
    response: null,
    traceStatus: 'idle',
    traceError: null,
    tableOrder: 'nft',
    chainRules: {},

    async loadChainRules(table, chain, focus = 1) {
      const check = get().check;
      if (!check) return;
      const key = chainKey(check.rulesetId, table, chain);
      const have = get().chainRules[key];
      // Enough rules around the focus (1-based) for the panel's window: nothing to fetch.
      if (have && covers(have, focus)) return;
      const from = Math.max(0, focus - 1 - PAGE_AROUND);
      const ask = `${key}@${from}`;
      if (pending.has(ask)) return;
      pending.add(ask);
      try {
        let page: ChainPage | null;
        if (engine.chainPage) page = await engine.chainPage(check.rulesetId, table, chain, from, focus + PAGE_AROUND);
        else {
          const rules = await engine.chainRules(check.rulesetId, table, chain);
          page = rules && { total: rules.length, from: 0, rules };
        }
        if (page && get().check?.rulesetId === check.rulesetId) {
          const loaded = page;
          set((s) => ({ chainRules: { ...s.chainRules, [key]: loaded } }));
        }
      } catch {
        // The worker restarted: the next check brings a new ruleset id and the panel asks again.
      } finally {
        pending.delete(ask);
      }
    },

    async requestTrace(opts = {}) {
      const ticket = ++latest;
      inflight?.abort();
      const controller = new AbortController();
      inflight = controller;
      const state = get();
      set({ traceStatus: 'running', traceError: null });
      try {
        const req = traceRequestOf(state);
        const checkOpts = { tableOrder: state.tableOrder };
        let check: CheckResult;
        let head: TraceHead;
        if (engine.traceStart) {
          head = await engine.traceStart(req, checkOpts, controller.signal);
          check = head.check ?? (await engine.check(state.rules, checkOpts));
        } else {
          [check, head] = await Promise.all([engine.check(state.rules, checkOpts), engine.trace(req).then(wholeHead)]);
        }
        if (ticket !== latest) return;
        const runs = runsOf(head.response);
        const after = get();
        const packetIndex = opts.keepStep ? Math.min(after.packetIndex, Math.max(0, runs.length - 1)) : 0;
        const total = head.totals[packetIndex] ?? 0;
        const stepIndex = opts.keepStep ? Math.min(after.stepIndex, Math.max(0, total - 1)) : 0;
        const missing = head.totals.some((n, i) => n > (runs[i]?.steps.length ?? 0));
        set({
          check,
          response: head.response,
          chainRules: {},
          traceStatus: missing ? 'loading' : 'ready',
          packetIndex,
          stepIndex: missing ? Math.min(stepIndex, (runs[packetIndex]?.steps.length ?? 1) - 1) : stepIndex,
          playing: Boolean(opts.autoplay) && total > 1,
          pinnedChain: opts.keepStep ? after.pinnedChain : null,
        });
        if (!missing) return;
        // The rest of a long trace, one chunk per message (each a small task to deserialise), shown once complete
        // so the timeline is rebuilt once rather than per chunk.
        let response = head.response;
        for (let run = 0; run < head.totals.length; run += 1) {
          const totalSteps = head.totals[run] ?? 0;
          for (let from = runs[run]?.steps.length ?? 0; from < totalSteps; from += STEPS_PER_CALL) {
            const to = Math.min(totalSteps, from + STEPS_PER_CALL);
            const steps = await engine.traceSteps!(head.traceId, run, from, to, controller.signal);
            if (ticket !== latest) return;
            if (!steps) throw new Error('the engine lost the trace');
            response = appendSteps(response, run, steps, to >= totalSteps, head.replies[run] ?? null);
          }
        }
        set({ response, traceStatus: 'ready' });
        // A step asked for while loading (a restored link) can be reached now.
        if (opts.keepStep) set({ stepIndex: Math.min(stepIndex, Math.max(0, currentTimeline(get()).length - 1)) });
      } catch (err) {
        if (ticket !== latest) return;
        set({ traceStatus: 'error', traceError: err instanceof Error ? err.message : String(err), playing: false });
      } finally {
        if (inflight === controller) inflight = null;
      }
    },

    explore: false,
    exploredPacket: 0,
    setExplore(on) {
      const state = get();
      if (on === state.explore) return;
      if (on) {
        // packetIndex is a packet of the sequence here; while exploring it picks one of that packet's outcomes.
        set({ explore: true, exploredPacket: state.packetIndex });
        void get().requestTrace();
      } else {
        set({ explore: false, packetIndex: state.exploredPacket, stepIndex: 0 });
        void get().requestTrace({ keepStep: true });
      }
    },

    showPacket(index) {
      const state = get();
      if (!state.explore) return state.selectPacket(index);
      if (index === state.exploredPacket) return;
      set({ exploredPacket: index });
      void get().requestTrace();
    },

    saveRules() {
      return engine.save(get().rules);
    },

    setTableOrder(order) {
      set({ tableOrder: order });
      void get().requestTrace({ keepStep: false });
    },
  });
}
