// Start-up of the scenario side of the lab, run once after the store exists (imported by main.tsx): open the
// link in the address bar or the autosaved work, keep autosaving, follow links pasted into an open tab, and keep
// the address bar's fragment in step with the scenario while it is small enough to share.
import { encodeShare, SAFE_LINK_LENGTH } from '../../share/codec.ts';
import { getLabStore, type LabState } from '../../store/index.ts';
import { startAutosave, type KeyValueStorage } from '../../store/scenarioAutosave.ts';
import { sharedStateOf } from '../../store/scenarioSlice.ts';
import { applyLinkFragment, startScenario, type StartResult } from '../../store/scenarioStartup.ts';
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
    const same =
      s.rules === p.rules &&
      s.host === p.host &&
      s.packets === p.packets &&
      s.seed === p.seed &&
      s.title === p.title &&
      s.teaching === p.teaching &&
      s.packetIndex === p.packetIndex &&
      s.stepIndex === p.stepIndex &&
      s.tableOrder === p.tableOrder &&
      s.explore === p.explore &&
      s.exploredPacket === p.exploredPacket;
    if (same) return;
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => {
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
    const failure = applyLinkFragment(store, fragment);
    if (failure) reportLinkError(failure.error, failure.detail, 'pasted');
  });
}

function boot(): StartResult {
  const storage = browserStorage();
  const result = startScenario(getLabStore(), { hash: window.location.hash, storage });
  if (result.linkError)
    reportLinkError(result.linkError, result.linkDetail, result.source === 'autosave' ? 'autosave' : 'default');
  if (storage) startAutosave(getLabStore(), storage);
  keepAddressBarInStep();
  return result;
}

/** How the lab opened: from a link, from autosaved work, or on the default scenario (and whether a link was bad). */
export const bootResult: StartResult = boot();
