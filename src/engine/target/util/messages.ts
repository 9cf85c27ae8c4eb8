// Every sentence a target module produces lives in src/i18n/en/target.json: `error.*` for refused options (the
// engine fills them in, so the CLI and the UI show the same sentence) and one section per target for the
// explanations of what the target did (rendered by the UI with i18next from the Explanation's id and params).
import catalog from '../../../i18n/en/target.json' with { type: 'json' };
import type { Explanation, ParsedOption } from '../../ext/types.ts';
import { fillTemplate, refusal, type ErrorParams, type ParseFailure } from '../../ext/refusal.ts';

type Catalog = typeof catalog;
export type TargetErrorId = keyof Catalog['error'];
/** `error` holds refusals and `about` the editor's one-line descriptions: neither is an explanation. */
type Section = Exclude<keyof Catalog, 'error' | 'about'>;
/** `mark.xmark`, `reject.icmp`…: only ids the catalog holds type-check. */
export type ExplainId = { [S in Section]: `${S}.${keyof Catalog[S] & string}` }[Section];
export type Params = Explanation['params'];

export function formatError(id: TargetErrorId, params: ErrorParams = {}): string {
  return fillTemplate(catalog.error[id], params);
}

/** The failure for `target:error.<id>`, blaming `option` (its line and column) when given. */
export function targetRefusal(id: TargetErrorId, params: ErrorParams, option?: ParsedOption): ParseFailure {
  return refusal(`target:error.${id}`, catalog.error[id], params, option);
}

/** What a target did to the packet, as a catalog id under `target.` (the rule matched: `matched` is true). */
export function say(id: ExplainId, params: Params = {}): Explanation {
  return { id: `target.${id}`, params, matched: true };
}
