// addrtype: iptables-extensions(8) "addrtype". [!] --src-type / [!] --dst-type take a list of address types
// (UNSPEC, UNICAST, LOCAL, BROADCAST, ANYCAST, MULTICAST, BLACKHOLE, UNREACHABLE, PROHIBIT, THROW, NAT, XRESOLVE);
// the address must have one of them as the routing table sees it. --limit-iface-in / --limit-iface-out ask about
// the packet's in/out interface only; the kernel refuses --limit-iface-in in OUTPUT/POSTROUTING and
// --limit-iface-out in PREROUTING/INPUT.
import type { AddrType, Explanation, MatchModule } from '../ext/types.ts';
import type { HookName } from '../model/types.ts';
import { HOOKS } from '../model/types.ts';
import { formatIPv4 } from '../net/ipv4.ts';
import { say } from './util/explain.ts';
import { MatchProblem, arg, checkOptions, fail, joinSaved, ok, refuse } from './util/options.ts';
import { not } from '../translate/words.ts';

/** In the kernel's order (enum rtn_type): iptables prints lists in this order. */
export const ADDR_TYPES: readonly AddrType[] = [
  'UNSPEC',
  'UNICAST',
  'LOCAL',
  'BROADCAST',
  'ANYCAST',
  'MULTICAST',
  'BLACKHOLE',
  'UNREACHABLE',
  'PROHIBIT',
  'THROW',
  'NAT',
  'XRESOLVE',
];

interface TypeTest {
  negated: boolean;
  types: AddrType[];
}

export interface AddrtypeData {
  src?: TypeTest;
  dst?: TypeTest;
  limitIface?: 'in' | 'out';
}

const IN_HOOKS: readonly HookName[] = ['PREROUTING', 'INPUT', 'FORWARD'];
const OUT_HOOKS: readonly HookName[] = ['FORWARD', 'OUTPUT', 'POSTROUTING'];

function parseTypes(text: string): AddrType[] | MatchProblem {
  const found = new Set<AddrType>();
  for (const word of text.split(',')) {
    // strncasecmp(word, name, strlen(word)): a prefix of a name, the first in the kernel's order.
    const upper = word.toUpperCase();
    const type = word === '' ? undefined : ADDR_TYPES.find((t) => t.startsWith(upper));
    if (!type) return new MatchProblem('addrtype-bad-type', { value: word });
    found.add(type);
  }
  return ADDR_TYPES.filter((t) => found.has(t));
}

function hooksFor(data: AddrtypeData): readonly HookName[] | undefined {
  if (data.limitIface === 'in') return IN_HOOKS;
  if (data.limitIface === 'out') return OUT_HOOKS;
  return undefined;
}

export const addrtypeMatch: MatchModule<AddrtypeData> = {
  name: 'addrtype',
  // libxt_addrtype.c addrtype_mt_xlate (iptables 1.8.9): `fib daddr type local`, `fib saddr . iif type != { local,
  // broadcast }`. Only the source test is written when both are given; THROW, NAT and XRESOLVE have no nft name and
  // are left out of a list (a list of one stays bare).
  translate(data, ctx) {
    const test = data.src ?? data.dst;
    if (!test) return '';
    if (data.src && data.dst) ctx.lost.push('addrtype-dst');
    const key = `${data.src ? 'saddr' : 'daddr'}${data.limitIface ? ` . ${data.limitIface === 'in' ? 'iif' : 'oif'}` : ''}`;
    const names = test.types.filter((t) => ADDR_TYPES.indexOf(t) <= ADDR_TYPES.indexOf('PROHIBIT'));
    if (names.length < test.types.length) ctx.lost.push('addrtype-types');
    const lower = names.map((t) => t.toLowerCase());
    const value = test.types.length === 1 ? (lower[0] ?? '') : `{ ${lower.join(', ')} }`;
    return `fib ${key} type ${not(test.negated)}${value}`.trimEnd();
  },
  options: {
    '--src-type': { args: 1, negatable: true },
    '--dst-type': { args: 1, negatable: true },
    '--limit-iface-in': { args: 0 },
    '--limit-iface-out': { args: 0 },
  },
  hooks: hooksFor,
  parse(options, ctx) {
    const problem = checkOptions('addrtype', options, this.options);
    if (problem) return problem;
    const data: AddrtypeData = {};
    for (const option of options) {
      if (option.name === '--src-type' || option.name === '--dst-type') {
        const types = parseTypes(arg(option));
        if (types instanceof MatchProblem) return refuse(types, option);
        data[option.name === '--src-type' ? 'src' : 'dst'] = { negated: option.negated, types };
      } else {
        const side = option.name === '--limit-iface-in' ? 'in' : 'out';
        if (data.limitIface && data.limitIface !== side) return fail('addrtype-both-limits', {}, option);
        data.limitIface = side;
      }
    }
    if (!data.src && !data.dst) return fail('addrtype-needs-type', {}, options[0]);
    const allowed = hooksFor(data);
    const hook = (HOOKS as readonly string[]).includes(ctx.chain) ? (ctx.chain as HookName) : undefined;
    if (allowed && hook && !allowed.includes(hook))
      return fail(
        data.limitIface === 'in' ? 'addrtype-limit-in-hook' : 'addrtype-limit-out-hook',
        {},
        options.find((o) => o.name.startsWith('--limit-iface')),
      );
    return ok(data);
  },
  save(data) {
    const test = (name: string, t: TypeTest | undefined) => t && `${t.negated ? '! ' : ''}${name} ${t.types.join(',')}`;
    return joinSaved([
      test('--src-type', data.src),
      test('--dst-type', data.dst),
      data.limitIface === 'in' && '--limit-iface-in',
      data.limitIface === 'out' && '--limit-iface-out',
    ]);
  },
  evaluate(data, ctx) {
    const iface = data.limitIface === 'in' ? ctx.inIface : data.limitIface === 'out' ? ctx.outIface : undefined;
    const explain: Explanation[] = [];
    for (const [side, test, addr] of [
      ['src', data.src, ctx.pkt.src],
      ['dst', data.dst, ctx.pkt.dst],
    ] as const) {
      if (!test) continue;
      const actual = [...ctx.host.addrTypes(addr, iface)];
      const hit = actual.some((t) => test.types.includes(t));
      const matched = hit !== test.negated;
      const params = {
        addr: formatIPv4(addr),
        types: actual.length ? actual.join(',') : 'UNSPEC',
        want: test.types.join(','),
        iface: iface ?? '',
        negated: test.negated,
      };
      const scope = iface ? 'on-iface' : 'host';
      explain.push(say(`match.addrtype.${side}.${hit ? 'is' : 'is-not'}.${scope}`, matched, params));
      if (!matched) break;
    }
    return { matched: explain.every((e) => e.matched), explain };
  },
};
