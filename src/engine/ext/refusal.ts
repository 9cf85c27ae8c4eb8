// A module refusing its options: the catalog id and params the UI renders, plus the English sentence the engine
// fills in for the CLI (the same template, so both read the same). Shared by the match and target modules.
import type { ModuleError, ParseResult, ParsedOption } from './types.ts';

export type ParseFailure = Extract<ParseResult<never>, { ok: false }>;
export type ErrorParams = ModuleError['params'];

const PLACEHOLDER = /\{\{(\w+)\}\}/g;

/** `template` with each {{name}} replaced by its param (left as written when the param is missing). */
export function fillTemplate(template: string, params: ErrorParams): string {
  return template.replace(PLACEHOLDER, (whole, key: string) =>
    Object.hasOwn(params, key) ? String(params[key]) : whole,
  );
}

/** The failure for catalog entry `id` (`match:error.…`, `target:error.…`), whose English sentence is `template`. */
export function refusal(id: string, template: string, params: ErrorParams, option?: ParsedOption): ParseFailure {
  const failure: ParseFailure = { ok: false, message: fillTemplate(template, params), error: { id, params } };
  if (option) failure.option = option;
  return failure;
}
