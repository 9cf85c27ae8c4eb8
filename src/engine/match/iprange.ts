// iprange: iptables-extensions(8) "iprange". [!] --src-range / [!] --dst-range from-to (inclusive; a single address
// is a range of one). At least one of them.
import type { Explanation, MatchModule } from '../ext/types.ts';
import { formatIPv4, parseIPv4 } from '../net/ipv4.ts';
import { say } from './util/explain.ts';
import { MatchProblem, arg, checkOptions, fail, joinSaved, ok, refuse } from './util/options.ts';
import { not, words } from '../translate/words.ts';

interface RangeTest {
  negated: boolean;
  min: number;
  max: number;
}

export interface IprangeData {
  src?: RangeTest;
  dst?: RangeTest;
}

function parseAddrRange(text: string): { min: number; max: number } | MatchProblem {
  const dash = text.indexOf('-');
  const min = parseIPv4(dash < 0 ? text : text.slice(0, dash));
  const max = dash < 0 ? min : parseIPv4(text.slice(dash + 1));
  if (min === undefined || max === undefined) return new MatchProblem('iprange-bad-range', { value: text });
  return { min, max };
}

export const iprangeMatch: MatchModule<IprangeData> = {
  name: 'iprange',
  // libxt_iprange.txlate: `ip saddr 4.4.4.4-7.7.7.7 ip daddr != 3.3.3.3-6.6.6.6`.
  translate(data) {
    const range = (key: string, r: RangeTest | undefined) =>
      r && `${key} ${not(r.negated)}${formatIPv4(r.min)}-${formatIPv4(r.max)}`;
    return words(range('ip saddr', data.src), range('ip daddr', data.dst));
  },
  options: { '--src-range': { args: 1, negatable: true }, '--dst-range': { args: 1, negatable: true } },
  parse(options) {
    const problem = checkOptions('iprange', options, this.options);
    if (problem) return problem;
    const data: IprangeData = {};
    for (const option of options) {
      const range = parseAddrRange(arg(option));
      if (range instanceof MatchProblem) return refuse(range, option);
      data[option.name === '--src-range' ? 'src' : 'dst'] = { negated: option.negated, ...range };
    }
    if (!data.src && !data.dst) return fail('iprange-needs-option');
    return ok(data);
  },
  save(data) {
    const one = (name: string, r: RangeTest | undefined) =>
      r && `${r.negated ? '! ' : ''}${name} ${formatIPv4(r.min)}-${formatIPv4(r.max)}`;
    return joinSaved([one('--src-range', data.src), one('--dst-range', data.dst)]);
  },
  evaluate(data, ctx) {
    const explain: Explanation[] = [];
    for (const [side, test, addr] of [
      ['src', data.src, ctx.pkt.src],
      ['dst', data.dst, ctx.pkt.dst],
    ] as const) {
      if (!test) continue;
      const inside = addr >= test.min && addr <= test.max;
      const matched = inside !== test.negated;
      explain.push(
        say(`match.iprange.${side}.${inside ? 'in' : 'out'}`, matched, {
          addr: formatIPv4(addr),
          range: `${formatIPv4(test.min)}-${formatIPv4(test.max)}`,
          negated: test.negated,
        }),
      );
      if (!matched) break;
    }
    return { matched: explain.every((e) => e.matched), explain };
  },
};
