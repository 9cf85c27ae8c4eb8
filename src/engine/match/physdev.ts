// physdev: iptables-extensions(8) "physdev". Bridge ports of bridged packets: [!] --physdev-in/--physdev-out name
// (`+` wildcard), [!] --physdev-is-in, --physdev-is-out, --physdev-is-bridged. The lab does not simulate bridges,
// so no packet is bridged: as the kernel does for a packet without bridge information, the match holds only when
// every given option is negated.
import type { MatchModule } from '../ext/types.ts';
import { say } from './util/explain.ts';
import { arg, checkOptions, fail, joinSaved, ok } from './util/options.ts';

type Flag = 'isIn' | 'isOut' | 'isBridged';

export interface PhysdevData {
  in?: { negated: boolean; name: string };
  out?: { negated: boolean; name: string };
  isIn?: { negated: boolean };
  isOut?: { negated: boolean };
  isBridged?: { negated: boolean };
}

const FLAGS: Readonly<Record<string, Flag>> = {
  '--physdev-is-in': 'isIn',
  '--physdev-is-out': 'isOut',
  '--physdev-is-bridged': 'isBridged',
};
/** IFNAMSIZ is 16 including the NUL. */
const MAX_IFNAME = 15;

export const physdevMatch: MatchModule<PhysdevData> = {
  name: 'physdev',
  options: {
    '--physdev-in': { args: 1, negatable: true },
    '--physdev-out': { args: 1, negatable: true },
    '--physdev-is-in': { args: 0, negatable: true },
    '--physdev-is-out': { args: 0, negatable: true },
    '--physdev-is-bridged': { args: 0, negatable: true },
  },
  hooks(data) {
    // Kernel: --physdev-out / --physdev-is-out need --physdev-is-bridged to be used where OUTPUT reaches.
    const outish = data.out !== undefined || data.isOut !== undefined;
    if (outish && (!data.isBridged || data.isBridged.negated)) return ['PREROUTING', 'INPUT', 'FORWARD', 'POSTROUTING'];
    return undefined;
  },
  parse(options, ctx) {
    const problem = checkOptions('physdev', options, this.options);
    if (problem) return problem;
    if (options.length === 0) return fail('physdev-needs-option');
    const data: PhysdevData = {};
    for (const option of options) {
      const flag = FLAGS[option.name];
      if (flag) {
        data[flag] = { negated: option.negated };
        continue;
      }
      const name = arg(option);
      // The kernel's dev_valid_name refuses '/' and white space; quotes could not survive iptables-save.
      if (name.length === 0 || name.length > MAX_IFNAME || /[\s/"'\\]/.test(name))
        return fail('bad-iface', { value: name, max: MAX_IFNAME }, option);
      data[option.name === '--physdev-in' ? 'in' : 'out'] = { negated: option.negated, name };
    }
    if (ctx.chain === 'OUTPUT' && this.hooks?.(data)?.includes('OUTPUT') === false)
      return fail(
        'physdev-out-needs-bridged',
        {},
        options.find((o) => o.name === '--physdev-out' || o.name === '--physdev-is-out'),
      );
    return ok(data);
  },
  save(data) {
    const neg = (n: { negated: boolean } | undefined) => (n?.negated ? '! ' : '');
    return joinSaved([
      data.isIn && `${neg(data.isIn)}--physdev-is-in`,
      data.in && `${neg(data.in)}--physdev-in ${data.in.name}`,
      data.isOut && `${neg(data.isOut)}--physdev-is-out`,
      data.out && `${neg(data.out)}--physdev-out ${data.out.name}`,
      data.isBridged && `${neg(data.isBridged)}--physdev-is-bridged`,
    ]);
  },
  evaluate(data) {
    const tests = [data.in, data.out, data.isIn, data.isOut, data.isBridged].filter((t) => t !== undefined);
    const matched = tests.every((t) => t.negated);
    return { matched, explain: [say(matched ? 'match.physdev.negated' : 'match.physdev.not-bridged', matched)] };
  },
};
