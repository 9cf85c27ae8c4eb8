// mark: iptables-extensions(8) "mark". [!] --mark value[/mask] matches when (nfmark & mask) == value.
import type { MatchModule } from '../ext/types.ts';
import { say } from './util/explain.ts';
import { formatMarkMask, markMatches, parseMarkMask, type MarkMask } from './util/marks.ts';
import { hex } from './util/numbers.ts';
import { arg, checkOptions, fail, ok } from './util/options.ts';

export interface MarkData extends MarkMask {
  negated: boolean;
}

export const markMatch: MatchModule<MarkData> = {
  name: 'mark',
  options: { '--mark': { args: 1, negatable: true } },
  parse(options) {
    const problem = checkOptions('mark', options, this.options);
    if (problem) return problem;
    const option = options[0];
    if (!option) return fail('The mark match needs --mark.');
    const mm = parseMarkMask(arg(option));
    if (typeof mm === 'string') return fail(mm, option);
    return ok({ negated: option.negated, ...mm });
  },
  save(data) {
    return `${data.negated ? '! ' : ''}--mark ${formatMarkMask(data)}`;
  },
  evaluate(data, ctx) {
    const equal = markMatches(ctx.pkt.mark, data);
    const matched = equal !== data.negated;
    return {
      matched,
      explain: [
        say(equal ? 'match.mark.equal' : 'match.mark.differ', matched, {
          mark: hex(ctx.pkt.mark),
          masked: hex((ctx.pkt.mark & data.mask) >>> 0),
          want: formatMarkMask(data),
          negated: data.negated,
        }),
      ],
    };
  },
};
