// No lost work: the scenario is written to localStorage shortly after each change and read back on the next visit.
// The scenario is stored as a share-link fragment (compact, versioned like a link) and compressed off the main
// thread; the view (packet, step, table order, tab) is stored apart, so stepping through a trace never
// re-compresses the rules. A ruleset too big for localStorage is not kept, and the store says so. A change is
// written a quarter of a second after typing stops, and at once (synchronously) when the page is hidden or closed
// (flush), so closing the tab right after typing loses nothing. A saved entry that cannot be read is kept aside
// under AUTOSAVE_DAMAGED_KEY, never dropped; writes can be paused while another tab's save is waiting for the
// user's choice (src/ui/scenario/bootScenario.ts), so two tabs never overwrite each other silently.
import {
  encodeShare,
  encodeShareAsync,
  decodeShare,
  type DecodeResult,
  type SharedState,
  type SharedView,
} from '../share/codec.ts';
import type { LabState, LabStore } from './index.ts';
import { sharedStateOf } from './scenarioSlice.ts';

export const AUTOSAVE_KEY = 'netfilter-lab:autosave';
export const AUTOSAVE_VIEW_KEY = 'netfilter-lab:autosave-view';
/** Where a saved entry that could not be read is kept (the user can download it from the notice). */
export const AUTOSAVE_DAMAGED_KEY = 'netfilter-lab:autosave-damaged';

/**
 * Rules longer than this are not autosaved: browsers give an origin about 5 MB of localStorage, and a 10,000-
 * service kube-proxy dump (25 MB) does not fit even compressed. Export such a ruleset to keep it.
 */
export const AUTOSAVE_MAX_RULES = 2 * 1024 * 1024;

/** The part of Web Storage used here (tests pass a Map-backed one). */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export type AutosaveNote = 'too-big' | 'failed' | null;

function attempt(fn: () => void): boolean {
  try {
    fn();
    return true;
  } catch {
    return false;
  }
}

/** False when the browser refuses (storage full or disabled): the app keeps working without autosave. */
export async function writeAutosave(
  storage: KeyValueStorage,
  state: SharedState,
  encode: (s: SharedState) => Promise<string> = encodeShareAsync,
): Promise<boolean> {
  const fragment = await encode(state);
  return attempt(() => storage.setItem(AUTOSAVE_KEY, fragment)) && writeView(storage, state.view);
}

function writeView(storage: KeyValueStorage, view: SharedView): boolean {
  return attempt(() => storage.setItem(AUTOSAVE_VIEW_KEY, JSON.stringify(view)));
}

export interface AutosaveRead {
  state: SharedState | null;
  /** True when a saved entry was there but could not be read: it was moved to AUTOSAVE_DAMAGED_KEY. */
  damaged: boolean;
}

/**
 * How a saved fragment is unpacked. In the page, big saves go to the share-decode worker (readSavedFragment in
 * scenarioStartup.ts): inflating and validating 2 MB of rules is a long task. Here, by default, in place.
 */
export type DecodeSaved = (fragment: string) => Promise<DecodeResult>;

const decodeHere: DecodeSaved = async (fragment) => decodeShare(fragment);

/** The saved work; a damaged entry is moved aside (kept whole, for the user to download) and reported. */
export async function readAutosaveChecked(
  storage: KeyValueStorage,
  decode: DecodeSaved = decodeHere,
): Promise<AutosaveRead> {
  const saved = savedTexts(storage);
  if (!saved) return { state: null, damaged: false };
  const state = withView(await decode(saved.text), saved.viewText);
  if (state) return { state, damaged: false };
  // Moved aside only if it is still the entry that was read (another tab may have saved meanwhile).
  if (savedTexts(storage)?.text !== saved.text) return { state: null, damaged: false };
  const kept = attempt(() => storage.setItem(AUTOSAVE_DAMAGED_KEY, saved.text));
  // Only once it is safe elsewhere is it removed, so the next save cannot overwrite the only copy.
  if (kept) attempt(() => storage.removeItem(AUTOSAVE_KEY));
  return { state: null, damaged: true };
}

export async function readAutosave(
  storage: KeyValueStorage,
  decode: DecodeSaved = decodeHere,
): Promise<SharedState | null> {
  const saved = savedTexts(storage);
  return saved ? withView(await decode(saved.text), saved.viewText) : null;
}

/** The saved scenario's fragment and the view saved beside it, as storage holds them. */
function savedTexts(storage: KeyValueStorage): { text: string; viewText: string | null } | null {
  let text: string | null = null;
  let viewText: string | null = null;
  attempt(() => {
    text = storage.getItem(AUTOSAVE_KEY);
    viewText = storage.getItem(AUTOSAVE_VIEW_KEY);
  });
  return text ? { text, viewText } : null;
}

function withView(decoded: DecodeResult, viewText: string | null): SharedState | null {
  if (!decoded.ok) return null;
  // The view is written apart and more often than the scenario: it is the newer one when it is valid.
  if (viewText) {
    try {
      const view = JSON.parse(viewText) as unknown;
      if (isView(view)) return { ...decoded.state, view };
    } catch {
      // A damaged view is ignored: the scenario still comes back.
    }
  }
  return decoded.state;
}

function isView(v: unknown): v is SharedView {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  const index = (x: unknown) => typeof x === 'number' && Number.isInteger(x) && x >= 0;
  return (
    index(o.packetIndex) &&
    index(o.stepIndex) &&
    (o.tableOrder === 'nft' || o.tableOrder === 'legacy') &&
    (o.panelTab === undefined || o.panelTab === 'rules' || o.panelTab === 'host' || o.panelTab === 'packets') &&
    (o.explore === undefined || o.explore === true) &&
    (o.exploredPacket === undefined || index(o.exploredPacket)) &&
    (o.predict === undefined || o.predict === true)
  );
}

function scenarioChanged(s: LabState, p: LabState): boolean {
  return (
    s.scenarioId !== p.scenarioId ||
    s.title !== p.title ||
    s.summary !== p.summary ||
    s.teaching !== p.teaching ||
    s.rules !== p.rules ||
    s.iptablesRules !== p.iptablesRules ||
    s.host !== p.host ||
    s.ipsets !== p.ipsets ||
    s.ipvs !== p.ipvs ||
    s.packets !== p.packets ||
    s.seed !== p.seed
  );
}

function viewChanged(s: LabState, p: LabState): boolean {
  return (
    s.packetIndex !== p.packetIndex ||
    s.stepIndex !== p.stepIndex ||
    s.tableOrder !== p.tableOrder ||
    s.panelTab !== p.panelTab ||
    s.explore !== p.explore ||
    s.exploredPacket !== p.exploredPacket ||
    s.predicting !== p.predicting
  );
}

export interface AutosaveTimers {
  schedule(fn: () => void, ms: number): unknown;
  cancel(handle: unknown): void;
}

const realTimers: AutosaveTimers = {
  schedule: (fn, ms) => setTimeout(fn, ms),
  cancel: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export interface AutosaveOptions {
  delayMs?: number;
  timers?: AutosaveTimers;
  encode?: (s: SharedState) => Promise<string>;
}

export interface Autosave {
  stop(): void;
  /** Writes any change not yet saved now, synchronously (for pagehide and visibilitychange); `force`: even none. */
  flush(force?: boolean): void;
  /** Stops writing until resume() (another tab saved; the user chooses whose work to keep). */
  pause(): void;
  resume(): void;
  /** Resolves when the writes started so far are done (for tests). */
  idle(): Promise<void>;
}

/** Writes the scenario `delayMs` after its last change, and the view after the last step change. */
export function startAutosave(store: LabStore, storage: KeyValueStorage, opts: AutosaveOptions = {}): Autosave {
  const { delayMs = 250, timers = realTimers, encode = (s: SharedState) => encodeShareAsync(s) } = opts;
  let scenarioTimer: unknown = null;
  let viewTimer: unknown = null;
  let generation = 0;
  let inFlight: Promise<void> = Promise.resolve();
  /** A scenario change not yet in storage (its timer is pending or its compression is running). */
  let dirty = false;
  let paused = false;

  const note = (ok: boolean) => {
    if (store.getState().autosaveNote !== (ok ? null : 'failed'))
      store.setState({ autosaveNote: ok ? null : 'failed' });
  };
  const tooBig = (): boolean => {
    if (store.getState().rules.length <= AUTOSAVE_MAX_RULES) return false;
    // Keeping an older, smaller scenario would bring back the wrong work after a reload: forget it.
    attempt(() => storage.removeItem(AUTOSAVE_KEY));
    store.setState({ autosaveNote: 'too-big' });
    return true;
  };

  const writeScenario = () => {
    scenarioTimer = null;
    if (paused) return;
    const ticket = ++generation;
    if (tooBig()) {
      dirty = false;
      return;
    }
    const shared = sharedStateOf(store.getState());
    inFlight = inFlight
      .then(() => encode(shared))
      .then((fragment) => {
        if (ticket !== generation || paused) return;
        const ok = attempt(() => storage.setItem(AUTOSAVE_KEY, fragment)) && writeView(storage, shared.view);
        dirty = false;
        note(ok);
      })
      .catch(() => store.setState({ autosaveNote: 'failed' }));
  };
  const flush = (force = false) => {
    if (paused) return;
    if (force) dirty = true;
    if (viewTimer !== null) {
      timers.cancel(viewTimer);
      viewTimer = null;
      writeCurrentView();
    }
    if (!dirty) return;
    if (scenarioTimer !== null) timers.cancel(scenarioTimer);
    scenarioTimer = null;
    // A newer ticket: a compression still running for an older state must not write after this.
    generation += 1;
    dirty = false;
    if (tooBig()) return;
    const shared = sharedStateOf(store.getState());
    note(attempt(() => storage.setItem(AUTOSAVE_KEY, encodeShare(shared))) && writeView(storage, shared.view));
  };
  const writeCurrentView = () => {
    viewTimer = null;
    if (!paused) writeView(storage, sharedStateOf(store.getState()).view);
  };

  const unsubscribe = store.subscribe((state, previous) => {
    if (scenarioChanged(state, previous)) {
      dirty = true;
      if (scenarioTimer !== null) timers.cancel(scenarioTimer);
      scenarioTimer = timers.schedule(writeScenario, delayMs);
    } else if (viewChanged(state, previous)) {
      if (viewTimer !== null) timers.cancel(viewTimer);
      viewTimer = timers.schedule(writeCurrentView, delayMs);
    }
  });
  return {
    stop() {
      unsubscribe();
      if (scenarioTimer !== null) timers.cancel(scenarioTimer);
      if (viewTimer !== null) timers.cancel(viewTimer);
    },
    idle: () => inFlight,
    flush,
    pause() {
      paused = true;
    },
    resume() {
      paused = false;
    },
  };
}
