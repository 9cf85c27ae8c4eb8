// tcpmss: iptables-extensions(8) "tcpmss". [!] --mss value[:value] matches the MSS option of SYN segments. Only
// with `-p tcp`. A segment without the option matches only `! --mss` (xt_tcpmss.c, tcpmss_mt).
import type { MatchModule } from '../ext/types.ts';
import { say } from './util/explain.ts';
import { MatchProblem, arg, checkOptions, fail, ok, refuse } from './util/options.ts';
import { formatRange, parseNumberRange, type PortRange } from './util/ports.ts';
import { not, portRange } from '../translate/words.ts';

export interface TcpmssData {
  negated: boolean;
  range: PortRange;
}

export const tcpmssMatch: MatchModule<TcpmssData> = {
  name: 'tcpmss',
  // libxt_tcpmss.c tcpmss_xlate: `tcp option maxseg size != 42-50`.
  translate(data) {
    return `tcp option maxseg size ${not(data.negated)}${portRange(data.range)}`;
  },
  options: { '--mss': { args: 1, negatable: true } },
  parse(options, ctx) {
    if (ctx.proto !== 6) return fail('tcpmss-needs-tcp', {}, options[0]);
    const problem = checkOptions('tcpmss', options, this.options);
    if (problem) return problem;
    const option = options[0];
    if (!option) return fail('needs-option', { module: 'tcpmss', option: '--mss' });
    const range = parseNumberRange(arg(option), 65535, option.name);
    if (range instanceof MatchProblem) return refuse(range, option);
    return ok({ negated: option.negated, range });
  },
  save(data) {
    return `${data.negated ? '! ' : ''}--mss ${formatRange(data.range)}`;
  },
  evaluate(data, ctx) {
    // xt_tcpmss.c, tcpmss_mt: the MSS option as the packet carries it at this point (after any TCPMSS before);
    // a segment without the option yields the `!` flag (matches only when negated).
    const mss = ctx.pkt.tcpOptions?.mss;
    if (mss !== undefined) {
      const inside = mss >= data.range.min && mss <= data.range.max;
      const params = { mss, range: formatRange(data.range), negated: data.negated };
      return {
        matched: inside !== data.negated,
        explain: [say(`match.tcpmss.${inside ? 'in' : 'out'}`, inside !== data.negated, params)],
      };
    }
    return {
      matched: data.negated,
      explain: [say('match.tcpmss.none', data.negated, { range: formatRange(data.range), negated: data.negated })],
    };
  },
};
