// dscp: iptables-extensions(8) "dscp". [!] --dscp value (0–63) or [!] --dscp-class name (BE, CS0–CS7, AF11–AF43,
// EF) matches the 6-bit DSCP field (the TOS byte shifted right by two). Saved as `--dscp 0x%02x`.
import type { MatchModule } from '../ext/types.ts';
import { MAX_DSCP, dscpOfClass } from '../net/dscp.ts';
import { say } from './util/explain.ts';
import { hex2, parseUnsigned } from '../ext/numbers.ts';
import { arg, checkOptions, fail, ok } from './util/options.ts';
import { not } from '../translate/words.ts';

export interface DscpData {
  negated: boolean;
  dscp: number;
}

export const dscpMatch: MatchModule<DscpData> = {
  name: 'dscp',
  // libxt_dscp.c dscp_xlate: `ip dscp != 0x2e` (a class is written as its value).
  translate(data) {
    return `ip dscp ${not(data.negated)}${hex2(data.dscp)}`;
  },
  options: { '--dscp': { args: 1, negatable: true }, '--dscp-class': { args: 1, negatable: true } },
  parse(options) {
    const problem = checkOptions('dscp', options, this.options, { '--dscp-class': '--dscp' });
    if (problem) return problem;
    const option = options[0];
    if (!option) return fail('dscp-needs-option');
    const text = arg(option);
    if (option.name === '--dscp-class') {
      const dscp = dscpOfClass(text);
      if (dscp === undefined) return fail('dscp-bad-class', { value: text }, option);
      return ok({ negated: option.negated, dscp });
    }
    const dscp = parseUnsigned(text, 0, MAX_DSCP);
    if (dscp === undefined) return fail('dscp-bad-value', { value: text }, option);
    return ok({ negated: option.negated, dscp });
  },
  save(data) {
    return `${data.negated ? '! ' : ''}--dscp ${hex2(data.dscp)}`;
  },
  evaluate(data, ctx) {
    const dscp = ctx.pkt.tos >> 2;
    const equal = dscp === data.dscp;
    const matched = equal !== data.negated;
    return {
      matched,
      explain: [
        say(equal ? 'match.dscp.equal' : 'match.dscp.differ', matched, {
          dscp: hex2(dscp),
          want: hex2(data.dscp),
          negated: data.negated,
        }),
      ],
    };
  },
};
