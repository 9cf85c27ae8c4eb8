// Graded challenges: the open challenge and its variant, "Check" (every probe traced by the engine through the
// same LabEngine.trace the trace slice uses), the results, and progress remembered in localStorage.
import type { StateCreator } from 'zustand';
import { findChallenge } from '../challenges/index.ts';
import { gradeProbe, probeRequest, scoreOf, type ProbeResult } from '../challenges/grade.ts';
import type { Challenge } from '../challenges/types.ts';
import { variantOf } from '../challenges/variant.ts';
import type { LabEngine } from './engine.ts';
import type { LabState } from './index.ts';

export interface ChallengeProgress {
  best: number;
  solved: boolean;
}

export interface ChallengeSlice {
  challengeId: string | null;
  /** The variant: 0 is the one written in the files. */
  challengeSeed: number;
  challengeResults: ProbeResult[] | null;
  /** The rules the results were computed for (a later edit makes them stale). */
  challengeCheckedRules: string | null;
  challengeChecking: boolean;
  challengeProgress: Record<string, ChallengeProgress>;
  /** Loads the challenge's start rules, host and first probe into the lab. */
  openChallenge(id: string, seed?: number): void;
  closeChallenge(): void;
  checkChallenge(): Promise<void>;
  /** Puts probe `index`'s packets in the lab and shows its last packet's trace. */
  showProbe(index: number): Promise<void>;
}

export const PROGRESS_KEY = 'netfilter-lab:challenges';

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

function loadProgress(): Record<string, ChallengeProgress> {
  try {
    const raw = storage()?.getItem(PROGRESS_KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, ChallengeProgress>) : {};
  } catch {
    return {};
  }
}

function saveProgress(progress: Record<string, ChallengeProgress>): void {
  try {
    storage()?.setItem(PROGRESS_KEY, JSON.stringify(progress));
  } catch {
    // A full or forbidden storage only loses the remembered progress.
  }
}

/** The challenge as the lab holds it now (the variant of the open one), or undefined. */
export function openVariant(state: Pick<LabState, 'challengeId' | 'challengeSeed'>): Challenge | undefined {
  const base = state.challengeId ? findChallenge(state.challengeId) : undefined;
  return base && variantOf(base, state.challengeSeed);
}

function probePackets(c: Challenge, index: number) {
  const probe = c.probes[index];
  return (probe?.packets ?? []).map((p, i) => ({ ...p, label: `${probe?.label ?? ''} (${i + 1})` }));
}

export function createChallengeSlice(engine: LabEngine): StateCreator<LabState, [], [], ChallengeSlice> {
  return (set, get) => ({
    challengeId: null,
    challengeSeed: 0,
    challengeResults: null,
    challengeCheckedRules: null,
    challengeChecking: false,
    challengeProgress: loadProgress(),

    openChallenge(id, seed = 0) {
      const base = findChallenge(id);
      if (!base) return;
      const c = variantOf(base, seed);
      set({ challengeId: id, challengeSeed: seed, challengeResults: null, challengeCheckedRules: null });
      get().applyShared(
        {
          scenario: {
            id: `challenge-${id}`,
            title: c.title,
            summary: c.goal.join(' '),
            teaching: c.goal,
            rules: c.rules,
            host: c.host,
            seed: 1,
            packets: probePackets(c, 0),
          },
          view: { packetIndex: 0, stepIndex: 0, tableOrder: 'nft' },
        },
        'load',
      );
      get().setPanelTab('challenges');
    },

    closeChallenge() {
      set({ challengeId: null, challengeResults: null, challengeCheckedRules: null });
    },

    async checkChallenge() {
      const state = get();
      const c = openVariant(state);
      if (!c) return;
      const rules = state.rules;
      const host = state.host ?? c.host;
      set({ challengeChecking: true });
      try {
        // The rules load once into the session; every probe is traced by the ruleset's id (probeRequest asks for
        // only the walk unless the probe grades a log line or exact shares).
        const { session } = engine;
        const loaded = await session.load({ text: rules });
        const results = await Promise.all(
          c.probes.map(async (p) => {
            const { rules: _text, ...options } = probeRequest(rules, host, p);
            const head = await session.trace({ rulesetId: loaded.rulesetId, ...options, chunk: Infinity });
            return gradeProbe(p, head.response);
          }),
        );
        void session.release({ rulesetId: loaded.rulesetId }).catch(() => {});
        if (get().challengeId !== c.id) return;
        const score = scoreOf(results);
        const before = get().challengeProgress[c.id];
        const progress = {
          ...get().challengeProgress,
          [c.id]: { best: Math.max(before?.best ?? 0, score), solved: (before?.solved ?? false) || score === 1 },
        };
        saveProgress(progress);
        set({ challengeResults: results, challengeCheckedRules: rules, challengeProgress: progress });
      } finally {
        set({ challengeChecking: false });
      }
    },

    async showProbe(index) {
      const c = openVariant(get());
      if (!c) return;
      const packets = probePackets(c, index);
      get().setPackets(packets);
      await get().requestTrace();
      get().selectPacket(Math.max(0, packets.length - 1));
      get().setPanelTab('trace');
    },
  });
}
