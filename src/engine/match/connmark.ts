// connmark: iptables-extensions(8) "connmark". [!] --mark value[/mask] matches when (ctmark & mask) == value; a
// packet without a conntrack entry (conntrack off, UNTRACKED or INVALID) never matches.
import type { MatchModule } from '../ext/types.ts';
import { say } from './util/explain.ts';
import { formatMarkMask, markMatches, parseMarkMask, type MarkMask } from './util/marks.ts';
import { hex } from './util/numbers.ts';
import { arg, checkOptions, fail, ok } from './util/options.ts';

export interface ConnmarkData extends MarkMask {
  negated: boolean;
}

export const connmarkMatch: MatchModule<ConnmarkData> = {
  name: 'connmark',
  needsConntrack: true,
  options: { '--mark': { args: 1, negatable: true } },
  parse(options) {
    const problem = checkOptions('connmark', options, this.options);
    if (problem) return problem;
    const option = options[0];
    if (!option) return fail('The connmark match needs --mark.');
    const mm = parseMarkMask(arg(option));
    if (typeof mm === 'string') return fail(mm, option);
    return ok({ negated: option.negated, ...mm });
  },
  save(data) {
    return `${data.negated ? '! ' : ''}--mark ${formatMarkMask(data)}`;
  },
  evaluate(data, ctx) {
    if (!ctx.ct || ctx.ct.state === 'UNTRACKED' || ctx.ct.state === 'INVALID')
      return { matched: false, explain: [say('match.connmark.no-conntrack', false)] };
    const equal = markMatches(ctx.ct.mark, data);
    const matched = equal !== data.negated;
    return {
      matched,
      explain: [
        say(equal ? 'match.connmark.equal' : 'match.connmark.differ', matched, {
          mark: hex(ctx.ct.mark),
          masked: hex((ctx.ct.mark & data.mask) >>> 0),
          want: formatMarkMask(data),
          negated: data.negated,
        }),
      ],
    };
  },
};
