// Diagnostics of the rules language. Sentences live in the message catalog (src/i18n/en/parse.json);
// the engine fills them in so a CLI user reads the same sentence the UI shows.
import catalog from '../../i18n/en/parse.json' with { type: 'json' };
import matchCatalog from '../../i18n/en/match.json' with { type: 'json' };
import targetCatalog from '../../i18n/en/target.json' with { type: 'json' };
import type { ParseFailure } from '../ext/refusal.ts';
import type { Diagnostic, SourcePos } from '../model/types.ts';

type CatalogKey = keyof typeof catalog;
/** A sentence of parse.json by its key, a plural pair (`chain-referenced_one`, `_other`) by its base key. */
export type ParseMessageId = CatalogKey extends infer K
  ? K extends `${infer Base}_${'one' | 'other'}`
    ? Base
    : K
  : never;
export type MessageParams = Record<string, string | number>;

/** The English catalogs a sentence may nest with `$t(namespace:key)`, by i18next namespace (file name). */
const NAMESPACES: Readonly<Record<string, unknown>> = { parse: catalog, match: matchCatalog, target: targetCatalog };

/** The English sentence of `namespace:dotted.key` (namespace `parse` when none is given). */
function lookup(id: string): string | undefined {
  const colon = id.indexOf(':');
  let node =
    colon < 0
      ? NAMESPACES.parse
      : Object.hasOwn(NAMESPACES, id.slice(0, colon))
        ? NAMESPACES[id.slice(0, colon)]
        : undefined;
  for (const key of id.slice(colon + 1).split('.')) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return typeof node === 'string' ? node : undefined;
}

const ENGLISH_PLURAL = new Intl.PluralRules('en');

/** The sentence of `id`, or of its English plural form by params.count (`_one`, `_other`), as i18next picks it. */
function sentenceOf(id: string, params: MessageParams): string | undefined {
  const count = params.count;
  return lookup(id) ?? (typeof count === 'number' ? lookup(`${id}_${ENGLISH_PLURAL.select(count)}`) : undefined);
}

// The engine's English text of a diagnostic (Diagnostic.message, what `nflab check` prints). The engine may not use
// i18next (lint: it stays framework-free), so this is a small subset of it — params, nested $t, English plurals —
// and src/i18n/catalogText.test.ts checks it gives i18next's sentence for every key of parse.json.
// {{name}} is a param; $t(key) nests another sentence with the same params, as i18next does, and its key may itself
// hold a {{param}} ($t({{reason}})). One pass over the template: a value is never read as a template.
const TOKEN = /\$t\(([^()]*)\)|\{\{(\w+)\}\}/g;
const PLACEHOLDER = /\{\{(\w+)\}\}/g;

function fill(template: string, params: MessageParams, depth: number): string {
  return template.replace(TOKEN, (whole, nested: string | undefined, name: string | undefined) => {
    if (name !== undefined) return Object.hasOwn(params, name) ? String(params[name]) : whole;
    const key = nested!.replace(PLACEHOLDER, (w, n: string) => (Object.hasOwn(params, n) ? String(params[n]) : w));
    const sentence = depth < 2 ? sentenceOf(key, params) : undefined;
    return sentence === undefined ? `$t(${key})` : fill(sentence, params, depth + 1);
  });
}

export function formatMessage(id: ParseMessageId, params: MessageParams = {}): string {
  return fill(sentenceOf(id, params) ?? id, params, 0);
}

export function diag(
  severity: Diagnostic['severity'],
  id: ParseMessageId,
  at: SourcePos & { endCol?: number },
  params: MessageParams = {},
): Diagnostic {
  const d: Diagnostic = { line: at.line, col: at.col, severity, message: formatMessage(id, params), code: id };
  if (at.endCol !== undefined) d.endCol = at.endCol;
  if (Object.keys(params).length > 0) d.params = params;
  return d;
}

/**
 * A match or target module's refusal (`-m connbytes --connbytes-dir sideways`) at `at`: code 'module-error', whose
 * sentence `{{module}}: $t({{reason}})` nests the module's own sentence (params.reason, e.g.
 * 'match:error.connbytes-bad-dir') filled with the module's params.
 */
export function moduleDiag(module: string, failure: ParseFailure, at: SourcePos): Diagnostic {
  return diag('error', 'module-error', at, { ...failure.error.params, module, reason: failure.error.id });
}
