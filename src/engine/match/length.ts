// length: iptables-extensions(8) "length". [!] --length n or n:m matches the IP packet's total length (inclusive).
// iptables-save always prints the range, even 0:65535.
import type { MatchModule } from '../ext/types.ts';
import { say } from './util/explain.ts';
import { MatchProblem, arg, checkOptions, fail, ok, refuse } from './util/options.ts';
import { formatRange, inRange, parseNumberRange, type PortRange } from './util/ports.ts';
import { not, portRange } from '../translate/words.ts';

export interface LengthData {
  negated: boolean;
  range: PortRange;
}

export const lengthMatch: MatchModule<LengthData> = {
  name: 'length',
  // libxt_length.c length_xlate: `meta length 1-100`, `meta length != 10` (a range of one value as that value).
  translate(data) {
    return `meta length ${not(data.negated)}${portRange(data.range)}`;
  },
  options: { '--length': { args: 1, negatable: true } },
  parse(options) {
    const problem = checkOptions('length', options, this.options);
    if (problem) return problem;
    const option = options[0];
    if (!option) return fail('needs-option', { module: 'length', option: '--length' });
    const range = parseNumberRange(arg(option), 65535, option.name);
    if (range instanceof MatchProblem) return refuse(range, option);
    return ok({ negated: option.negated, range });
  },
  save(data) {
    return `${data.negated ? '! ' : ''}--length ${formatRange(data.range)}`;
  },
  evaluate(data, ctx) {
    const inside = inRange(ctx.pkt.length, data.range);
    const matched = inside !== data.negated;
    return {
      matched,
      explain: [
        say(inside ? 'match.length.in' : 'match.length.out', matched, {
          length: ctx.pkt.length,
          range: formatRange(data.range),
          negated: data.negated,
        }),
      ],
    };
  },
};
