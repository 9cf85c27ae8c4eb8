// CLASSIFY (iptables-extensions(8)): puts the packet into a traffic-control class (skb->priority) for the queueing
// discipline of the interface it leaves by. The kernel allows it from OUTPUT, FORWARD and POSTROUTING in any table
// (xt_CLASSIFY.c: hooks, no table since the mangle-only restriction was dropped). libxt_CLASSIFY reads the class
// with sscanf("%x:%x") — two hexadecimal numbers, an optional 0x, anything after the second ignored, each kept to
// 16 bits by TC_H_MAKE — and saves it as %.4x:%.4x. The lab has no queueing disciplines, so nothing it shows changes.
import type { OptionSpec, TargetModule } from '../ext/types.ts';
import { say } from './util/messages.ts';
import { arg, checkOptions, fail, ok } from './util/options.ts';

export interface ClassifyData {
  major: number;
  minor: number;
}

const OPTIONS: Record<string, OptionSpec> = { '--set-class': { args: 1 } };
const CLASS = /^\s*(?:0[xX])?([0-9a-fA-F]+):\s*(?:0[xX])?([0-9a-fA-F]+)/;

function parseClass(text: string): ClassifyData | undefined {
  const found = CLASS.exec(text);
  if (!found?.[1] || !found[2]) return undefined;
  const low16 = (hex: string) => parseInt(hex.slice(-4), 16);
  return { major: low16(found[1]), minor: low16(found[2]) };
}

function formatClass(data: ClassifyData): string {
  const hex4 = (n: number) => n.toString(16).padStart(4, '0');
  return `${hex4(data.major)}:${hex4(data.minor)}`;
}

export const classifyTarget: TargetModule<ClassifyData> = {
  name: 'CLASSIFY',
  // libxt_CLASSIFY.c CLASSIFY_xlate: `meta priority set 1:10` (hexadecimal, no leading zeros); 0:0 is `none`,
  // ffff:ffff (TC_H_ROOT) `root`.
  translate({ major, minor }) {
    if (major === 0 && minor === 0) return 'meta priority set none';
    if (major === 0xffff && minor === 0xffff) return 'meta priority set root';
    return `meta priority set ${major.toString(16)}:${minor.toString(16)}`;
  },
  options: OPTIONS,
  hooks: ['FORWARD', 'OUTPUT', 'POSTROUTING'],
  parse(options) {
    const bad = checkOptions('CLASSIFY', options, OPTIONS);
    if (bad) return bad;
    const option = options[0];
    if (!option) return fail('needs-operation', { target: 'CLASSIFY', options: '--set-class' });
    const data = parseClass(arg(option));
    return data ? ok(data) : fail('classify-bad-class', { option: option.name, value: arg(option) }, option);
  },
  save(data) {
    return `--set-class ${formatClass(data)}`;
  },
  apply(data) {
    return { verdict: { kind: 'continue' }, explain: [say('classify.set', { class: formatClass(data) })] };
  },
};
