// MARK (iptables-extensions(8)): sets the packet's netfilter mark (skb->mark). Every form is stored as the kernel's
// revision-2 pair (mark, mask) and applied as `mark = (mark & ~mask) ^ value` (xt_mark.c, mark_tg); iptables-save
// prints every form as `--set-xmark value/mask` (libxt_MARK.t).
import type { OptionSpec, ParsedOption, TargetModule } from '../ext/types.ts';
import { hex, parseMarkMask, parseUnsigned } from '../ext/numbers.ts';
import { say } from './util/messages.ts';
import { arg, checkOptions, fail, ok, type ParseFailure } from './util/options.ts';

export interface XmarkData {
  value: number;
  mask: number;
}

const OPERATIONS = ['--set-xmark', '--set-mark', '--and-mark', '--or-mark', '--xor-mark'] as const;
const OPTIONS: Record<string, OptionSpec> = Object.fromEntries(OPERATIONS.map((name) => [name, { args: 1 }]));

/**
 * The (value, mask) pair of one mark operation, as libxt_MARK and libxt_CONNMARK compute it:
 * --set-xmark v/m keeps m; --set-mark v/m zeroes the bits of m then sets v, i.e. mask v|m;
 * --and-mark v is 0/~v; --or-mark v is v/v; --xor-mark v is v/0. A missing mask is 0xffffffff.
 */
export function markOperation(target: string, option: ParsedOption): XmarkData | ParseFailure {
  const text = arg(option);
  if (option.name === '--set-xmark' || option.name === '--set-mark') {
    const vm = parseMarkMask(text);
    if (!vm) return fail('bad-mark-mask', { option: option.name, value: text }, option);
    const mask = vm.mask ?? 0xffffffff;
    return option.name === '--set-xmark'
      ? { value: vm.value, mask }
      : { value: vm.value, mask: (vm.value | mask) >>> 0 };
  }
  const value = parseUnsigned(text);
  if (value === undefined) return fail('bad-mark', { option: option.name, value: text }, option);
  if (option.name === '--and-mark') return { value: 0, mask: ~value >>> 0 };
  if (option.name === '--or-mark') return { value, mask: value };
  if (option.name === '--xor-mark') return { value, mask: 0 };
  return fail('unknown-option', { target, option: option.name }, option);
}

/** The kernel's update: clear the bits of mask, then flip the bits of value. */
export function xmark(current: number, data: XmarkData): number {
  return ((current & ~data.mask) ^ data.value) >>> 0;
}

export const markTarget: TargetModule<XmarkData> = {
  name: 'MARK',
  // libxt_MARK.txlate: `meta mark set 0x40`, `… set mark and 0xffffffcd xor 0x40`, `… set mark or 0x40`.
  translate(data) {
    const { value, mask } = data;
    const notMask = hex(~mask >>> 0);
    if (mask === 0xffffffff) return `meta mark set ${hex(value)}`;
    if (value === 0) return `meta mark set mark and ${notMask}`;
    if (value === mask) return `meta mark set mark or ${hex(value)}`;
    if (mask === 0) return `meta mark set mark xor ${hex(value)}`;
    return `meta mark set mark and ${notMask} xor ${hex(value)}`;
  },
  options: OPTIONS,
  parse(options) {
    const bad = checkOptions('MARK', options, OPTIONS);
    if (bad) return bad;
    const [first, second] = options;
    if (!first) return fail('needs-operation', { target: 'MARK', options: OPERATIONS.join(', ') });
    if (second) return fail('exclusive', { target: 'MARK', option: second.name, other: first.name }, second);
    const data = markOperation('MARK', first);
    return 'value' in data ? ok(data) : data;
  },
  save(data) {
    return `--set-xmark ${hex(data.value)}/${hex(data.mask)}`;
  },
  list(data) {
    // libxt_MARK mark_tg_print: the operation the value/mask pair stands for.
    if (data.value === 0) return ` MARK and ${hex(~data.mask >>> 0)}`;
    if (data.value === data.mask) return ` MARK or ${hex(data.value)}`;
    if (data.mask === 0) return ` MARK xor ${hex(data.value)}`;
    if (data.mask >>> 0 === 0xffffffff) return ` MARK set ${hex(data.value)}`;
    return ` MARK xset ${hex(data.value)}/${hex(data.mask)}`;
  },
  apply(data, ctx) {
    const before = ctx.pkt.mark;
    ctx.pkt.mark = xmark(before, data);
    return {
      verdict: { kind: 'continue' },
      explain: [
        say('mark.set', {
          before: hex(before),
          after: hex(ctx.pkt.mark),
          value: hex(data.value),
          mask: hex(data.mask),
        }),
      ],
    };
  },
};
