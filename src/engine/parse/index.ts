// The rules language with the lab's own match and target modules: what the rest of the app calls.
import { findMatch } from '../match/index.ts';
import type { Rule, Ruleset } from '../model/types.ts';
import {
  saveRule as saveRuleWith,
  saveRuleSpec as saveRuleSpecWith,
  saveRuleset as saveRulesetWith,
} from '../save/format.ts';
import { findTarget } from '../target/index.ts';
import {
  analyzeRuleset,
  checkRulesetPieces as checkPieces,
  checkRulesetText,
  type CheckedRuleset,
  type ParsedRuleset,
} from './analyze.ts';
import type { ExtensionLookup } from './rule.ts';

export const defaultLookup: ExtensionLookup = { findMatch, findTarget };

export interface ParseOptions {
  /**
   * Names of the ipsets that exist: `-m set --match-set NAME` and `-j SET` must name one of them, as iptables
   * requires. Undefined: sets are not checked (the caller knows no ipsets, e.g. a pasted dump).
   */
  ipsets?: Iterable<string>;
}

function lookupFor(opts: ParseOptions): ExtensionLookup {
  return opts.ipsets ? { findMatch, findTarget, ipsets: new Set(opts.ipsets) } : defaultLookup;
}

/** Reads an iptables-save dump, a script of iptables commands or `iptables -S` output. Never throws. */
export function parseRuleset(text: string, opts: ParseOptions = {}): ParsedRuleset {
  return analyzeRuleset(text, lookupFor(opts));
}

/** parseRuleset's diagnostics and summary without keeping the rules: faster and lighter on big dumps. */
export function checkRuleset(text: string, opts: ParseOptions = {}): CheckedRuleset {
  return checkRulesetText(text, lookupFor(opts));
}

/** checkRuleset on a text given in pieces (see checkRulesetPieces): the whole text is never held. */
export function checkRulesetPieces(source: Iterable<string>, opts: ParseOptions = {}): CheckedRuleset {
  return checkPieces(source, lookupFor(opts));
}

/** The canonical iptables-save text of a ruleset; `counters` adds `[packets:bytes]` as `iptables-save -c`. */
export function saveRuleset(ruleset: Ruleset, opts: { counters?: boolean } = {}): string {
  return saveRulesetWith(ruleset, { lookup: defaultLookup, counters: opts.counters === true });
}

/** One rule as its `-A CHAIN …` line. */
export function saveRule(rule: Rule): string {
  return saveRuleWith(rule, { lookup: defaultLookup });
}

/** The rule as a student reads it in a chain panel: its specification without `-A CHAIN` (or "(every packet)"). */
export function formatRuleForDisplay(rule: Rule): string {
  const spec = saveRuleSpecWith(rule, defaultLookup);
  return spec === '' ? '(every packet)' : spec;
}

export type { CheckedRuleset, ParsedRuleset, RulesetSummary } from './analyze.ts';
export { MAX_INPUT_BYTES } from './analyze.ts';
