// The engine's answers for the current scenario: the loaded ruleset (diagnostics, outline, stops per hook) and the
// trace. The rules cross to the engine session only when they change; every trace names the ruleset by its id.
// A newer request always wins: an older answer that arrives late is dropped, and its work is cancelled.
import type { StateCreator } from 'zustand';
import type { LoadResult, SaveResult, TableName, TableOrder, TraceHead } from '../engine/index.ts';
import type { ChainPage } from '../engine/index.ts';
import { UNKNOWN_RULESET } from '../engine/index.ts';
import { EngineCallCancelled, type LabEngine, type RestartEvent } from './engine.ts';
import type { LabState } from './index.ts';
import { appendSteps, runsOf } from './traceAssembly.ts';
import { currentTimeline } from './playbackSlice.ts';
import { traceRequestOf } from './traceRequest.ts';
import { nextTask } from './nextTask.ts';

export { traceRequestOf } from './traceRequest.ts';

/**
 * Steps per message, the head's included: the engine's default (1,500) took 80-130 ms to deserialise on the main
 * thread in bench:e2e on a busy machine (with its garbage collection); a third of it stays well under 50 ms.
 */
export const STEPS_PER_CALL = 500;

/** The most often a trace's progress reaches the store (each report is a render). */
const PROGRESS_EVERY_MS = 100;

/** How often a trace is asked again after the engine died under it (the third goes to the main thread). */
const CRASH_RETRIES = 3;

/**
 * 'loading': the first steps are there, the rest of a long trace is still arriving. 'cancelled': the user stopped
 * a long trace (their rules, host and packets are kept; the previous trace stays on screen).
 */
export type TraceStatus = 'idle' | 'running' | 'loading' | 'ready' | 'error' | 'cancelled';

/** Why the engine could not answer: a catalog key's subject, not a sentence. */
export type EngineTrouble = 'timeout' | 'crashed' | 'failed';

export interface TraceSlice {
  /** The ruleset the engine holds for the current rules: its id, diagnostics, outline and stops per hook. */
  check: LoadResult | null;
  response: TraceResponseState;
  traceStatus: TraceStatus;
  /** Why the engine could not answer (a crash or a timeout), not a diagnostic of the rules. */
  traceError: { kind: EngineTrouble; detail: string } | null;
  /** How far the trace in flight has got: packets (total > 0) or explored paths (total 0); null when none is. */
  traceProgress: { done: number; total: number } | null;
  /** Stops the trace in flight (the engine keeps the parsed rules); nothing the user wrote changes. */
  cancelTrace(): void;
  /** The engine was restarted (and why), or runs on the main thread: said once in the status bar. */
  engineNotice: { kind: 'restarted' | 'main-thread'; reason: RestartEvent['reason'] } | null;
  tableOrder: TableOrder;
  /** A window of rules of each chain the panel has shown, keyed by chainKey(rulesetId, table, chain). */
  chainRules: Record<string, ChainPage>;
  /** Makes sure the rules around `focus` (1-based, default the first) of a chain are loaded. */
  loadChainRules(table: TableName, chain: string, focus?: number): Promise<void>;
  /**
   * Loads the rules into the engine when they changed, then traces the scenario. `keepStep` keeps the selected
   * packet and step (restoring a shared link); otherwise playback goes back to the first step.
   */
  /** `packet`: show this packet (of the sequence) from its first step once traced. */
  requestTrace(opts?: { keepStep?: boolean; autoplay?: boolean; packet?: number }): Promise<void>;
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
  dismissEngineNotice(): void;
}

type TraceResponseState = TraceHead['response'] | null;

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

function troubleOf(err: unknown): { kind: EngineTrouble; detail: string } {
  const detail = err instanceof Error ? err.message : String(err);
  if (err instanceof EngineCallCancelled && (err.reason === 'timeout' || err.reason === 'crashed'))
    return { kind: err.reason, detail };
  return { kind: 'failed', detail };
}

/** What the engine holds for the store: the text it loaded and the answer, so unchanged rules are not resent. */
interface Loaded {
  text: string;
  /** The iptables-save dump loaded before nftables text ('' when none). */
  iptables: string;
  ipsets: string;
  tableOrder: TableOrder;
  result: LoadResult;
}

export function createTraceSlice(engine: LabEngine): StateCreator<LabState, [], [], TraceSlice> {
  const { session } = engine;
  let latest = 0;
  const pending = new Set<string>();
  // The trace in flight: a newer request cancels its work (the session and its rulesets stay).
  let inflight: AbortController | null = null;
  let loaded: Loaded | null = null;
  let loading: { text: string; iptables: string; ipsets: string; promise: Promise<LoadResult> } | null = null;

  /** The current rules in the engine: loaded when they changed, else the kept ruleset (hooks redone on order). */
  async function ensureLoaded(state: LabState, signal: AbortSignal, force = false): Promise<LoadResult> {
    const ipsets = state.ipsets ?? '';
    const iptables = state.iptablesRules ?? '';
    const same = (l: { text: string; iptables: string; ipsets: string }) =>
      l.text === state.rules && l.iptables === iptables && l.ipsets === ipsets;
    if (!force && loaded && same(loaded)) {
      if (loaded.tableOrder === state.tableOrder) return loaded.result;
      const hooks = await session.hooks(
        { rulesetId: loaded.result.rulesetId, tableOrder: state.tableOrder },
        { signal },
      );
      if (hooks) {
        loaded = { ...loaded, tableOrder: state.tableOrder, result: { ...loaded.result, hooks } };
        return loaded.result;
      }
    }
    // Two requests close together (typing) share one load of the same text.
    if (!force && loading && same(loading)) return loading.promise;
    const previous = loaded?.result.rulesetId;
    const text = state.rules;
    const tableOrder = state.tableOrder;
    // Not bound to this request's signal: a newer request may share this load (a parse has no checkpoint anyway).
    const request =
      iptables === '' ? { text, ipsets, tableOrder } : { text, iptablesRules: iptables, ipsets, tableOrder };
    const promise = session.load(request).then((result) => {
      loaded = { text, iptables, ipsets, tableOrder, result };
      if (previous !== undefined && previous !== result.rulesetId)
        void session.release({ rulesetId: previous }).catch(() => {});
      return result;
    });
    loading = { text, iptables, ipsets, promise };
    try {
      return await promise;
    } finally {
      if (loading?.promise === promise) loading = null;
    }
  }

  return (set, get) => {
    engine.onRestart((e) => {
      // A new session holds nothing: the next request loads the rules again from the store.
      loaded = null;
      set({ engineNotice: { kind: e.mainThread ? 'main-thread' : 'restarted', reason: e.reason } });
    });
    if (engine.onMainThread) queueMicrotask(() => set({ engineNotice: { kind: 'main-thread', reason: 'crashed' } }));

    // Explore mode reports every path (thousands a second): the store takes one report per PROGRESS_EVERY_MS.
    const onProgress = (ticket: number) => {
      let last = -Infinity;
      return (done: number, total: number) => {
        const now = performance.now();
        if (ticket !== latest || (now - last < PROGRESS_EVERY_MS && done !== total)) return;
        last = now;
        set({ traceProgress: { done, total } });
      };
    };

    async function traceOnce(
      state: LabState,
      signal: AbortSignal,
      ticket: number,
    ): Promise<{ check: LoadResult; head: TraceHead }> {
      const opts = { signal, onProgress: onProgress(ticket) };
      let check = await ensureLoaded(state, signal);
      const request = () => ({ rulesetId: check.rulesetId, chunk: STEPS_PER_CALL, ...traceRequestOf(state) });
      let head = await session.trace(request(), opts);
      if (!head.response.ok && head.response.errors[0]?.code === UNKNOWN_RULESET) {
        check = await ensureLoaded(state, signal, true);
        head = await session.trace(request(), opts);
      }
      return { check, head };
    }

    return {
      check: null,
      response: null,
      traceStatus: 'idle',
      traceError: null,
      traceProgress: null,
      engineNotice: null,
      tableOrder: 'nft',
      chainRules: {},

      dismissEngineNotice() {
        set({ engineNotice: null });
      },

      cancelTrace() {
        if (!inflight) return;
        // A newer ticket: whatever the cancelled request still answers is dropped. A parse under way finishes in
        // the engine (it has no checkpoint) and is kept for the next request; the trace after it never starts.
        latest += 1;
        inflight.abort();
        inflight = null;
        set({ traceStatus: 'cancelled', traceProgress: null, playing: false });
      },

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
          const page = await session.chainPage({
            rulesetId: check.rulesetId,
            table,
            chain,
            from,
            to: focus + PAGE_AROUND,
          });
          if (page && get().check?.rulesetId === check.rulesetId) {
            set((s) => ({ chainRules: { ...s.chainRules, [key]: page } }));
          }
        } catch {
          // The engine restarted: the next trace loads the rules again and the panel asks again.
        } finally {
          pending.delete(ask);
        }
      },

      async requestTrace(opts = {}) {
        const ticket = ++latest;
        inflight?.abort();
        const controller = new AbortController();
        inflight = controller;
        const signal = controller.signal;
        set({ traceStatus: 'running', traceError: null, traceProgress: null });
        try {
          let answer: { check: LoadResult; head: TraceHead } | undefined;
          // A worker that died mid-call was restarted empty: rebuild its state from the store and ask again. The
          // client runs the session on the main thread after repeated failed starts, so this ends.
          for (let attempt = 1; !answer; attempt += 1) {
            try {
              answer = await traceOnce(get(), signal, ticket);
            } catch (err) {
              const crashed = err instanceof EngineCallCancelled && err.reason === 'crashed';
              if (!crashed || attempt >= CRASH_RETRIES || ticket !== latest) throw err;
            }
          }
          // The engine's answer was deserialised in the task that read it (for a long trace, 500 steps: about
          // 10 ms of CPU); the store takes it, and React renders it, in a task of their own.
          await nextTask();
          const { check, head } = answer;
          if (ticket !== latest) return;
          const runs = runsOf(head.response);
          const after = get();
          const lastRun = Math.max(0, runs.length - 1);
          const packetIndex =
            opts.packet !== undefined
              ? Math.min(Math.max(0, opts.packet), lastRun)
              : opts.keepStep
                ? Math.min(after.packetIndex, lastRun)
                : 0;
          const total = head.totals[packetIndex] ?? 0;
          const stepIndex = opts.keepStep ? Math.min(after.stepIndex, Math.max(0, total - 1)) : 0;
          const missing = head.totals.some((n, i) => n > (runs[i]?.steps.length ?? 0));
          set({
            check,
            response: head.response,
            chainRules: after.check?.rulesetId === check.rulesetId ? after.chainRules : {},
            traceStatus: missing ? 'loading' : 'ready',
            traceProgress: null,
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
              const steps = await session.traceSteps({ traceId: head.traceId, run, from, to }, { signal });
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
          set({ traceStatus: 'error', traceError: troubleOf(err), playing: false });
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

      async saveRules() {
        const controller = new AbortController();
        const check = await ensureLoaded(get(), controller.signal);
        const saved = await session.save({ rulesetId: check.rulesetId });
        if (saved) return saved;
        // The engine restarted between the two calls: load once more.
        const again = await ensureLoaded(get(), controller.signal, true);
        return (await session.save({ rulesetId: again.rulesetId })) ?? { ok: false, text: '', diagnostics: [] };
      },

      setTableOrder(order) {
        set({ tableOrder: order });
        void get().requestTrace({ keepStep: false });
      },
    };
  };
}
