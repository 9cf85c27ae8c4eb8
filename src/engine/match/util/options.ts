// What every match's parse shares: results, and the checks libxtables makes before an extension sees its options
// (known option, `!` only where the option allows it, an option given once, its argument present).
import type { OptionSpec, ParseResult, ParsedOption } from '../../ext/types.ts';
import { matchRefusal, type ErrorParams, type MatchErrorId, type MatchProblem, type ParseFailure } from './messages.ts';

export type { ParseFailure };
export { MatchProblem } from './messages.ts';

const NO_ALIASES: Readonly<Record<string, string>> = Object.freeze({});
const NOT_REPEATABLE: readonly string[] = Object.freeze([]);

export function ok<D>(data: D): ParseResult<D> {
  return { ok: true, data };
}

/** Refuses the rule with the sentence `match:error.<reason>`, blaming `option` when given. */
export function fail(reason: MatchErrorId, params: ErrorParams = {}, option?: ParsedOption): ParseFailure {
  return matchRefusal(reason, params, option);
}

/** Refuses the rule with what a helper found wrong in `option`'s argument. */
export function refuse(problem: MatchProblem, option?: ParsedOption): ParseFailure {
  return matchRefusal(problem.reason, problem.params, option);
}

/**
 * The option-level checks, in the order the user wrote the options. `aliases` maps an alternative spelling to the
 * option it stands for (`--source-port` → `--sport`), so the two count as the same option when repeated.
 * `repeatable` lists options iptables lets a rule give more than once.
 */
export function checkOptions(
  module: string,
  options: readonly ParsedOption[],
  spec: Readonly<Record<string, OptionSpec>>,
  aliases: Readonly<Record<string, string>> = NO_ALIASES,
  repeatable: readonly string[] = NOT_REPEATABLE,
): ParseFailure | undefined {
  for (let i = 0; i < options.length; i++) {
    const option = options[i]!;
    const optionSpec = Object.hasOwn(spec, option.name) ? spec[option.name] : undefined;
    if (!optionSpec) return fail('unknown-option', { module, option: option.name }, option);
    if (option.negated && !optionSpec.negatable) return fail('not-negatable', { option: option.name }, option);
    const wanted = optionSpec.args === 'optional' ? 0 : optionSpec.args;
    if (option.args.length < wanted)
      return fail(wanted === 1 ? 'needs-value' : 'needs-two-values', { option: option.name }, option);
    const canonical = canonicalName(option.name, aliases);
    // Given before? A rule has a handful of options: comparing with the earlier ones costs less than a Set per
    // call (this runs for every match of every rule of a 170,000-rule dump).
    if (!repeatable.includes(canonical)) {
      for (let j = 0; j < i; j++)
        if (canonicalName(options[j]!.name, aliases) === canonical)
          return fail('only-once', { module, option: option.name }, option);
    }
  }
  return undefined;
}

export function canonicalName(name: string, aliases: Readonly<Record<string, string>>): string {
  return Object.hasOwn(aliases, name) ? (aliases[name] ?? name) : name;
}

/** The first argument of an option (checkOptions made sure there is one). */
export function arg(option: ParsedOption, index = 0): string {
  return option.args[index] ?? '';
}

/** `! ` before a saved option when it is negated. */
export function bang(negated: boolean): string {
  return negated ? '! ' : '';
}

/** Joins saved option texts, skipping empty ones. */
export function joinSaved(parts: readonly (string | undefined | false)[]): string {
  return parts.filter((p): p is string => typeof p === 'string' && p.length > 0).join(' ');
}
