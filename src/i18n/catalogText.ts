// The one renderer of catalog sentences, for the UI and the CLI alike: an i18next `t` (the UI's instance in the
// reader's language, or `englishT()` for the CLI), so nested `$t(…)`, plurals (`key_one`/`key_other` by `count`) and
// interpolation behave the same everywhere. Pure: no React, no DOM; the English instance is built synchronously from
// the bundled English catalogs the first time the CLI asks for it.
import i18next, { type InitOptions, type TFunction } from 'i18next';
import match from './en/match.json' with { type: 'json' };
import parse from './en/parse.json' with { type: 'json' };
import target from './en/target.json' with { type: 'json' };
import trace from './en/trace.json' with { type: 'json' };
import ui from './en/ui.json' with { type: 'json' };
import { buildResources } from './resources.ts';

/** The options every instance shares (the app's in src/i18n/index.ts, the CLI's English one here). */
export const CATALOG_OPTIONS = {
  fallbackLng: 'en',
  defaultNS: 'translation',
  // Sentences are text, never HTML: React escapes what it renders, and a terminal needs no escaping.
  interpolation: { escapeValue: false },
  returnNull: false,
} as const satisfies InitOptions;

/** An engine sentence: a catalog id (`match.tcp.dport`, `trace:fate.sent`) and the values it interpolates. */
export interface CatalogMessage {
  id: string;
  params?: Readonly<Record<string, string | number | boolean>>;
}

/** An engine diagnostic as far as its sentence goes: `code` names `parse:<code>`; `message` is the engine's English. */
export interface CatalogDiagnostic {
  code?: string;
  params?: Readonly<Record<string, string | number>>;
  message: string;
}

/** The sentence of an explanation (the id itself when no catalog has it). */
export function explanationText(t: TFunction, e: CatalogMessage): string {
  return t(e.id, { ...e.params, defaultValue: e.id });
}

/**
 * A diagnostic's sentence: `parse:<code>` filled with its params (a module error nests the module's own sentence,
 * `$t({{reason}})`). Problems outside parse.json (host, packets) have no code and keep the engine's text.
 */
export function diagnosticText(t: TFunction, d: CatalogDiagnostic): string {
  if (d.code === undefined) return d.message;
  return t(`parse:${d.code}`, { ...d.params, defaultValue: d.message });
}

let english: TFunction | undefined;

/** `t` over the English catalogs the engine's sentences use (for the CLI); built once, synchronously. */
export function englishT(): TFunction {
  if (english) return english;
  const files = { parse, match, target, trace, ui };
  const resources = buildResources({
    en: Object.fromEntries(Object.entries(files).map(([name, data]) => [`./en/${name}.json`, { default: data }])),
  });
  const instance = i18next.createInstance();
  void instance.init({ ...CATALOG_OPTIONS, resources, lng: 'en', ns: Object.keys(files), initAsync: false });
  english = instance.t;
  return english;
}
