// dscp: iptables-extensions(8) "dscp". [!] --dscp value (0–63) or [!] --dscp-class name (BE, CS0–CS7, AF11–AF43,
// EF) matches the 6-bit DSCP field (the TOS byte shifted right by two). Saved as `--dscp 0x%02x`.
import type { MatchModule } from '../ext/types.ts';
import { say } from './util/explain.ts';
import { hex2, parseUnsigned } from './util/numbers.ts';
import { arg, checkOptions, fail, ok } from './util/options.ts';

/** RFC 2474/2597/3246 class selectors, assured and expedited forwarding (iptables' dscp_helper table). */
export const DSCP_CLASSES: Readonly<Record<string, number>> = {
  CS0: 0x00,
  CS1: 0x08,
  CS2: 0x10,
  CS3: 0x18,
  CS4: 0x20,
  CS5: 0x28,
  CS6: 0x30,
  CS7: 0x38,
  BE: 0x00,
  AF11: 0x0a,
  AF12: 0x0c,
  AF13: 0x0e,
  AF21: 0x12,
  AF22: 0x14,
  AF23: 0x16,
  AF31: 0x1a,
  AF32: 0x1c,
  AF33: 0x1e,
  AF41: 0x22,
  AF42: 0x24,
  AF43: 0x26,
  EF: 0x2e,
};

export interface DscpData {
  negated: boolean;
  dscp: number;
}

export const dscpMatch: MatchModule<DscpData> = {
  name: 'dscp',
  options: { '--dscp': { args: 1, negatable: true }, '--dscp-class': { args: 1, negatable: true } },
  parse(options) {
    const problem = checkOptions('dscp', options, this.options, { '--dscp-class': '--dscp' });
    if (problem) return problem;
    const option = options[0];
    if (!option) return fail('The dscp match needs --dscp or --dscp-class.');
    const text = arg(option);
    if (option.name === '--dscp-class') {
      const upper = text.toUpperCase();
      if (!Object.hasOwn(DSCP_CLASSES, upper)) return fail(`Unknown DSCP class "${text}".`, option);
      return ok({ negated: option.negated, dscp: DSCP_CLASSES[upper] ?? 0 });
    }
    const dscp = parseUnsigned(text, 0, 0x3f);
    if (dscp === undefined) return fail(`"${text}" is not a DSCP value (0 to 63, or 0x00 to 0x3f).`, option);
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
