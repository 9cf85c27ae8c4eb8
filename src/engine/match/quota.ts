// quota: iptables-extensions(8) "quota". [!] --quota bytes matches until the rule has let that many bytes through:
// each matching packet's length is taken from the quota (kernel quota_mt), then it stops matching.
import type { MatchModule } from '../ext/types.ts';
import { say } from './util/explain.ts';
import { parseUnsigned64 } from '../ext/numbers.ts';
import { arg, checkOptions, fail, ok } from './util/options.ts';

export interface QuotaData {
  negated: boolean;
  /** Decimal (up to 2^64-1), a string so the data stays plain JSON. */
  bytes: string;
}

export const quotaMatch: MatchModule<QuotaData> = {
  name: 'quota',
  // libxt_quota.c quota_xlate: `quota 1000 bytes`, `quota over 1000 bytes` when negated.
  translate: (data) => `quota ${data.negated ? 'over ' : ''}${data.bytes} bytes`,
  options: { '--quota': { args: 1, negatable: true } },
  parse(options) {
    const problem = checkOptions('quota', options, this.options);
    if (problem) return problem;
    const option = options[0];
    if (!option) return fail('needs-option', { module: 'quota', option: '--quota' });
    const bytes = parseUnsigned64(arg(option));
    if (bytes === undefined) return fail('quota-bad-bytes', { value: arg(option) }, option);
    return ok({ negated: option.negated, bytes: bytes.toString() });
  },
  save(data) {
    return `${data.negated ? '! ' : ''}--quota ${data.bytes}`;
  },
  evaluate(data, ctx) {
    const state = ctx.ruleState(() => ({ left: BigInt(data.bytes) }));
    const length = BigInt(ctx.pkt.length);
    const within = state.left >= length;
    state.left = within ? state.left - length : 0n;
    const matched = within !== data.negated;
    return {
      matched,
      explain: [
        say(within ? 'match.quota.within' : 'match.quota.spent', matched, {
          length: ctx.pkt.length,
          left: state.left.toString(),
        }),
      ],
    };
  },
};
