// TTL (iptables-extensions(8)): sets, decrements or increments the IPv4 TTL (xt_HL.c ttl_tg: increments stop at
// 255, decrements at 0). The kernel registers it for the mangle table only. --ttl-dec and --ttl-inc need a
// value above 0 (libipt_TTL.t).
import type { OptionSpec, TargetModule } from '../ext/types.ts';
import { say } from './util/messages.ts';
import { parseUnsigned } from '../ext/numbers.ts';
import { arg, checkOptions, fail, ok } from './util/options.ts';

export interface TtlData {
  op: 'set' | 'dec' | 'inc';
  value: number;
}

const OPERATIONS = ['--ttl-set', '--ttl-dec', '--ttl-inc'];
const OPTIONS: Record<string, OptionSpec> = Object.fromEntries(OPERATIONS.map((name) => [name, { args: 1 }]));

export const ttlTarget: TargetModule<TtlData> = {
  name: 'TTL',
  options: OPTIONS,
  tables: ['mangle'],
  parse(options) {
    const bad = checkOptions('TTL', options, OPTIONS);
    if (bad) return bad;
    const [option, second] = options;
    if (!option) return fail('needs-operation', { target: 'TTL', options: OPERATIONS.join(', ') });
    if (second) return fail('exclusive', { target: 'TTL', option: second.name, other: option.name }, second);
    const op = option.name === '--ttl-set' ? 'set' : option.name === '--ttl-dec' ? 'dec' : 'inc';
    const min = op === 'set' ? 0 : 1;
    const value = parseUnsigned(arg(option), min, 255);
    if (value === undefined)
      return fail('bad-number', { option: option.name, value: arg(option), min, max: 255 }, option);
    return ok({ op, value });
  },
  save(data) {
    return `--ttl-${data.op} ${data.value}`;
  },
  apply(data, ctx) {
    const before = ctx.pkt.ttl;
    const after =
      data.op === 'set'
        ? data.value
        : data.op === 'inc'
          ? Math.min(255, before + data.value)
          : Math.max(0, before - data.value);
    ctx.pkt.ttl = after;
    return { verdict: { kind: 'continue' }, explain: [say('ttl.set', { before, after })] };
  },
};
