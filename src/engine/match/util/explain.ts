// Explanations are structured (catalog id + params); the sentences live in src/i18n/en/match.json.
import type catalog from '../../../i18n/en/match.json';
import type { Explanation, MatchOutcome } from '../../ext/types.ts';

export type Params = Explanation['params'];

/** The dotted paths of every sentence (string leaf) of a catalog object. */
type SentencePaths<T> = {
  [K in keyof T & string]: T[K] extends string ? K : `${K}.${SentencePaths<T[K]>}`;
}[keyof T & string];

/**
 * `match.tcp.dport.is`, `match.not-simulated`…: only ids match.json holds type-check, as for targets, so a module
 * cannot emit an explanation without a sentence (`error` holds refusals and `about` the editor's descriptions).
 */
export type MatchExplainId = `match.${SentencePaths<Omit<typeof catalog, 'error' | 'about'>>}`;

export function say(id: MatchExplainId, matched: boolean, params: Params = {}): Explanation {
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
