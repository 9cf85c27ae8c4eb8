// What the lab shows when it opens: the scenario in the link if there is one, else the work autosaved on the
// last visit, else the default scenario. Opening a link is undoable, so it never loses autosaved work. Links are
// read by `decodeLink` (in a page: a worker), so a hostile link never blocks the page while it is unpacked; so is
// big saved work (a 2 MB ruleset inflates and validates for hundreds of ms), while small saved work is read at once.
import { decodeShare, type ShareError } from '../share/codec.ts';
import { decodeLink as workerDecodeLink, type DecodeLink } from '../worker/shareDecoder.ts';
import type { LabStore } from './index.ts';
import { nextTask } from './nextTask.ts';
import { readAutosave, readAutosaveChecked, type DecodeSaved, type KeyValueStorage } from './scenarioAutosave.ts';

/**
 * Saved work up to this many characters (about 150 kB of rules) is unpacked in place, a few milliseconds: it is
 * in the store before React's first render (a resolved promise settles before the render task), so the lab never
 * shows the default scenario first. Bigger saves go to the share-decode worker; until they are read the page shows
 * the default scenario, and the first trace waits for them.
 */
export const SAVED_READ_IN_PLACE_MAX = 64 * 1024;

/**
 * How saved work is unpacked: in place when small, else by `decodeLink` (in a page, the share-decode worker). A
 * worker that cannot start or dies ('unreadable') says nothing about the save: it is then read in place, slowly but
 * surely, rather than kept aside as damaged.
 */
export function savedWorkDecoder(decodeLink: DecodeLink): DecodeSaved {
  return async (fragment) => {
    if (fragment.length <= SAVED_READ_IN_PLACE_MAX) return decodeShare(fragment);
    const result = await decodeLink(fragment);
    // The worker's answer is deserialised where it is read (about 10 ms of CPU for 2 MB of rules): applying it
    // (the store, React's render of it, the trace request) comes in a task of its own, the page answering between.
    await nextTask();
    return !result.ok && result.error === 'unreadable' ? decodeShare(fragment) : result;
  };
}

export type StartSource = 'link' | 'autosave' | 'default';

export interface StartResult {
  source: StartSource;
  /** Set when the page had a fragment that is not a readable link (the UI says so; nothing else changes). */
  linkError: ShareError | null;
  /** What is wrong with it, when there is more to say (the version, or the field that is wrong). */
  linkDetail?: string;
  /** The saved work could not be read: it was kept aside (AUTOSAVE_DAMAGED_KEY) and the UI says so. */
  damagedAutosave?: boolean;
  /** The link holds the saved work itself (a reload: the address bar keeps the work's link). */
  linkIsSavedWork?: boolean;
}

export type LinkFailure = { error: ShareError; detail?: string };

/** The work saved now (another tab's, when the user takes theirs), unpacked as at start-up. */
export function readSavedWork(storage: KeyValueStorage, decodeLink: DecodeLink = workerDecodeLink) {
  return readAutosave(storage, savedWorkDecoder(decodeLink));
}

/**
 * The autosaved work is applied once read (small work before the first render); a link in the address bar replaces
 * it once it is read, or is reported without changing anything.
 */
export async function startScenario(
  store: LabStore,
  {
    hash,
    storage,
    decodeLink = workerDecodeLink,
  }: { hash: string; storage: KeyValueStorage | null; decodeLink?: DecodeLink },
): Promise<StartResult> {
  const read = storage
    ? await readAutosaveChecked(storage, savedWorkDecoder(decodeLink))
    : { state: null, damaged: false };
  const saved = read.state;
  if (saved) {
    store.getState().applyShared(saved, 'load');
    // Coming back to one's own work is not an edit: nothing to undo yet.
    store.setState({ undoStack: [], redoStack: [], lastEdit: null });
  }
  const fragment = hash.replace(/^#/, '');
  if (fragment !== '') {
    const link = await decodeLink(fragment);
    if (link.ok) {
      const same = saved !== null && JSON.stringify(saved.scenario) === JSON.stringify(link.state.scenario);
      store.getState().applyShared(link.state, 'link');
      if (!saved || same) store.setState({ undoStack: [] });
      const result: StartResult = { source: 'link', linkError: null };
      if (same) result.linkIsSavedWork = true;
      return withDamage(result, read.damaged);
    }
    const result: StartResult = { source: saved ? 'autosave' : 'default', linkError: link.error };
    if (link.detail !== undefined) result.linkDetail = link.detail;
    return withDamage(result, read.damaged);
  }
  return withDamage({ source: saved ? 'autosave' : 'default', linkError: null }, read.damaged);
}

/** Opens a link pasted into the address bar of an already open lab (the page does not reload then). */
export async function applyLinkFragment(
  store: LabStore,
  hash: string,
  decodeLink: DecodeLink = workerDecodeLink,
): Promise<LinkFailure | null> {
  const fragment = hash.replace(/^#/, '');
  if (fragment === '') return null;
  const link = await decodeLink(fragment);
  if (!link.ok) return link.detail === undefined ? { error: link.error } : { error: link.error, detail: link.detail };
  store.getState().applyShared(link.state, 'link');
  return null;
}

function withDamage(result: StartResult, damaged: boolean): StartResult {
  return damaged ? { ...result, damagedAutosave: true } : result;
}
