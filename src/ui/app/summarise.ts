// Long values inside a sentence (a loop through 5,000 chains is a 39,000-character path) are cut to their two
// ends, so a message stays a few lines tall and never pushes the graph off the screen.
import type { TFunction } from 'i18next';

/** Past this many characters a value is summarised. */
export const LONG_VALUE = 240;
const ARROW = ' → ';

/** `A → B → C → … 4,995 more … → Y → A` for a path; the start and end of any other long text. */
export function summariseValue(t: TFunction, value: string): string {
  if (value.length <= LONG_VALUE) return value;
  const parts = value.split(ARROW);
  if (parts.length > 6) {
    const more = t('ui:summary.more', { count: parts.length - 5 });
    return [...parts.slice(0, 3), more, ...parts.slice(-2)].join(ARROW);
  }
  const more = t('ui:summary.moreChars', { count: value.length - LONG_VALUE });
  return `${value.slice(0, LONG_VALUE / 2)} ${more} ${value.slice(-LONG_VALUE / 2)}`;
}

/** The same params with every long string summarised (numbers and short strings untouched). */
export function summariseParams<T extends object>(t: TFunction, params: T | undefined): T | undefined {
  if (!params) return params;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) out[k] = typeof v === 'string' ? summariseValue(t, v) : v;
  return out as T;
}
