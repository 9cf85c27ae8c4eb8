// What the autosave has to tell the user outside the editor: the saved work was damaged (kept aside), or another
// tab saved its own work over this one's (this tab stopped saving until the user chooses). A small external
// store, like linkNotice.ts, read by AutosaveBanner.
import { useSyncExternalStore } from 'react';

export type AutosaveNoticeKind = 'damaged' | 'conflict';

export interface AutosaveNoticeActions {
  /** conflict: open the other tab's work here (undoable) and save again. */
  takeTheirs?(): void;
  /** conflict: keep this tab's work and save it over the other's. */
  keepMine?(): void;
  /** damaged: download the damaged entry as it was saved. */
  download?(): void;
}

export interface AutosaveNotice {
  kind: AutosaveNoticeKind;
  actions: AutosaveNoticeActions;
}

let current: AutosaveNotice | null = null;
const listeners = new Set<() => void>();

export function reportAutosave(notice: AutosaveNotice | null): void {
  current = notice;
  for (const l of listeners) l();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useAutosaveNotice(): AutosaveNotice | null {
  return useSyncExternalStore(
    subscribe,
    () => current,
    () => current,
  );
}
