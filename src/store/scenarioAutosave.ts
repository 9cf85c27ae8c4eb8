// No lost work: the scenario and view are written to localStorage shortly after each change and read back on
// the next visit. The stored text is a share-link fragment, so it is compact and versioned like a link.
import { decodeShare, encodeShare, type SharedState } from '../share/codec.ts';
import type { LabState, LabStore } from './index.ts';
import { sharedStateOf } from './scenarioSlice.ts';

export const AUTOSAVE_KEY = 'netfilter-lab:autosave';

/** The part of Web Storage used here (tests pass a Map-backed one). */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** False when the browser refuses (storage full or disabled): the app keeps working without autosave. */
export function writeAutosave(storage: KeyValueStorage, state: SharedState): boolean {
  try {
    storage.setItem(AUTOSAVE_KEY, encodeShare(state));
    return true;
  } catch {
    return false;
  }
}

export function readAutosave(storage: KeyValueStorage): SharedState | null {
  let text: string | null;
  try {
    text = storage.getItem(AUTOSAVE_KEY);
  } catch {
    return null;
  }
  if (!text) return null;
  const decoded = decodeShare(text);
  return decoded.ok ? decoded.state : null;
}

/** What autosave watches: a change to any of these schedules a write. */
function watched(s: LabState): unknown[] {
  return [
    s.scenarioId,
    s.title,
    s.summary,
    s.teaching,
    s.rules,
    s.host,
    s.ipsets,
    s.packets,
    s.seed,
    s.packetIndex,
    s.stepIndex,
    s.tableOrder,
  ];
}

export interface AutosaveTimers {
  schedule(fn: () => void, ms: number): unknown;
  cancel(handle: unknown): void;
}

const realTimers: AutosaveTimers = {
  schedule: (fn, ms) => setTimeout(fn, ms),
  cancel: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** Writes the state `delayMs` after the last change. Returns a function that stops it (writing what is pending). */
export function startAutosave(
  store: LabStore,
  storage: KeyValueStorage,
  { delayMs = 400, timers = realTimers }: { delayMs?: number; timers?: AutosaveTimers } = {},
): () => void {
  let pending: unknown = null;
  const flush = () => {
    pending = null;
    writeAutosave(storage, sharedStateOf(store.getState()));
  };
  const unsubscribe = store.subscribe((state, previous) => {
    const now = watched(state);
    const before = watched(previous);
    if (now.every((v, i) => v === before[i])) return;
    if (pending !== null) timers.cancel(pending);
    pending = timers.schedule(flush, delayMs);
  });
  return () => {
    unsubscribe();
    if (pending !== null) {
      timers.cancel(pending);
      flush();
    }
  };
}
