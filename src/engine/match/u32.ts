// u32: iptables-extensions(8) "u32". [!] --u32 tests: reads 32-bit words at computed offsets of the packet and
// compares them with ranges (`0>>22&0x3C@12>>26&0x3C@0=0x80`), tests joined by &&. Kept as written and saved in
// double quotes, as iptables prints it; not simulated (the lab has no packet bytes to read).
import type { MatchModule } from '../ext/types.ts';
import { notSimulated } from './util/explain.ts';
import { arg, checkOptions, fail, ok } from './util/options.ts';

export interface U32Data {
  negated: boolean;
  tests: string;
}

/** A location (numbers joined by &, <<, >>, @), `=`, then value ranges joined by commas; tests joined by &&. */
const NUMBER = '(?:0[xX][0-9a-fA-F]+|\\d+)';
const LOCATION = `${NUMBER}(?:(?:&|<<|>>|@)${NUMBER})*`;
const RANGE = `${NUMBER}(?::${NUMBER})?`;
const TEST = `${LOCATION}=${RANGE}(?:,${RANGE})*`;
const TESTS = new RegExp(`^${TEST}(?:&&${TEST})*$`);

export const u32Match: MatchModule<U32Data> = {
  name: 'u32',
  simulated: false,
  options: { '--u32': { args: 1, negatable: true } },
  parse(options) {
    const problem = checkOptions('u32', options, this.options);
    if (problem) return problem;
    const option = options[0];
    if (!option) return fail('The u32 match needs --u32.');
    const tests = arg(option).replace(/\s+/g, '');
    if (!TESTS.test(tests)) return fail(`"${arg(option)}" is not a u32 test such as "0>>22&0x3C@12=0x80".`, option);
    return ok({ negated: option.negated, tests });
  },
  save(data) {
    return `${data.negated ? '! ' : ''}--u32 "${data.tests}"`;
  },
  evaluate() {
    return notSimulated('u32');
  },
};
