// set: iptables-extensions(8) "set". [!] --match-set NAME FLAGS matches when the set NAME holds the element made of
// the packet fields FLAGS names (`src`, `dst`, comma-separated, one per dimension of the set's type, e.g. `dst,dst`
// for hash:ip,port). iptables refuses a set that does not exist. --return-nomatch, ! --update-counters,
// ! --update-subcounters and the --packets-*/--bytes-* counter tests are parsed and saved; the counter tests are not
// simulated (the lab keeps no per-element counters).
import type { Explanation, IpSetView, MatchModule, ParsedOption } from '../ext/types.ts';
import type { Packet } from '../model/packet.ts';
import { formatIPv4 } from '../net/ipv4.ts';
import { notSimulated, say } from './util/explain.ts';
import { parseUnsigned64 } from '../ext/numbers.ts';
import { MatchProblem, arg, canonicalName, checkOptions, fail, ok, refuse } from './util/options.ts';
import { describeProtocol } from './util/protocols.ts';
import { isBareName } from './util/strings.ts';

/** IPSET_DIM_MAX; IPSET_MAXNAMELEN is 32 including the NUL. */
const MAX_DIMENSIONS = 6;
const MAX_NAME = 31;

type CounterOp = 'eq' | 'ne' | 'lt' | 'gt';

export interface SetData {
  negated: boolean;
  name: string;
  /** One per dimension: true for src, false for dst. */
  src: boolean[];
  returnNomatch: boolean;
  skipCounterUpdate: boolean;
  skipSubcounterUpdate: boolean;
  /** Counter values as decimal strings (64-bit; strings keep the data plain JSON). */
  packets?: { op: CounterOp; value: string };
  bytes?: { op: CounterOp; value: string };
}

const ALIASES = { '--set': '--match-set' };

function parseFlags(text: string): boolean[] | MatchProblem {
  const parts = text.split(',');
  if (parts.length > MAX_DIMENSIONS) return new MatchProblem('set-too-many-flags', { max: MAX_DIMENSIONS });
  const src: boolean[] = [];
  for (const part of parts) {
    // libxt_set compares the first three characters only.
    if (part.startsWith('src')) src.push(true);
    else if (part.startsWith('dst')) src.push(false);
    else return new MatchProblem('set-bad-flags');
  }
  return src;
}

function counterTest(option: ParsedOption): { op: CounterOp; value: string } | MatchProblem {
  const value = parseUnsigned64(arg(option));
  if (value === undefined) return new MatchProblem('bad-counter', { value: arg(option) });
  const kind = option.name.slice(-2) as 'eq' | 'lt' | 'gt';
  if (kind !== 'eq' && option.negated) return new MatchProblem('not-negatable', { option: option.name });
  return { op: kind === 'eq' && option.negated ? 'ne' : kind, value: value.toString() };
}

function saveCounter(name: string, c: SetData['packets']): string {
  if (!c) return '';
  return c.op === 'ne' ? `! --${name}-eq ${c.value}` : `--${name}-${c.op} ${c.value}`;
}

export const setMatch: MatchModule<SetData> = {
  name: 'set',
  options: {
    '--match-set': { args: 2, negatable: true },
    '--set': { args: 2, negatable: true },
    '--return-nomatch': { args: 0 },
    '--update-counters': { args: 0, negatable: true },
    '--update-subcounters': { args: 0, negatable: true },
    '--packets-eq': { args: 1, negatable: true },
    '--packets-lt': { args: 1 },
    '--packets-gt': { args: 1 },
    '--bytes-eq': { args: 1, negatable: true },
    '--bytes-lt': { args: 1 },
    '--bytes-gt': { args: 1 },
  },
  parse(options, ctx) {
    const aliases = {
      ...ALIASES,
      '--packets-lt': '--packets-eq',
      '--packets-gt': '--packets-eq',
      '--bytes-lt': '--bytes-eq',
      '--bytes-gt': '--bytes-eq',
    };
    const problem = checkOptions('set', options, this.options, aliases);
    if (problem) return problem;
    const matchSet = options.find((o) => canonicalName(o.name, ALIASES) === '--match-set');
    if (!matchSet) return fail('set-needs-match-set', {}, options[0]);
    const name = arg(matchSet, 0);
    if (name.length > MAX_NAME) return fail('set-name-too-long', { value: name, max: MAX_NAME }, matchSet);
    if (!isBareName(name)) return fail('set-bad-name', { value: name }, matchSet);
    const flagsText = arg(matchSet, 1);
    if (flagsText === '' || flagsText.startsWith('-') || flagsText.startsWith('!'))
      return fail('set-needs-flags', {}, matchSet);
    if (ctx.ipsets && !ctx.ipsets.has(name)) return fail('set-no-such-set', { value: name }, matchSet);
    const src = parseFlags(flagsText);
    if (src instanceof MatchProblem) return refuse(src, matchSet);
    const data: SetData = {
      negated: matchSet.negated,
      name,
      src,
      returnNomatch: false,
      skipCounterUpdate: false,
      skipSubcounterUpdate: false,
    };
    for (const option of options) {
      if (option.name === '--return-nomatch') data.returnNomatch = true;
      else if (option.name === '--update-counters') data.skipCounterUpdate = option.negated;
      else if (option.name === '--update-subcounters') data.skipSubcounterUpdate = option.negated;
      else if (option.name.startsWith('--packets-') || option.name.startsWith('--bytes-')) {
        const test = counterTest(option);
        if (test instanceof MatchProblem) return refuse(test, option);
        data[option.name.startsWith('--packets-') ? 'packets' : 'bytes'] = test;
      }
    }
    return ok(data);
  },
  save(data) {
    const parts = [
      `${data.negated ? '! ' : ''}--match-set ${data.name} ${data.src.map((s) => (s ? 'src' : 'dst')).join(',')}`,
      data.returnNomatch ? '--return-nomatch' : '',
      data.skipCounterUpdate ? '! --update-counters' : '',
      data.skipSubcounterUpdate ? '! --update-subcounters' : '',
      saveCounter('packets', data.packets),
      saveCounter('bytes', data.bytes),
    ];
    return parts.filter(Boolean).join(' ');
  },
  evaluate(data, ctx) {
    const set = ctx.host.ipset(data.name);
    const flags = data.src.map((s) => (s ? 'src' : 'dst')).join(',');
    if (!set) return { matched: false, explain: [say('match.set.missing', false, { set: data.name })] };
    // A list:set looks the element up in each member set, with each member's own type: left to the host.
    if (set.type.startsWith('list:')) return notSimulated('set (list:set)');
    const element = elementOf(set, data.src, ctx.pkt, ctx.inIface, ctx.outIface);
    const explain: Explanation[] = [];
    if (typeof element === 'string') {
      // Kernel: fewer flags than the set has dimensions never matches, whatever the `!`.
      explain.push(say('match.set.too-few-flags', false, { set: data.name, type: set.type, flags }));
      return { matched: false, explain };
    }
    // --return-nomatch (ipset(8)): an element flagged nomatch matches, a plain one does not.
    if (data.returnNomatch) {
      if (!set.lookup) return notSimulated('set --return-nomatch');
      const found = set.lookup(element.parts);
      const hit = found === 'nomatch';
      const matched = hit !== data.negated;
      explain.push(say(`match.set.return-nomatch.${found}`, matched, { set: data.name, element: element.text, flags }));
      return { matched, explain };
    }
    const held = set.has(element.parts);
    const matched = held !== data.negated;
    explain.push(
      say(held ? 'match.set.held' : 'match.set.not-held', matched, {
        set: data.name,
        element: element.text,
        flags,
        negated: data.negated,
      }),
    );
    if (data.packets || data.bytes) explain.push(say('match.set.counters-not-simulated', true, { set: data.name }));
    return { matched, explain };
  },
};

/**
 * The element the packet presents to the set: one part per dimension of the set type (`hash:ip,port` has two), each
 * taken from the source or destination as the flags say. Addresses are numbers; ports are `proto:port` strings
 * (as `ipset save` writes them) or, for bitmap:port, numbers; interfaces and MACs are strings.
 */
export function elementOf(
  set: IpSetView,
  src: readonly boolean[],
  pkt: Packet,
  inIface: string | undefined,
  outIface: string | undefined,
): { parts: (number | string)[]; text: string } | 'too-few-flags' {
  const kinds = (set.type.split(':')[1] ?? 'ip').split(',');
  if (src.length < kinds.length) return 'too-few-flags';
  const parts: (number | string)[] = [];
  const texts: string[] = [];
  kinds.forEach((kind, i) => {
    const fromSrc = src[i] ?? true;
    if (kind === 'ip' || kind === 'net') {
      const addr = fromSrc ? pkt.src : pkt.dst;
      parts.push(addr);
      texts.push(formatIPv4(addr));
    } else if (kind === 'port') {
      // bitmap:port holds bare port numbers; hash types hold proto:port.
      const number = (fromSrc ? pkt.sport : pkt.dport) ?? 0;
      const port = set.type.startsWith('bitmap:') ? number : `${describeProtocol(pkt.proto)}:${number}`;
      parts.push(port);
      texts.push(String(port));
    } else if (kind === 'mac') {
      const mac = (fromSrc ? pkt.srcMac : undefined) ?? '00:00:00:00:00:00';
      parts.push(mac);
      texts.push(mac);
    } else {
      const iface = (fromSrc ? inIface : outIface) ?? '';
      parts.push(iface);
      texts.push(iface);
    }
  });
  return { parts, text: texts.join(',') };
}
