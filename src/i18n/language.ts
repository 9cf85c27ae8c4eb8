// Which language the lab speaks: the one the user picked (kept in localStorage), else the first of the browser's
// preferred languages that has a catalog, else English. Pure functions, so the choice is unit-tested in Node.
// The language is a viewer preference: it is never part of a share link or the autosaved scenario.

export const FALLBACK_LANGUAGE = 'en';

/** localStorage key of the language the user picked in the header. */
export const LANGUAGE_KEY = 'netfilter-lab:language';

/** A catalog folder name ('en', 'zh', 'ja') for a BCP 47 tag such as 'zh-CN' or 'ja-JP', if one fits. */
export function catalogFor(tag: string, available: readonly string[]): string | undefined {
  const lower = tag.toLowerCase();
  if (available.includes(lower)) return lower;
  const base = lower.split('-')[0] ?? lower;
  return available.includes(base) ? base : undefined;
}

/**
 * The language to start in. `picked` is what localStorage holds (null when the user never picked, or a
 * language whose catalog is gone); `preferred` is navigator.languages, most preferred first.
 */
export function startLanguage(
  picked: string | null,
  preferred: readonly string[],
  available: readonly string[],
): string {
  if (picked !== null && available.includes(picked)) return picked;
  for (const tag of preferred) {
    const lng = catalogFor(tag, available);
    if (lng !== undefined) return lng;
  }
  return FALLBACK_LANGUAGE;
}

/**
 * The `lang` attribute for a catalog language. The zh catalog is Simplified Chinese: saying so lets the
 * browser pick Simplified glyphs and fonts instead of guessing between Simplified and Traditional.
 */
export function htmlLang(lng: string): string {
  return lng === 'zh' ? 'zh-Hans' : lng;
}

/**
 * A language's name in itself ('English', '中文', '日本語'), as the language picker lists it: a reader finds their
 * own language whatever the page is in. From the platform's locale data, so it needs no catalog entry.
 */
export function languageName(lng: string): string {
  try {
    return new Intl.DisplayNames([lng], { type: 'language' }).of(lng) ?? lng;
  } catch {
    return lng;
  }
}
