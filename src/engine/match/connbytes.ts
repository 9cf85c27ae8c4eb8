// connbytes: iptables-extensions(8) "connbytes". [!] --connbytes from[:to] with --connbytes-dir
// original|reply|both and --connbytes-mode packets|bytes|avgpkt (all three required) compares the connection's
// accounting counters. Not simulated: the lab's conntrack keeps no per-connection packet and byte counters.
import type { MatchModule } from '../ext/types.ts';
import { notSimulated } from './util/explain.ts';
import { parseUnsigned64 } from '../ext/numbers.ts';
import { MatchProblem, arg, checkOptions, fail, ok, refuse } from './util/options.ts';
import { not, words } from '../translate/words.ts';

const U64_MAX = 0xffffffffffffffffn;

export interface ConnbytesData {
  negated: boolean;
  /** Decimal strings (64-bit counters; strings keep the data plain JSON). `to` is 2^64-1 when open-ended. */
  from: string;
  to: string;
  dir: 'original' | 'reply' | 'both';
  mode: 'packets' | 'bytes' | 'avgpkt';
}

function parseRange64(text: string): { from: string; to: string } | MatchProblem {
  const colon = text.indexOf(':');
  const first = colon < 0 ? text : text.slice(0, colon);
  const last = colon < 0 ? '' : text.slice(colon + 1);
  const from = first === '' ? 0n : parseUnsigned64(first);
  const to = last === '' ? U64_MAX : parseUnsigned64(last);
  if (from === undefined || to === undefined) return new MatchProblem('connbytes-bad-range', { value: text });
  if (from > to)
    return new MatchProblem('range-order', {
      option: '--connbytes',
      value: text,
      min: from.toString(),
      max: to.toString(),
    });
  return { from: from.toString(), to: to.toString() };
}

export const connbytesMatch: MatchModule<ConnbytesData> = {
  name: 'connbytes',
  // libxt_connbytes.c connbytes_xlate (iptables 1.8.9): `ct original packets 0-1000`, `ct bytes ge 10` for an
  // open-ended range (`lt` when negated), `ct reply avgpkt 10` for one value (whose `!` it drops).
  translate(data) {
    const key = words('ct', data.dir !== 'both' && data.dir, data.mode);
    if (data.from === data.to) return `${key} ${data.from}`;
    if (BigInt(data.to) === U64_MAX) return `${key} ${data.negated ? 'lt' : 'ge'} ${data.from}`;
    return `${key} ${not(data.negated)}${data.from}-${data.to}`;
  },
  simulated: false,
  needsConntrack: true,
  options: {
    '--connbytes': { args: 1, negatable: true },
    '--connbytes-dir': { args: 1 },
    '--connbytes-mode': { args: 1 },
  },
  parse(options) {
    const problem = checkOptions('connbytes', options, this.options);
    if (problem) return problem;
    const find = (name: string) => options.find((o) => o.name === name);
    const range = find('--connbytes');
    const dir = find('--connbytes-dir');
    const mode = find('--connbytes-mode');
    if (!range || !dir || !mode) return fail('connbytes-needs-all', {}, options[0]);
    const r = parseRange64(arg(range));
    if (r instanceof MatchProblem) return refuse(r, range);
    const d = arg(dir);
    if (d !== 'original' && d !== 'reply' && d !== 'both') return fail('connbytes-bad-dir', { value: d }, dir);
    const m = arg(mode);
    if (m !== 'packets' && m !== 'bytes' && m !== 'avgpkt') return fail('connbytes-bad-mode', { value: m }, mode);
    return ok({ negated: range.negated, ...r, dir: d, mode: m });
  },
  save(data) {
    // libxt_connbytes prints `to` only when it is neither 0 nor the maximum.
    const toValue = BigInt(data.to);
    const to = toValue !== 0n && toValue < U64_MAX ? `:${data.to}` : '';
    const bang = data.negated && data.from !== data.to ? '! ' : '';
    return `${bang}--connbytes ${data.from}${to} --connbytes-mode ${data.mode} --connbytes-dir ${data.dir}`;
  },
  evaluate() {
    return notSimulated('connbytes');
  },
};
