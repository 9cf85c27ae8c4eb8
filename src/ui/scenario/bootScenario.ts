// Start-up of the scenario side of the lab, run once after the store exists (imported by main.tsx): open the
// link in the address bar or the autosaved work, keep autosaving, follow links pasted into an open tab, and keep
// the address bar's fragment in step with the scenario while it is small enough to share.
import { encodeShare, encodeShareAsync, SAFE_LINK_LENGTH } from '../../share/codec.ts';
import { deflateInWorker } from '../../share/deflateWorker.ts';
import { getLabStore, type LabState } from '../../store/index.ts';
import {
  AUTOSAVE_DAMAGED_KEY,
  AUTOSAVE_KEY,
  startAutosave,
  type Autosave,
  type KeyValueStorage,
} from '../../store/scenarioAutosave.ts';
import { loadUndo, saveUndo } from '../../store/undoPersistence.ts';
import { reportAutosave } from './autosaveNotice.ts';
import { downloadText } from './download.ts';
import { LINKED_FIELDS, sharedStateOf } from '../../store/scenarioSlice.ts';
import { applyLinkFragment, readSavedWork, startScenario, type StartResult } from '../../store/scenarioStartup.ts';
import { reportLinkError } from './linkNotice.ts';

/** localStorage, or null where the browser forbids it (private modes, sandboxed frames). */
function browserStorage(): KeyValueStorage | null {
  try {
    const s = window.localStorage;
    s.getItem('probe');
    return s;
  } catch {
    return null;
  }
}

/** Above this many characters of rules a link cannot stay under the safe size: do not even try on every change. */
const URL_SYNC_RULES_LIMIT = 64 * 1024;

function fragmentFor(state: LabState): string | null {
  if (state.rules.length > URL_SYNC_RULES_LIMIT) return null;
  const fragment = encodeShare(sharedStateOf(state));
  return fragment.length + window.location.href.split('#')[0]!.length + 1 <= SAFE_LINK_LENGTH ? fragment : null;
}

function keepAddressBarInStep(): void {
  const store = getLabStore();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let written = window.location.hash.replace(/^#/, '');
  store.subscribe((s, p) => {
    const same = LINKED_FIELDS.every((field) => s[field] === p[field]);
    if (same) return;
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => {
      // A fragment just put in the address bar whose hashchange is not handled yet: replacing it now would make
      // that handler see the lab's own fragment and drop the pasted link. Its handler will apply or refuse it.
      if (window.location.hash.replace(/^#/, '') !== written) return;
      const fragment = fragmentFor(store.getState()) ?? '';
      if (fragment === written) return;
      written = fragment;
      const base = window.location.href.split('#')[0];
      window.history.replaceState(null, '', fragment ? `${base}#${fragment}` : base);
    }, 600);
  });
  window.addEventListener('hashchange', () => {
    const fragment = window.location.hash.replace(/^#/, '');
    if (fragment === written) return;
    written = fragment;
    void applyLinkFragment(store, fragment).then((failure) => {
      if (failure) reportLinkError(failure.error, failure.detail, 'pasted');
    });
  });
}

function sessionStorageOrNull(): KeyValueStorage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

/** Saves now when the page is hidden or closed: closing the tab right after typing loses nothing. */
function saveOnHide(autosave: Autosave | null, session: KeyValueStorage | null): void {
  const store = getLabStore();
  const save = () => {
    autosave?.flush();
    if (session) saveUndo(session, store.getState().undoStack);
  };
  window.addEventListener('pagehide', save);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') save();
  });
}

/**
 * Another tab of the lab wrote its work (the storage event fires only in the other tabs): this tab stops saving,
 * so neither silently overwrites the other, and asks which work to keep.
 */
function watchOtherTabs(autosave: Autosave, storage: KeyValueStorage): void {
  const store = getLabStore();
  window.addEventListener('storage', (e) => {
    if (e.key !== AUTOSAVE_KEY || e.newValue === null) return;
    autosave.pause();
    reportAutosave({
      kind: 'conflict',
      actions: {
        takeTheirs() {
          // Their work may be big: it is unpacked as saved work is at start-up, off the main thread.
          void readSavedWork(storage).then((theirs) => {
            autosave.resume();
            if (theirs) store.getState().applyShared(theirs, 'load');
          });
        },
        keepMine() {
          autosave.resume();
          autosave.flush(true);
        },
      },
    });
  });
}

function reportDamagedSave(storage: KeyValueStorage): void {
  reportAutosave({
    kind: 'damaged',
    actions: {
      download() {
        let text = '';
        try {
          text = storage.getItem(AUTOSAVE_DAMAGED_KEY) ?? '';
        } catch {
          // Nothing to give back: the notice still said what happened.
        }
        downloadText('netfilter-lab-damaged-save.txt', text);
      },
    },
  });
}

async function boot(): Promise<StartResult> {
  const storage = browserStorage();
  const session = sessionStorageOrNull();
  const store = getLabStore();
  // Small autosaved work is in place before the first render, big work once the share-decode worker has read it;
  // a link in the address bar follows once it is read.
  const result = await startScenario(store, { hash: window.location.hash, storage });
  if (result.linkError)
    reportLinkError(result.linkError, result.linkDetail, result.source === 'autosave' ? 'autosave' : 'default');
  if (result.damagedAutosave && storage) reportDamagedSave(storage);
  // A reload of this tab brings back its undo history with its work.
  if (session && (result.source === 'autosave' || result.linkIsSavedWork)) {
    const undo = loadUndo(session);
    if (undo.length > 0) store.setState({ undoStack: undo });
  }
  const autosave = storage
    ? startAutosave(store, storage, { encode: (s) => encodeShareAsync(s, deflateInWorker) })
    : null;
  saveOnHide(autosave, session);
  if (autosave && storage) watchOtherTabs(autosave, storage);
  keepAddressBarInStep();
  return result;
}

/**
 * How the lab opened: from a link, from autosaved work, or on the default scenario (and whether a link was bad).
 * Settles once a link in the address bar has been read and applied: the first trace, and the lesson or challenge
 * a `?lesson=` or `?challenge=` address opens, wait for it so a link read late never replaces them.
 */
export const scenarioStarted: Promise<StartResult> = boot();
