// Every sentence a match module refuses its options with lives in src/i18n/en/match.json under `error` (the
// explanations of what a match saw live beside it, one section per match). Modules name the entry and its params;
// the UI renders it in the reader's language, and the engine fills in the English one for the CLI.
import catalog from '../../../i18n/en/match.json' with { type: 'json' };
import type { ParsedOption } from '../../ext/types.ts';
import { refusal, type ErrorParams, type ParseFailure } from '../../ext/refusal.ts';

export type MatchErrorId = keyof (typeof catalog)['error'];
export type { ErrorParams, ParseFailure };

/**
 * A refusal found by a helper (a port range, a state list, a TCP flag…) that does not know which option it reads:
 * the module passes it on with `refuse(problem, option)`.
 */
export class MatchProblem {
  constructor(
    readonly reason: MatchErrorId,
    readonly params: ErrorParams = {},
  ) {}
}

/** The failure for `match:error.<reason>`, blaming `option` (its line and column) when given. */
export function matchRefusal(reason: MatchErrorId, params: ErrorParams, option?: ParsedOption): ParseFailure {
  return refusal(`match:error.${reason}`, catalog.error[reason], params, option);
}
