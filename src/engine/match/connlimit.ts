// connlimit: iptables-extensions(8) "connlimit". --connlimit-upto n / --connlimit-above n (`!` swaps them) counts
// the connections from the same source (--connlimit-saddr, default) or to the same destination
// (--connlimit-daddr) address group (--connlimit-mask, default 32). As the kernel's nf_conncount, the rule keeps its
// own list of the connections it has seen per address group (a packet adds its connection's original tuple) and
// compares the count, this connection included, with n. Connections do not end within a trace request, so none
// leaves the list.
import type { MatchModule } from '../ext/types.ts';
import { formatIPv4, prefixToMask } from '../net/ipv4.ts';
import { say } from './util/explain.ts';
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
  evaluate(data, ctx) {
    const { pkt, ct } = ctx;
    const group = ((data.daddr ? pkt.dst : pkt.src) & prefixToMask(data.mask)) >>> 0;
    const t = ct && ct.state !== 'UNTRACKED' && ct.state !== 'INVALID' ? ct.orig : pkt;
    const tuple = `${t.proto} ${t.src} ${t.dst} ${t.sport ?? ''} ${t.dport ?? ''}`;
    const lists = ctx.ruleState(() => new Map<number, Set<string>>());
    const seen = lists.get(group) ?? new Set<string>();
    seen.add(tuple);
    lists.set(group, seen);
    const above = seen.size > data.limit;
    const matched = above !== data.upto;
    const id = `match.connlimit.${data.daddr ? 'daddr' : 'saddr'}.${above ? 'above' : 'upto'}`;
    return {
      matched,
      explain: [
        say(id, matched, { connections: seen.size, limit: data.limit, group: `${formatIPv4(group)}/${data.mask}` }),
      ],
    };
  },
};
