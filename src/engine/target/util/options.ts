// What every target's parse shares: results, and the checks libxtables makes before an extension sees its options
// (known option, no `!` on target options, each option once, its argument present).
import type { OptionSpec, ParseResult, ParsedOption } from '../../ext/types.ts';
import type { ErrorParams, ParseFailure } from '../../ext/refusal.ts';
import { targetRefusal, type TargetErrorId } from './messages.ts';

export type { ParseFailure };

export function ok<D>(data: D): ParseResult<D> {
  return { ok: true, data };
}

/** Refuses the rule with the sentence `target:error.<id>`, blaming `option` when given. */
export function fail(id: TargetErrorId, params: ErrorParams, option?: ParsedOption): ParseFailure {
  return targetRefusal(id, params, option);
}

/** The option-level checks, in the order the user wrote the options. */
export function checkOptions(
  target: string,
  options: readonly ParsedOption[],
  spec: Readonly<Record<string, OptionSpec>>,
): ParseFailure | undefined {
  for (let i = 0; i < options.length; i++) {
    const option = options[i]!;
    const optionSpec = Object.hasOwn(spec, option.name) ? spec[option.name] : undefined;
    if (!optionSpec) return fail('unknown-option', { target, option: option.name }, option);
    if (option.negated && !optionSpec.negatable) return fail('not-negatable', { option: option.name }, option);
    const wanted = optionSpec.args === 'optional' ? 0 : optionSpec.args;
    if (option.args.length < wanted) return fail('needs-value', { option: option.name }, option);
    // Given before? Compared with the earlier few options: no Set per call (every rule of a big dump has a target).
    for (let j = 0; j < i; j++)
      if (options[j]!.name === option.name) return fail('only-once', { target, option: option.name }, option);
  }
  return undefined;
}

/** The options by name (checkOptions made sure each appears at most once). */
export function byName(options: readonly ParsedOption[]): Map<string, ParsedOption> {
  return new Map(options.map((o) => [o.name, o]));
}

/** Refuses a rule that gives two options of a group that excludes each other (libxtables' `.excl`). */
export function exclusive(
  target: string,
  options: readonly ParsedOption[],
  group: readonly string[],
): ParseFailure | undefined {
  const given = options.filter((o) => group.includes(o.name));
  const [first, second] = given;
  if (first && second) return fail('exclusive', { target, option: second.name, other: first.name }, second);
  return undefined;
}

/** The first argument of an option (checkOptions made sure there is one). */
export function arg(option: ParsedOption, index = 0): string {
  return option.args[index] ?? '';
}

/** Joins saved option texts, skipping empty ones. */
export function joinSaved(parts: readonly (string | undefined | false)[]): string {
  return parts.filter((p): p is string => typeof p === 'string' && p.length > 0).join(' ');
}
