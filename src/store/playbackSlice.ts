// Step-through of the current trace. Every control is an action here; the UI only calls them.
// Rewinding is exact because each trace step carries its own packet snapshot: nothing is recomputed.
import type { StateCreator } from 'zustand';
import type { HookName, TableName } from '../engine/index.ts';
import type { LabState } from './index.ts';
import { shownTimeline } from './predictView.ts';
import { firstStepIn, runsOf, stepOfRule, type TimelineEntry } from './timeline.ts';

export const SPEEDS = [0.5, 1, 2, 4] as const;
export type Speed = (typeof SPEEDS)[number];

export interface PinnedChain {
  table: TableName;
  chain: string;
}

export interface PlaybackSlice {
  /** Which traced packet (or explore outcome) is shown. */
  packetIndex: number;
  stepIndex: number;
  playing: boolean;
  speed: Speed;
  /** A chain the user opened by clicking a block; null while the panel follows the packet. */
  pinnedChain: PinnedChain | null;
  /** Presenter mode: only the graph and the current sentence, large, driven by the keyboard. */
  presenting: boolean;
  togglePresenting(): void;
  /** Presenter mode's colours: a dark room and a bright projector want different ones. */
  presenterTheme: 'light' | 'dark';
  togglePresenterTheme(): void;
  /** A large ring around the mouse pointer, so the class sees what the presenter points at. */
  pointerHighlight: boolean;
  togglePointerHighlight(): void;
  play(): void;
  pause(): void;
  togglePlay(): void;
  stepForward(): void;
  stepBack(): void;
  toStart(): void;
  toEnd(): void;
  goToStep(index: number): void;
  setSpeed(speed: Speed): void;
  selectPacket(index: number): void;
  /** Opens a chain's rules; when the packet passes there, playback moves to its first step in that chain. */
  openChain(table: TableName, chain: string, hook?: HookName): void;
  /** Goes to the step that evaluated this rule, when the packet reached it. */
  openRule(table: TableName, chain: string, ruleIndex: number): void;
  followPacket(): void;
  /** One beat of the play clock: advance, and stop at the end. */
  tick(): void;
}

/** The steps of the packet shown, as far as the panels may show them (predict mode stops at its question). */
export function currentTimeline(state: LabState): TimelineEntry[] {
  return shownTimeline(state);
}

function clampStep(state: LabState, index: number): number {
  const last = currentTimeline(state).length - 1;
  return Math.max(0, Math.min(index, Math.max(0, last)));
}

export const createPlaybackSlice: StateCreator<LabState, [], [], PlaybackSlice> = (set, get) => ({
  packetIndex: 0,
  stepIndex: 0,
  playing: false,
  speed: 1,
  pinnedChain: null,
  presenting: false,

  togglePresenting() {
    set((s) => ({ presenting: !s.presenting }));
  },
  presenterTheme: 'light',
  togglePresenterTheme() {
    set((s) => ({ presenterTheme: s.presenterTheme === 'light' ? 'dark' : 'light' }));
  },
  pointerHighlight: false,
  togglePointerHighlight() {
    set((s) => ({ pointerHighlight: !s.pointerHighlight }));
  },

  play() {
    const state = get();
    const last = currentTimeline(state).length - 1;
    if (last <= 0) return;
    // Playing from the end starts over, as a media player does.
    set({ playing: true, stepIndex: state.stepIndex >= last ? 0 : state.stepIndex, pinnedChain: null });
  },
  pause() {
    set({ playing: false });
  },
  togglePlay() {
    if (get().playing) get().pause();
    else get().play();
  },
  stepForward() {
    set((s) => ({ stepIndex: clampStep(s, s.stepIndex + 1), playing: false, pinnedChain: null }));
  },
  stepBack() {
    set((s) => ({ stepIndex: clampStep(s, s.stepIndex - 1), playing: false, pinnedChain: null }));
  },
  toStart() {
    set({ stepIndex: 0, playing: false, pinnedChain: null });
  },
  toEnd() {
    set((s) => ({ stepIndex: clampStep(s, Number.MAX_SAFE_INTEGER), playing: false, pinnedChain: null }));
  },
  goToStep(index) {
    set((s) => ({ stepIndex: clampStep(s, index), playing: false, pinnedChain: null }));
  },
  setSpeed(speed) {
    set({ speed });
  },
  selectPacket(index) {
    const state = get();
    // A packet of the list can be selected (to edit it) also while its trace is missing: rules with an error.
    const count = runsOf(state.response).length;
    if (index < 0 || index >= (state.explore ? count : Math.max(count, state.packets.length))) return;
    set({ packetIndex: index, stepIndex: 0, playing: false, pinnedChain: null });
  },
  openChain(table, chain, hook) {
    const state = get();
    const at = firstStepIn(currentTimeline(state), table, chain, hook);
    if (at >= 0) set({ stepIndex: at, playing: false, pinnedChain: null });
    else set({ pinnedChain: { table, chain }, playing: false });
  },
  openRule(table, chain, ruleIndex) {
    const state = get();
    const at = stepOfRule(currentTimeline(state), table, chain, ruleIndex, state.stepIndex);
    if (at >= 0) set({ stepIndex: at, playing: false, pinnedChain: null });
  },
  followPacket() {
    set({ pinnedChain: null });
  },
  tick() {
    const state = get();
    if (!state.playing) return;
    const last = currentTimeline(state).length - 1;
    if (state.stepIndex >= last) set({ playing: false });
    else set({ stepIndex: state.stepIndex + 1, playing: state.stepIndex + 1 < last });
  },
});
