// The iptables-translate view: the loaded ruleset's iptables rules beside the nftables rules iptables-nft stores for
// them, fetched from the engine by ruleset id (a newer request wins; the engine translates, the store only keeps).
import type { StateCreator } from 'zustand';
import type { TranslationPage } from '../engine/index.ts';
import type { LabEngine } from './engine.ts';
import type { LabState } from './index.ts';

export interface TranslateSlice {
  /** The engine's answer for the ruleset `rulesetId`; null before the first answer. */
  translation: { rulesetId: number; page: TranslationPage } | null;
  /** Asks the engine for the first page of the loaded ruleset's translation (again only when the rules changed). */
  loadTranslation(): Promise<void>;
}

export function createTranslateSlice(engine: LabEngine): StateCreator<LabState, [], [], TranslateSlice> {
  let latest = 0;
  return (set, get) => ({
    translation: null,

    async loadTranslation() {
      const check = get().check;
      if (!check || get().translation?.rulesetId === check.rulesetId) return;
      const ticket = ++latest;
      try {
        const page = await engine.session.translate({ rulesetId: check.rulesetId });
        if (ticket !== latest || !page || get().check?.rulesetId !== check.rulesetId) return;
        set({ translation: { rulesetId: check.rulesetId, page } });
      } catch {
        // The engine restarted: the next load of the rules gives a new ruleset id and the view asks again.
      }
    },
  });
}
