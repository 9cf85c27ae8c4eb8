// TOS (iptables-extensions(8)): rewrites the IPv4 TOS byte as tos = (tos & ~mask) ^ value (xt_DSCP.c tos_tg).
// The kernel registers it for the mangle table only. iptables-save prints every form as --set-tos value/mask
// (libxt_TOS.t): a number without mask has mask 0xff, a symbolic name mask 0x3f, --and-tos v is 0/~v,
// --or-tos v is v/v, --xor-tos v is v/0.
import type { OptionSpec, TargetModule } from '../ext/types.ts';
import { say } from './util/messages.ts';
import { hex2, parseUnsigned } from '../ext/numbers.ts';
import { parseTosMask } from '../net/tos.ts';
import { arg, checkOptions, fail, ok } from './util/options.ts';

export interface TosData {
  value: number;
  mask: number;
}

const OPERATIONS = ['--set-tos', '--and-tos', '--or-tos', '--xor-tos'];

const OPTIONS: Record<string, OptionSpec> = Object.fromEntries(OPERATIONS.map((name) => [name, { args: 1 }]));

/**
 * libxt_TOS.c tos_xlate_v1 as iptables 1.8.9 writes it: MARK's forms on the top six bits (the value and the inverted
 * mask shifted right by 2), and on `ip6 dscp` even in an IPv4 table — `--set-tos 0x10/0x0f` becomes `ip6 dscp set ip6
 * dscp and 0x3c xor 0x04`. A mask covering the low six bits sets the value outright.
 */
function tosWords({ value, mask }: TosData): string {
  const v = hex2(value >> 2);
  const keep = hex2((~mask & 0xff) >> 2);
  if ((mask & 0x3f) === 0x3f) return `ip6 dscp set ${v}`;
  if (value === 0) return `ip6 dscp set ip6 dscp and ${keep}`;
  if (value === mask) return `ip6 dscp set ip6 dscp or ${v}`;
  if (mask === 0) return `ip6 dscp set ip6 dscp xor ${v}`;
  return `ip6 dscp set ip6 dscp and ${keep} xor ${v}`;
}

export const tosTarget: TargetModule<TosData> = {
  name: 'TOS',
  translate(data, ctx) {
    ctx.lost.push('tos-family');
    return tosWords(data);
  },
  options: OPTIONS,
  tables: ['mangle'],
  parse(options) {
    const bad = checkOptions('TOS', options, OPTIONS);
    if (bad) return bad;
    const [option, second] = options;
    if (!option) return fail('needs-operation', { target: 'TOS', options: OPERATIONS.join(', ') });
    if (second) return fail('exclusive', { target: 'TOS', option: second.name, other: option.name }, second);
    const text = arg(option);
    if (option.name === '--set-tos') {
      const data = parseTosMask(text);
      return data ? ok(data) : fail('tos-bad-value', { option: option.name, value: text }, option);
    }
    const value = parseUnsigned(text, 0, 0xff);
    if (value === undefined) return fail('bad-number', { option: option.name, value: text, min: 0, max: 255 }, option);
    if (option.name === '--and-tos') return ok({ value: 0, mask: ~value & 0xff });
    if (option.name === '--or-tos') return ok({ value, mask: value });
    return ok({ value, mask: 0 });
  },
  save(data) {
    return `--set-tos ${hex2(data.value)}/${hex2(data.mask)}`;
  },
  apply(data, ctx) {
    const before = ctx.pkt.tos;
    ctx.pkt.tos = ((before & ~data.mask) ^ data.value) & 0xff;
    return {
      verdict: { kind: 'continue' },
      explain: [
        say('tos.set', {
          before: hex2(before),
          after: hex2(ctx.pkt.tos),
          value: hex2(data.value),
          mask: hex2(data.mask),
        }),
      ],
    };
  },
};
