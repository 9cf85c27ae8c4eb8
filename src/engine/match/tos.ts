// tos: iptables-extensions(8) "tos". [!] --tos value[/mask] matches (TOS byte & mask) == value; a symbolic name
// (Minimize-Delay 0x10, Maximize-Throughput 0x08, Maximize-Reliability 0x04, Minimize-Cost 0x02,
// Normal-Service 0x00) means that value with mask 0x3f; a number alone has mask 0xff. Saved as 0x%02x/0x%02x.
import type { MatchModule } from '../ext/types.ts';
import { say } from './util/explain.ts';
import { hex2 } from '../ext/numbers.ts';
import { parseTosMask } from '../net/tos.ts';
import { MatchProblem, arg, checkOptions, fail, ok, refuse } from './util/options.ts';

export interface TosData {
  negated: boolean;
  value: number;
  mask: number;
}

/** `Name`, `value` or `value/mask` (each 0–255) → value and mask; what is wrong with it otherwise. */
export function parseTos(text: string): { value: number; mask: number } | MatchProblem {
  return parseTosMask(text) ?? new MatchProblem('tos-bad-value', { value: text });
}

export const tosMatch: MatchModule<TosData> = {
  name: 'tos',
  options: { '--tos': { args: 1, negatable: true } },
  parse(options) {
    const problem = checkOptions('tos', options, this.options);
    if (problem) return problem;
    const option = options[0];
    if (!option) return fail('needs-option', { module: 'tos', option: '--tos' });
    const tos = parseTos(arg(option));
    if (tos instanceof MatchProblem) return refuse(tos, option);
    return ok({ negated: option.negated, ...tos });
  },
  save(data) {
    return `${data.negated ? '! ' : ''}--tos ${hex2(data.value)}/${hex2(data.mask)}`;
  },
  evaluate(data, ctx) {
    const masked = ctx.pkt.tos & data.mask;
    const equal = masked === data.value;
    const matched = equal !== data.negated;
    return {
      matched,
      explain: [
        say(equal ? 'match.tos.equal' : 'match.tos.differ', matched, {
          tos: hex2(ctx.pkt.tos),
          masked: hex2(masked),
          want: `${hex2(data.value)}/${hex2(data.mask)}`,
          negated: data.negated,
        }),
      ],
    };
  },
};
