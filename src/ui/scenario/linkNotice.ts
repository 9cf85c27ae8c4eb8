// The latest link that could not be opened, whether it was in the address bar at start-up or pasted into an open
// tab later: one small external store the share notice reads (useSyncExternalStore), so a bad link is always said
// in a sentence and never changes the scenario.
import { useSyncExternalStore } from 'react';
import type { ShareError } from '../../share/codec.ts';
import { MAX_FRAGMENT_CHARS, MAX_INFLATED_BYTES } from '../../share/codec.ts';

/** What the lab kept instead of the link: the autosaved work, the default scenario, or (pasted) the open work. */
export type LinkKept = 'autosave' | 'default' | 'pasted';

export interface LinkNotice {
  error: ShareError;
  detail?: string;
  kept: LinkKept;
  /** Changes on every report, so the same error reported twice is shown again. */
  serial: number;
}

let current: LinkNotice | null = null;
let serial = 0;
const listeners = new Set<() => void>();

export function reportLinkError(error: ShareError, detail: string | undefined, kept: LinkKept): void {
  current = detail === undefined ? { error, kept, serial: ++serial } : { error, detail, kept, serial: ++serial };
  for (const l of listeners) l();
}

export function clearLinkNotice(): void {
  current = null;
  for (const l of listeners) l();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useLinkNotice(): LinkNotice | null {
  return useSyncExternalStore(
    subscribe,
    () => current,
    () => current,
  );
}

/** The placeholders of the sentence for an error (see share.linkError in the catalogs). */
export function linkErrorParams(notice: LinkNotice): Record<string, string | number> {
  return {
    max: notice.error === 'bomb' ? MAX_INFLATED_BYTES / (1024 * 1024) : MAX_FRAGMENT_CHARS,
    version: notice.detail ?? '',
    field: notice.detail ?? '',
  };
}
