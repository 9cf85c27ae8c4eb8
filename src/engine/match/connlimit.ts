// connlimit: iptables-extensions(8) "connlimit". --connlimit-upto n / --connlimit-above n (`!` swaps them) counts
// the connections from the same source (--connlimit-saddr, default) or to the same destination
// (--connlimit-daddr) address group (--connlimit-mask, default 32). Not simulated: the lab does not count open
// connections per address.
import type { MatchModule } from '../ext/types.ts';
import { notSimulated } from './util/explain.ts';
import { parseUnsigned } from './util/numbers.ts';
import { arg, checkOptions, fail, ok } from './util/options.ts';

export interface ConnlimitData {
  /** True for --connlimit-upto (the kernel's INVERT flag), false for --connlimit-above. */
  upto: boolean;
  limit: number;
  mask: number;
  daddr: boolean;
}

export const connlimitMatch: MatchModule<ConnlimitData> = {
  name: 'connlimit',
  simulated: false,
  needsConntrack: true,
  options: {
    '--connlimit-upto': { args: 1, negatable: true },
    '--connlimit-above': { args: 1, negatable: true },
    '--connlimit-mask': { args: 1 },
    '--connlimit-saddr': { args: 0 },
    '--connlimit-daddr': { args: 0 },
  },
  parse(options) {
    const problem = checkOptions('connlimit', options, this.options, {
      '--connlimit-above': '--connlimit-upto',
      '--connlimit-daddr': '--connlimit-saddr',
    });
    if (problem) return problem;
    const data: ConnlimitData = { upto: false, limit: 0, mask: 32, daddr: false };
    let hasLimit = false;
    for (const option of options) {
      if (option.name === '--connlimit-upto' || option.name === '--connlimit-above') {
        const limit = parseUnsigned(arg(option));
        if (limit === undefined) return fail(`"${arg(option)}" is not a connection count.`, option);
        data.limit = limit;
        data.upto = (option.name === '--connlimit-upto') !== option.negated;
        hasLimit = true;
      } else if (option.name === '--connlimit-mask') {
        const mask = parseUnsigned(arg(option), 0, 32);
        if (mask === undefined) return fail(`"${arg(option)}" is not a prefix length (0 to 32).`, option);
        data.mask = mask;
      } else data.daddr = option.name === '--connlimit-daddr';
    }
    if (!hasLimit) return fail('You must specify "--connlimit-above" or "--connlimit-upto".', options[0]);
    return ok(data);
  },
  save(data) {
    return `${data.upto ? '--connlimit-upto' : '--connlimit-above'} ${data.limit} --connlimit-mask ${data.mask} ${
      data.daddr ? '--connlimit-daddr' : '--connlimit-saddr'
    }`;
  },
  evaluate() {
    return notSimulated('connlimit');
  },
};
