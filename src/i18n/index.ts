// One i18next instance for the whole UI. Every language folder (src/i18n/<lng>/) is loaded: each JSON file is its
// own namespace (ui.json → 'ui') and is also merged, under its file name, into the default namespace, so an engine
// Explanation id such as 'match.tcp.dport' resolves with a plain t(id, params) against match.json's { "tcp": { "dport": … } }.
// A key missing from a language falls back to English.
//
// English and every language's ui.json (small: the language picker is named from it in every language) are in the
// app bundle; the other catalogs of a language are fetched when it is first used. The page's first render waits
// for its starting language (top-level await), so a Chinese or Japanese visit never flashes English.
import i18next, { type Resource } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { CATALOG_OPTIONS } from './catalogText.ts';
import { FALLBACK_LANGUAGE, LANGUAGE_KEY, htmlLang, startLanguage } from './language.ts';
import { buildResources, catalogsByLanguage, type CatalogFiles, type CatalogModule } from './resources.ts';

const bundled = catalogsByLanguage(import.meta.glob<CatalogModule>(['./en/*.json', './*/ui.json'], { eager: true }));
const fetched = catalogsByLanguage(import.meta.glob<CatalogModule>(['./*/*.json', '!./en/*.json', '!./*/ui.json']));

/** The languages the lab can speak, English first: one per catalog folder. */
export const languages: readonly string[] = [
  FALLBACK_LANGUAGE,
  ...[...new Set([...Object.keys(bundled), ...Object.keys(fetched)])].filter((lng) => lng !== FALLBACK_LANGUAGE).sort(),
];

/**
 * Every catalog file of `lng`: the bundled ones, and the others once fetched. A file that cannot be fetched (offline,
 * a stale deploy) is left out and its sentences read in English: a failed fetch must never stop the page from
 * starting. `complete` says whether every file came.
 */
async function catalogFiles(lng: string): Promise<{ files: CatalogFiles; complete: boolean }> {
  const loaders = Object.entries(fetched[lng] ?? {});
  const loaded = await Promise.all(
    loaders.map(async ([path, load]) => {
      try {
        return [[path, await load()] as const];
      } catch {
        return [];
      }
    }),
  );
  const found = loaded.flat();
  return { files: { ...bundled[lng], ...Object.fromEntries(found) }, complete: found.length === loaders.length };
}

/** localStorage, or null where the browser forbids it (private modes, sandboxed frames). */
function storage(): Storage | null {
  try {
    return typeof window === 'undefined' ? null : window.localStorage;
  } catch {
    return null;
  }
}

function pickedLanguage(): string | null {
  try {
    return storage()?.getItem(LANGUAGE_KEY) ?? null;
  } catch {
    return null;
  }
}

const preferred: readonly string[] =
  typeof navigator === 'undefined' ? [] : navigator.languages.length > 0 ? navigator.languages : [navigator.language];
const start = startLanguage(pickedLanguage(), preferred, languages);

const starting = await catalogFiles(start);
export const resources: Resource = buildResources({ ...bundled, [start]: starting.files });
/** Languages whose every catalog is loaded (one that came in part is fetched again when picked). */
const complete = new Set(starting.complete ? [FALLBACK_LANGUAGE, start] : [FALLBACK_LANGUAGE]);

i18next.on('languageChanged', (lng) => {
  if (typeof document !== 'undefined') document.documentElement.lang = htmlLang(lng);
});

await i18next.use(initReactI18next).init({
  ...CATALOG_OPTIONS,
  resources,
  lng: start,
  fallbackLng: FALLBACK_LANGUAGE,
  ns: Object.keys(resources[FALLBACK_LANGUAGE] ?? {}),
});

/** The header's language picker: switch, and remember the choice for the next visit (this browser only). */
export async function setLanguage(lng: string): Promise<void> {
  if (!languages.includes(lng)) return;
  try {
    storage()?.setItem(LANGUAGE_KEY, lng);
  } catch {
    // Storage full or refused: the switch still applies to this visit.
  }
  if (!complete.has(lng)) {
    const { files, complete: whole } = await catalogFiles(lng);
    const bundles = buildResources({ [lng]: files })[lng] ?? {};
    for (const [ns, bundle] of Object.entries(bundles)) i18next.addResourceBundle(lng, ns, bundle, true, true);
    if (whole) complete.add(lng);
  }
  await i18next.changeLanguage(lng);
}

export default i18next;
