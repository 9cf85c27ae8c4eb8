// `value[/mask]` as the mark and connmark matches take it (XTTYPE_MARKMASK32): two unsigned 32-bit numbers in C
// notation, the mask defaulting to 0xffffffff; printed as `0x…` with `/0x…` only when the mask is not all ones.
import type { EvalContext, MatchModule, OptionSpec } from '../../ext/types.ts';
import { say } from './explain.ts';
import { hex, parseMarkMask as readMarkMask } from '../../ext/numbers.ts';
import { MatchProblem, arg, checkOptions, fail, ok, refuse } from './options.ts';
import { not } from '../../translate/words.ts';

export interface MarkMask {
  value: number;
  mask: number;
}

/** The value and mask (0xffffffff when left out), or the problem with a text that is no mark. */
export function parseMarkMask(text: string): MarkMask | MatchProblem {
  const read = readMarkMask(text);
  if (read === undefined) return new MatchProblem('bad-mark', { value: text });
  return { value: read.value, mask: read.mask ?? 0xffffffff };
}

export function formatMarkMask(mm: MarkMask): string {
  return mm.mask === 0xffffffff ? hex(mm.value) : `${hex(mm.value)}/${hex(mm.mask)}`;
}

/** The kernel's test: (mark & mask) == value. */
export function markMatches(mark: number, mm: MarkMask): boolean {
  return (mark & mm.mask) >>> 0 === mm.value >>> 0;
}

/** What the mark and connmark matches keep: one `[!] --mark value[/mask]`. */
export interface MarkTestData extends MarkMask {
  negated: boolean;
}

/**
 * The mark and connmark matches are one test on two different marks (xt_mark.c mark_mt and connmark_mt:
 * `((mark & mask) == value) ^ invert`), with the same option, parsing and save text; only the mark they read
 * differs. `markOf` gives that mark, or null when there is none to read (connmark without a conntrack entry, which
 * never matches, even negated).
 */
export function markTestModule(
  name: 'mark' | 'connmark',
  markOf: (ctx: EvalContext) => number | null,
  extra: Pick<MatchModule<MarkTestData>, 'needsConntrack'> = {},
): MatchModule<MarkTestData> {
  const options: Record<string, OptionSpec> = { '--mark': { args: 1, negatable: true } };
  return {
    name,
    ...extra,
    // libxt_mark.txlate / libxt_connmark.txlate: `mark != 0x1`, `mark and 0xa != 0xa`, `ct mark 0x1`.
    translate(data) {
      const key = name === 'mark' ? 'mark' : 'ct mark';
      if (data.mask === 0xffffffff) return `${key} ${not(data.negated)}${hex(data.value)}`;
      return `${key} and ${hex(data.mask)} ${data.negated ? '!=' : '=='} ${hex(data.value)}`;
    },
    options,
    parse(parsed) {
      const problem = checkOptions(name, parsed, options);
      if (problem) return problem;
      const option = parsed[0];
      if (!option) return fail('needs-option', { module: name, option: '--mark' });
      const mm = parseMarkMask(arg(option));
      if (mm instanceof MatchProblem) return refuse(mm, option);
      return ok({ negated: option.negated, ...mm });
    },
    save(data) {
      return `${data.negated ? '! ' : ''}--mark ${formatMarkMask(data)}`;
    },
    list(data) {
      // libxt_mark: " mark match", " !", then xtables_print_mark_mask (" 0x1" or " 0x1/0xff"); libxt_connmark:
      // " connmark match ", "!", then the same mask print (so two spaces before an un-negated mark).
      const mark = data.mask === 0xffffffff ? ` ${hex(data.value)}` : ` ${hex(data.value)}/${hex(data.mask)}`;
      if (name === 'mark') return ` mark match${data.negated ? ' !' : ''}${mark}`;
      return ` connmark match ${data.negated ? '!' : ''}${mark}`;
    },
    evaluate(data, ctx) {
      const mark = markOf(ctx);
      // Only connmark reads a conntrack entry: the packet mark is always there.
      if (mark === null) return { matched: false, explain: [say('match.connmark.no-conntrack', false)] };
      const equal = markMatches(mark, data);
      const matched = equal !== data.negated;
      return {
        matched,
        explain: [
          say(equal ? `match.${name}.equal` : `match.${name}.differ`, matched, {
            mark: hex(mark),
            masked: hex((mark & data.mask) >>> 0),
            want: formatMarkMask(data),
            negated: data.negated,
          }),
        ],
      };
    },
  };
}
