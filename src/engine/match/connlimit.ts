// connlimit: iptables-extensions(8) "connlimit". --connlimit-upto n / --connlimit-above n (`!` swaps them) counts
// the connections from the same source (--connlimit-saddr, default) or to the same destination
// (--connlimit-daddr) address group (--connlimit-mask, default 32). As the kernel's nf_conncount, the rule keeps its
// own list of the connections it has seen per address group (a packet adds its connection's original tuple) and
// compares the count, this connection included, with n. A connection that never got confirmed (its first packet was
// dropped) leaves the list when the list is next looked at; confirmed connections do not end within a trace.
import type { CtStatus, MatchModule } from '../ext/types.ts';
import { formatIPv4, prefixToMask } from '../net/ipv4.ts';
import { say } from './util/explain.ts';
import { parseUnsigned } from '../ext/numbers.ts';
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
  // libxt_connlimit.c connlimit_xlate (iptables 1.8.9): a dynamic set declared before the rule (`add set ip filter
  // connlimit0 { type ipv4_addr; flags dynamic; }`), then `add @connlimit0 { ip saddr ct count over 2 }` — `ip
  // daddr` with --connlimit-daddr, `and <mask>` below /32, `ct count 2` for --connlimit-upto.
  translate(data, ctx) {
    const name = `connlimit${ctx.sets.length}`;
    ctx.sets.push(`${name} { type ipv4_addr; flags dynamic; }`);
    const key = `ip ${data.daddr ? 'daddr' : 'saddr'}${data.mask === 32 ? '' : ` and ${formatIPv4(prefixToMask(data.mask))}`}`;
    return `add @${name} { ${key} ct count ${data.upto ? '' : 'over '}${data.limit} }`;
  },
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
        if (limit === undefined) return fail('connlimit-bad-count', { value: arg(option) }, option);
        data.limit = limit;
        data.upto = (option.name === '--connlimit-upto') !== option.negated;
        hasLimit = true;
      } else if (option.name === '--connlimit-mask') {
        const mask = parseUnsigned(arg(option), 0, 32);
        if (mask === undefined) return fail('bad-prefix-length', { value: arg(option) }, option);
        data.mask = mask;
      } else data.daddr = option.name === '--connlimit-daddr';
    }
    if (!hasLimit) return fail('connlimit-needs-limit', {}, options[0]);
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
    const tracked = ct && ct.state !== 'UNTRACKED' && ct.state !== 'INVALID' ? ct : undefined;
    const t = tracked ? tracked.orig : pkt;
    const tuple = `${t.proto} ${t.src} ${t.dst} ${t.sport ?? ''} ${t.dport ?? ''}`;
    // Per address group: each connection tuple seen, with its live status set (absent when untracked).
    const lists = ctx.ruleState(() => new Map<number, Map<string, ReadonlySet<CtStatus> | undefined>>());
    const seen = lists.get(group) ?? new Map<string, ReadonlySet<CtStatus> | undefined>();
    lists.set(group, seen);
    seen.set(tuple, tracked?.status);
    // nf_conncount forgets a connection that never got confirmed (dropped on its way in) once it is looked at again.
    for (const [key, status] of seen) if (key !== tuple && !status?.has('CONFIRMED')) seen.delete(key);
    const above = seen.size > data.limit;
    const matched = above !== data.upto;
    const id = `match.connlimit.${data.daddr ? 'daddr' : 'saddr'}.${above ? 'above' : 'upto'}` as const;
    return {
      matched,
      explain: [
        say(id, matched, { connections: seen.size, limit: data.limit, group: `${formatIPv4(group)}/${data.mask}` }),
      ],
    };
  },
};
