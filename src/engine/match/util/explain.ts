// Explanations are structured (catalog id + params); the sentences live in src/i18n/en/match.json.
import type { Explanation, MatchOutcome } from '../../ext/types.ts';

export type Params = Explanation['params'];

export function say(id: string, matched: boolean, params: Params = {}): Explanation {
  return { id, matched, params };
}

/** An outcome: it matched when every explanation did. */
export function outcome(explain: Explanation[]): MatchOutcome {
  return { matched: explain.every((e) => e.matched), explain };
}

/** A match the lab cannot evaluate: treated as matching, and said so (MatchModule.simulated is false). */
export function notSimulated(module: string): MatchOutcome {
  return { matched: true, explain: [say('match.not-simulated', true, { match: module })] };
}
