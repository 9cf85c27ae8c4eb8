// Test support: every Explanation a module emits must have a sentence in src/i18n/en/match.json, and that sentence
// may only use params the explanation carries. Used by the match tests; not by the engine.
import catalog from '../../../i18n/en/match.json' with { type: 'json' };
import { catalogCheck } from '../../ext/catalogCheck.ts';

const check = catalogCheck(catalog, 'match');

/** Problems with the explanations' catalog entries; empty when all are fine. */
export const catalogProblems = check.problems;

/** The sentence of an explanation with its params filled in (for readable assertions). */
export const render = check.render;
