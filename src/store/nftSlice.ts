// Native nftables chains for the chain panel: fetched from the engine by ruleset id, and which one the user opened.
import type { StateCreator } from 'zustand';
import type { HookName, NftChainView, TraceStep } from '../engine/index.ts';
import type { LabEngine } from './engine.ts';
import type { LabState } from './index.ts';
import { currentTimeline } from './playbackSlice.ts';

export interface NftChainRef {
  family: string;
  table: string;
  chain: string;
}

export interface NftSlice {
  /** Chains fetched, keyed by nftChainKey(rulesetId, ref). */
  nftChains: Record<string, NftChainView>;
  /** A chain opened by clicking its row, shown until the step changes (`at`: the step it was opened on). */
  pinnedNft: (NftChainRef & { at: number }) | null;
  loadNftChain(ref: NftChainRef): Promise<void>;
  /** Goes to the step where the packet entered this base chain at `hook`, or shows the chain as it is. */
  openNftChain(ref: NftChainRef, hook: HookName): void;
}

export function nftChainKey(rulesetId: number, ref: NftChainRef): string {
  return `${rulesetId}:${ref.family}:${ref.table}:${ref.chain}`;
}

type NftStep = Extract<TraceStep, { kind: 'nft-chain' | 'nft-rule' | 'nft-accept' }>;

export function isNftStep(step: TraceStep | undefined): step is NftStep {
  return step?.kind === 'nft-chain' || step?.kind === 'nft-rule' || step?.kind === 'nft-accept';
}

export function createNftSlice(engine: LabEngine): StateCreator<LabState, [], [], NftSlice> {
  return (set, get) => ({
    nftChains: {},
    pinnedNft: null,

    async loadNftChain(ref) {
      const check = get().check;
      if (!check) return;
      const key = nftChainKey(check.rulesetId, ref);
      if (get().nftChains[key]) return;
      try {
        const view = await engine.session.nftChain({ rulesetId: check.rulesetId, ...ref });
        if (view && get().check?.rulesetId === check.rulesetId)
          set((s) => ({ nftChains: { ...s.nftChains, [key]: view } }));
      } catch {
        // The engine restarted: the next trace loads the rules again and the panel asks again.
      }
    },

    openNftChain(ref, hook) {
      const state = get();
      const at = currentTimeline(state).findIndex(
        ({ step }) =>
          isNftStep(step) &&
          step.hook === hook &&
          step.family === ref.family &&
          step.table === ref.table &&
          step.base === ref.chain,
      );
      if (at >= 0) set({ stepIndex: at, playing: false, pinnedChain: null, pinnedNft: null });
      else set({ pinnedNft: { ...ref, at: state.stepIndex }, playing: false });
    },
  });
}
