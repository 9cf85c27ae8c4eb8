// One i18next instance for the whole UI. Every language folder (src/i18n/<lng>/) is loaded: each JSON file is its
// own namespace (ui.json → 'ui') and is also merged, under its file name, into the default namespace, so an engine
// Explanation id such as 'match.tcp.dport' resolves with a plain t(id, params) against match.json's { "tcp": { "dport": … } }.
// A key missing from a language falls back to English.
import i18next, { type Resource } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { FALLBACK_LANGUAGE, LANGUAGE_KEY, htmlLang, startLanguage } from './language.ts';
import { buildResources, catalogsByLanguage } from './resources.ts';

const files = import.meta.glob<{ default: Record<string, unknown> }>('./*/*.json', { eager: true });

export const resources: Resource = buildResources(catalogsByLanguage(files));

/** The languages the lab can speak, English first: one per catalog folder. */
export const languages: readonly string[] = [
  FALLBACK_LANGUAGE,
  ...Object.keys(resources)
    .filter((lng) => lng !== FALLBACK_LANGUAGE)
    .sort(),
];

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

i18next.on('languageChanged', (lng) => {
  if (typeof document !== 'undefined') document.documentElement.lang = htmlLang(lng);
});

void i18next.use(initReactI18next).init({
  resources,
  lng: startLanguage(pickedLanguage(), preferred, languages),
  fallbackLng: FALLBACK_LANGUAGE,
  defaultNS: 'translation',
  ns: Object.keys(resources[FALLBACK_LANGUAGE] ?? {}),
  interpolation: { escapeValue: false },
  returnNull: false,
});

/** The header's language picker: switch, and remember the choice for the next visit (this browser only). */
export function setLanguage(lng: string): void {
  if (!languages.includes(lng)) return;
  try {
    storage()?.setItem(LANGUAGE_KEY, lng);
  } catch {
    // Storage full or refused: the switch still applies to this visit.
  }
  void i18next.changeLanguage(lng);
}

export default i18next;
