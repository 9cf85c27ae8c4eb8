// statistic: iptables-extensions(8) "statistic". --mode random --probability p matches with probability p;
// --mode nth --every n --packet p matches one packet in n, starting with the counter at p. `!` inverts either.
// The kernel keeps the probability as a 31-bit fixed-point number (lround(p * 2^31), a draw of 31 random bits must
// fall below it), so iptables-save prints that value back with 11 decimals: 1/3 is saved as 0.33333333349.
import type { MatchModule } from '../ext/types.ts';
import { say } from './util/explain.ts';
import { ratioOfFixedProbability } from '../ext/ratio.ts';
import { parseUnsigned } from '../ext/numbers.ts';
import { arg, checkOptions, fail, ok } from './util/options.ts';
import { not } from '../translate/words.ts';

const ONE = 0x80000000;

export type StatisticData =
  | { mode: 'random'; negated: boolean; /** lround(p * 2^31) */ probability: number }
  | { mode: 'nth'; negated: boolean; every: number; packet: number };

const DECIMAL = /^[+]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Exact decimal rendering of n / 2^31 with 11 decimals, rounded half to even as C's printf("%.11f") does. */
export function formatProbability(fixed: number): string {
  const scaled = BigInt(fixed) * 10n ** 11n; // value * 10^11 * 2^31
  const denominator = BigInt(ONE);
  let quotient = scaled / denominator;
  const remainder = scaled % denominator;
  const twice = remainder * 2n;
  if (twice > denominator || (twice === denominator && quotient % 2n === 1n)) quotient += 1n;
  const digits = quotient.toString().padStart(12, '0');
  return `${digits.slice(0, -11)}.${digits.slice(-11)}`;
}

export const statisticMatch: MatchModule<StatisticData> = {
  name: 'statistic',
  // libxt_statistic.c statistic_xlate (iptables 1.8.9): `numgen inc mod 10 != 5`; random mode compares the kernel's
  // test itself, `meta random & 2147483647 < 214748365` for 0.1 (`>=` when negated). Later iptables refuse random.
  translate(data) {
    if (data.mode === 'random') return `meta random & 2147483647 ${data.negated ? '>=' : '<'} ${data.probability}`;
    return `numgen inc mod ${data.every} ${not(data.negated)}${data.packet}`;
  },
  options: {
    '--mode': { args: 1 },
    '--probability': { args: 1, negatable: true },
    '--every': { args: 1, negatable: true },
    '--packet': { args: 1 },
  },
  parse(options) {
    const problem = checkOptions('statistic', options, this.options);
    if (problem) return problem;
    const find = (name: string) => options.find((o) => o.name === name);
    const mode = find('--mode');
    const probability = find('--probability');
    const every = find('--every');
    const packet = find('--packet');
    if (!mode) return fail('statistic-needs-mode', {}, options[0]);
    if (probability && (every || packet)) return fail('statistic-mixed-modes', {}, every ?? packet);
    if (arg(mode) === 'random') {
      if (!probability) return fail('statistic-random-needs-probability', {}, mode);
      const text = arg(probability);
      const p = DECIMAL.test(text) ? Number(text) : NaN;
      if (!(p >= 0 && p <= 1)) return fail('statistic-bad-probability', { value: text }, probability);
      return ok({ mode: 'random', negated: probability.negated, probability: Math.round(p * ONE) });
    }
    if (arg(mode) === 'nth') {
      if (!every || !packet) return fail('statistic-nth-needs-every', {}, mode);
      const n = parseUnsigned(arg(every), 1);
      if (n === undefined) return fail('statistic-bad-every', { value: arg(every) }, every);
      const p = parseUnsigned(arg(packet));
      if (p === undefined) return fail('bad-counter', { value: arg(packet) }, packet);
      if (p > n - 1) return fail('statistic-packet-too-big', {}, packet);
      return ok({ mode: 'nth', negated: every.negated, every: n, packet: p });
    }
    return fail('statistic-bad-mode', { value: arg(mode) }, mode);
  },
  save(data) {
    const bang = data.negated ? '! ' : '';
    if (data.mode === 'random') return `--mode random ${bang}--probability ${formatProbability(data.probability)}`;
    return `--mode nth ${bang}--every ${data.every} --packet ${data.packet}`;
  },
  list(data) {
    // libxt_statistic print: the packet number is printed only when it is not 0.
    const bang = data.negated ? ' !' : '';
    if (data.mode === 'random')
      return ` statistic mode random${bang} probability ${formatProbability(data.probability)}`;
    return ` statistic mode nth${bang} every ${data.every}${data.packet ? ` packet ${data.packet}` : ''}`;
  },
  evaluate(data, ctx) {
    if (data.mode === 'random') {
      const p = data.probability / ONE;
      const drawn = ctx.choose(p, ratioOfFixedProbability(data.probability));
      const matched = drawn !== data.negated;
      const id = drawn ? 'match.statistic.random.hit' : 'match.statistic.random.miss';
      return {
        matched,
        explain: [say(id, matched, { probability: formatProbability(data.probability), negated: data.negated })],
      };
    }
    // Kernel: the counter starts at (n-1) - p; each packet advances it, wrapping to 0 after n-1; 0 matches.
    const last = data.every - 1;
    const state = ctx.ruleState(() => ({ count: last - data.packet }));
    state.count = state.count === last ? 0 : state.count + 1;
    const hit = state.count === 0;
    const matched = hit !== data.negated;
    const id = hit ? 'match.statistic.nth.hit' : 'match.statistic.nth.miss';
    return { matched, explain: [say(id, matched, { every: data.every, counter: state.count, negated: data.negated })] };
  },
};
