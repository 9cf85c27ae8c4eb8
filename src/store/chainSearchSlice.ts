// Finding a chain by name or comment in the loaded ruleset (issue #11 point 4): a 10,000-service kube-proxy dump has
// tens of thousands of chains named by hashes, and a Service's name lives only in kube-proxy's rule comments. The
// engine searches in the worker; this slice keeps the query and the latest answer (a newer query wins).
import type { StateCreator } from 'zustand';
import type { ChainSearchResult } from '../engine/index.ts';
import type { LabEngine } from './engine.ts';
import type { LabState } from './index.ts';

export interface ChainSearchSlice {
  /** What the user typed in the chain search box; empty: no search (the panel follows the packet). */
  chainQuery: string;
  /** The engine's answer for `chainQuery` on the ruleset `rulesetId`; null before the first answer. */
  chainSearch: { query: string; rulesetId: number; result: ChainSearchResult } | null;
  /** Sets the query and asks the engine (again, when the rules changed since the last answer). */
  searchChains(query: string): Promise<void>;
}

export function createChainSearchSlice(engine: LabEngine): StateCreator<LabState, [], [], ChainSearchSlice> {
  let latest = 0;
  let inflight: AbortController | null = null;
  return (set, get) => ({
    chainQuery: '',
    chainSearch: null,

    async searchChains(query) {
      const ticket = ++latest;
      inflight?.abort();
      set({ chainQuery: query });
      const check = get().check;
      if (query.trim() === '' || !check) {
        set({ chainSearch: null });
        return;
      }
      const controller = new AbortController();
      inflight = controller;
      try {
        const result = await engine.session.findChains(
          { rulesetId: check.rulesetId, query },
          { signal: controller.signal },
        );
        if (ticket !== latest || !result) return;
        set({ chainSearch: { query, rulesetId: check.rulesetId, result } });
      } catch {
        // Cancelled by a newer query, or the engine restarted: the next query (or rules change) asks again.
      } finally {
        if (inflight === controller) inflight = null;
      }
    },
  });
}
