// limit: iptables-extensions(8) "limit". --limit rate[/second|/minute|/hour|/day] (default 3/hour) and
// --limit-burst n (default 5): a token bucket that starts full with `burst` tokens and gains one token every
// 1/rate; a packet matches when it can take a token. The kernel keeps the period in 1/10000 s units
// (XT_LIMIT_SCALE), and iptables-save prints it back in the largest unit that keeps it whole-ish.
import type { MatchModule } from '../ext/types.ts';
import { say } from './util/explain.ts';
import { parseUnsigned } from '../ext/numbers.ts';
import { MatchProblem, arg, checkOptions, fail, ok, refuse } from './util/options.ts';
import { words } from '../translate/words.ts';

/** XT_LIMIT_SCALE: the kernel counts in ten-thousandths of a second. */
export const LIMIT_SCALE = 10000;
const DEFAULT_BURST = 5;
const UNITS = [
  ['second', 1],
  ['minute', 60],
  ['hour', 3600],
  ['day', 86400],
] as const;
/** print_rate's table, largest first. */
const PRINT_UNITS = [
  ['day', LIMIT_SCALE * 86400],
  ['hour', LIMIT_SCALE * 3600],
  ['min', LIMIT_SCALE * 60],
  ['sec', LIMIT_SCALE],
] as const;

export interface LimitData {
  /** The period between tokens, in 1/10000 s (xt_rateinfo.avg). */
  avg: number;
  burst: number;
}

/** `3/hour`, `10/s`, `5` → period in 1/10000 s; what is wrong with it otherwise (parse_rate). */
export function parseRate(text: string): number | MatchProblem {
  const slash = text.indexOf('/');
  let mult = 1;
  if (slash >= 0) {
    const unit = text.slice(slash + 1).toLowerCase();
    const found = unit === '' ? undefined : UNITS.find(([name]) => name.startsWith(unit));
    if (!found) return new MatchProblem('limit-bad-unit', { value: text });
    mult = found[1];
  }
  // atoi: the leading digits.
  const count = parseInt(text, 10);
  if (!(count > 0)) return new MatchProblem('limit-bad-count', { value: text });
  const avg = Math.floor((LIMIT_SCALE * mult) / count);
  if (avg === 0) return new MatchProblem('rate-too-fast', { value: text });
  return avg;
}

/** The period as iptables-save prints it (print_rate): `N/unit`. */
export function formatRate(avg: number): string {
  let i = 1;
  for (; i < PRINT_UNITS.length; i++) {
    const mult = PRINT_UNITS[i]![1];
    if (avg > mult || Math.floor(mult / avg) < mult % avg) break;
  }
  const [name, mult] = PRINT_UNITS[i - 1]!;
  return `${Math.floor(mult / avg)}/${name}`;
}

export const limitMatch: MatchModule<LimitData> = {
  name: 'limit',
  // libxt_limit.txlate: `limit rate 3/minute burst 3 packets`; a burst of 0 is left out.
  translate(data) {
    const [count, unit] = formatRate(data.avg).split('/');
    const long: Record<string, string> = { day: 'day', hour: 'hour', min: 'minute', sec: 'second' };
    return words(`limit rate ${count}/${long[unit ?? ''] ?? unit}`, data.burst > 0 && `burst ${data.burst} packets`);
  },
  options: { '--limit': { args: 1 }, '--limit-burst': { args: 1 } },
  parse(options) {
    const problem = checkOptions('limit', options, this.options);
    if (problem) return problem;
    const data: LimitData = { avg: Math.floor((LIMIT_SCALE * 3600) / 3), burst: DEFAULT_BURST };
    for (const option of options) {
      if (option.name === '--limit') {
        const avg = parseRate(arg(option));
        if (avg instanceof MatchProblem) return refuse(avg, option);
        data.avg = avg;
      } else {
        const burst = parseUnsigned(arg(option), 0, 10000);
        if (burst === undefined) return fail('limit-bad-burst', { value: arg(option) }, option);
        data.burst = burst;
      }
    }
    return ok(data);
  },
  save(data) {
    return `--limit ${formatRate(data.avg)}${data.burst !== DEFAULT_BURST ? ` --limit-burst ${data.burst}` : ''}`;
  },
  evaluate(data, ctx) {
    // Credits in 1/10000 s: a token costs `avg`, the bucket holds `avg * burst`, time adds credit one for one.
    const now = Math.round(ctx.now * LIMIT_SCALE);
    const cap = data.avg * data.burst;
    const bucket = ctx.ruleState(() => ({ credit: cap, prev: now }));
    bucket.credit = Math.min(cap, bucket.credit + Math.max(0, now - bucket.prev));
    bucket.prev = now;
    const params = { rate: formatRate(data.avg), burst: data.burst };
    if (bucket.credit >= data.avg) {
      bucket.credit -= data.avg;
      return {
        matched: true,
        explain: [say('match.limit.within', true, { ...params, left: Math.floor(bucket.credit / data.avg) })],
      };
    }
    return { matched: false, explain: [say('match.limit.exceeded', false, params)] };
  },
};
