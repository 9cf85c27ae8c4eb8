import type { Fate } from '../../engine/index.ts';

/** Symbols that carry the fate without colour. */
export const FATE_ICON: Record<Fate, string> = {
  delivered: '✓',
  sent: '➜',
  dropped: '✗',
  rejected: '⊘',
  queued: '⧗',
};
