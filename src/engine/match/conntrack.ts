// conntrack: iptables-extensions(8) "conntrack". Each given test must pass (kernel xt_conntrack.c, in its order):
// --ctstate (also SNAT/DNAT pseudo-states), --ctdir, --ctorigsrc/--ctorigdst/--ctreplsrc/--ctrepldst,
// --ctproto, --ct{orig,repl}{src,dst}port, --ctstatus (any listed bit set), --ctexpire (seconds left in a range).
// A packet with no conntrack entry passes only on its --ctstate test (INVALID or UNTRACKED); every other test fails.
import { listStates } from './state.ts';
import type { ConnView, CtStatus, Explanation, MatchModule, ParsedOption } from '../ext/types.ts';
import { formatIPv4 } from '../net/ipv4.ts';
import { addrMatches, formatHostMask, parseHostMask, type HostMask } from './util/addresses.ts';
import { packetStates, parseStateList, CT_STATE_NAMES, type CtStateName } from './util/ctState.ts';
import { say } from './util/explain.ts';
import { parseUnsigned } from '../ext/numbers.ts';
import { MatchProblem, arg, checkOptions, fail, joinSaved, ok, refuse } from './util/options.ts';
import { formatRange, inRange, parsePortRange, type PortRange } from './util/ports.ts';
import { describeProtocol, parseProtocol } from './util/protocols.ts';
import { translateConntrack } from '../translate/conntrack.ts';

interface Neg<T> {
  negated: boolean;
  value: T;
}

type AddrField = 'ctorigsrc' | 'ctorigdst' | 'ctreplsrc' | 'ctrepldst';
type PortField = 'ctorigsrcport' | 'ctorigdstport' | 'ctreplsrcport' | 'ctrepldstport';
type StatusName = 'EXPECTED' | 'SEEN_REPLY' | 'ASSURED' | 'CONFIRMED';

export interface ConntrackData {
  state?: Neg<CtStateName[]>;
  proto?: Neg<number>;
  addrs: Partial<Record<AddrField, Neg<HostMask>>>;
  ports: Partial<Record<PortField, Neg<PortRange>>>;
  /** Empty list: NONE. */
  status?: Neg<StatusName[]>;
  expire?: Neg<PortRange>;
  dir?: 'ORIGINAL' | 'REPLY';
}

const ADDR_FIELDS: readonly AddrField[] = ['ctorigsrc', 'ctorigdst', 'ctreplsrc', 'ctrepldst'];
const PORT_FIELDS: readonly PortField[] = ['ctorigsrcport', 'ctorigdstport', 'ctreplsrcport', 'ctrepldstport'];
/** Status names in iptables' print order; NONE is the empty set. */
const STATUS_NAMES: readonly StatusName[] = ['EXPECTED', 'SEEN_REPLY', 'ASSURED', 'CONFIRMED'];

function parseStatusList(text: string): StatusName[] | MatchProblem {
  const found = new Set<StatusName>();
  for (const word of text.split(',')) {
    const upper = word.toUpperCase();
    if (word !== '' && 'NONE'.startsWith(upper)) continue;
    const status = word === '' ? undefined : STATUS_NAMES.find((s) => s.startsWith(upper));
    if (!status) return new MatchProblem('conntrack-bad-status', { value: word });
    found.add(status);
  }
  return STATUS_NAMES.filter((s) => found.has(s));
}

function parseExpire(option: ParsedOption): PortRange | MatchProblem {
  const text = arg(option);
  const [a = '', b, ...rest] = text.split(':');
  const min = parseUnsigned(a);
  const max = b === undefined ? min : parseUnsigned(b);
  if (rest.length || min === undefined || max === undefined)
    return new MatchProblem('conntrack-bad-expire', { value: text });
  if (min > max) return new MatchProblem('range-order', { option: option.name, value: text, min, max });
  return { min, max };
}

const OPTIONS = {
  '--ctstate': { args: 1, negatable: true },
  '--ctproto': { args: 1, negatable: true },
  '--ctorigsrc': { args: 1, negatable: true },
  '--ctorigdst': { args: 1, negatable: true },
  '--ctreplsrc': { args: 1, negatable: true },
  '--ctrepldst': { args: 1, negatable: true },
  '--ctstatus': { args: 1, negatable: true },
  '--ctexpire': { args: 1, negatable: true },
  '--ctorigsrcport': { args: 1, negatable: true },
  '--ctorigdstport': { args: 1, negatable: true },
  '--ctreplsrcport': { args: 1, negatable: true },
  '--ctrepldstport': { args: 1, negatable: true },
  '--ctdir': { args: 1 },
} as const;

export const conntrackMatch: MatchModule<ConntrackData> = {
  name: 'conntrack',
  translate: translateConntrack,
  needsConntrack: true,
  options: OPTIONS,
  parse(options) {
    const problem = checkOptions('conntrack', options, this.options);
    if (problem) return problem;
    if (options.length === 0) return fail('conntrack-needs-option');
    const data: ConntrackData = { addrs: {}, ports: {} };
    for (const option of options) {
      const negated = option.negated;
      const name = option.name.slice(2);
      const text = arg(option);
      if (name === 'ctstate') {
        const states = parseStateList(text, CT_STATE_NAMES, option.name);
        if (states instanceof MatchProblem) return refuse(states, option);
        data.state = { negated, value: states };
      } else if (name === 'ctproto') {
        const proto = parseProtocol(text);
        if (proto === undefined) return fail('unknown-protocol', { value: text }, option);
        if (proto === 0) return fail(negated ? 'conntrack-proto-zero-negated' : 'conntrack-proto-zero', {}, option);
        data.proto = { negated, value: proto };
      } else if ((ADDR_FIELDS as readonly string[]).includes(name)) {
        const hm = parseHostMask(text);
        if (hm instanceof MatchProblem) return refuse(hm, option);
        data.addrs[name as AddrField] = { negated, value: hm };
      } else if ((PORT_FIELDS as readonly string[]).includes(name)) {
        const range = parsePortRange(text);
        if (range instanceof MatchProblem) return refuse(range, option);
        data.ports[name as PortField] = { negated, value: range };
      } else if (name === 'ctstatus') {
        const status = parseStatusList(text);
        if (status instanceof MatchProblem) return refuse(status, option);
        data.status = { negated, value: status };
      } else if (name === 'ctexpire') {
        const range = parseExpire(option);
        if (range instanceof MatchProblem) return refuse(range, option);
        data.expire = { negated, value: range };
      } else if (name === 'ctdir') {
        const dir = text.toUpperCase();
        if (dir !== 'ORIGINAL' && dir !== 'REPLY') return fail('conntrack-bad-dir', { value: text }, option);
        data.dir = dir;
      }
    }
    return ok(data);
  },
  save(data) {
    const neg = (n: { negated: boolean }) => (n.negated ? '! ' : '');
    return joinSaved([
      data.state && `${neg(data.state)}--ctstate ${data.state.value.join(',')}`,
      data.proto && `${neg(data.proto)}--ctproto ${data.proto.value}`,
      ...ADDR_FIELDS.map((f) => {
        const a = data.addrs[f];
        return a && `${neg(a)}--${f} ${formatHostMask(a.value)}`;
      }),
      ...PORT_FIELDS.map((f) => {
        const p = data.ports[f];
        return p && `${neg(p)}--${f} ${formatRange(p.value)}`;
      }),
      data.status && `${neg(data.status)}--ctstatus ${data.status.value.length ? data.status.value.join(',') : 'NONE'}`,
      data.expire && `${neg(data.expire)}--ctexpire ${formatRange(data.expire.value)}`,
      data.dir && `--ctdir ${data.dir}`,
    ]);
  },
  list(data) {
    // libxt_conntrack conntrack_dump: each option as " [!] ctname value", in this order.
    const neg = (n: { negated: boolean }) => (n.negated ? ' !' : '');
    const parts: string[] = [];
    if (data.state) parts.push(`${neg(data.state)} ctstate ${listStates(data.state.value)}`);
    if (data.proto) parts.push(`${neg(data.proto)} ctproto ${data.proto.value}`);
    for (const f of ADDR_FIELDS) {
      const a = data.addrs[f];
      if (a) parts.push(`${neg(a)} ${f} ${formatHostMask(a.value)}`);
    }
    for (const f of PORT_FIELDS) {
      const p = data.ports[f];
      if (p) parts.push(`${neg(p)} ${f} ${formatRange(p.value)}`);
    }
    if (data.status) parts.push(`${neg(data.status)} ctstatus ${data.status.value.join(',') || 'NONE'}`);
    if (data.expire) parts.push(`${neg(data.expire)} ctexpire ${formatRange(data.expire.value)}`);
    if (data.dir) parts.push(` ctdir ${data.dir}`);
    return parts.join('');
  },
  evaluate(data, ctx) {
    const explain: Explanation[] = [];
    const { ct } = ctx;
    if (data.state) {
      const states = packetStates(ct);
      const listed = states.some((s) => data.state!.value.includes(s));
      const matched = listed !== data.state.negated;
      explain.push(
        say(listed ? 'match.conntrack.state.listed' : 'match.conntrack.state.unlisted', matched, {
          state: states.join(','),
          states: data.state.value.join(','),
          negated: data.state.negated,
        }),
      );
      if (!matched) return { matched, explain };
    }
    if (!ct || ct.state === 'UNTRACKED' || ct.state === 'INVALID') {
      // Kernel: with no conntrack entry, the match is true only through a --ctstate test.
      if (!data.state) explain.push(say('match.conntrack.no-entry', false));
      return { matched: data.state !== undefined, explain };
    }
    for (const e of evaluateEntry(data, ct)) {
      explain.push(e);
      if (!e.matched) return { matched: false, explain };
    }
    return { matched: true, explain };
  },
};

function evaluateEntry(data: ConntrackData, ct: ConnView): Explanation[] {
  const out: Explanation[] = [];
  if (data.dir) {
    const same = ct.dir === data.dir;
    out.push(
      say(same ? 'match.conntrack.dir.same' : 'match.conntrack.dir.other', same, { dir: ct.dir, want: data.dir }),
    );
  }
  for (const field of ADDR_FIELDS) {
    const test = data.addrs[field];
    if (!test) continue;
    const tuple = field.startsWith('ctorig') ? ct.orig : ct.reply;
    const addr = field.endsWith('src') ? tuple.src : tuple.dst;
    const inside = addrMatches(addr, test.value);
    out.push(
      say(`match.conntrack.${field}.${inside ? 'in' : 'out'}`, inside !== test.negated, {
        addr: formatIPv4(addr),
        net: formatHostMask(test.value),
        negated: test.negated,
      }),
    );
  }
  if (data.proto) {
    const same = ct.orig.proto === data.proto.value;
    out.push(
      say(same ? 'match.conntrack.proto.same' : 'match.conntrack.proto.other', same !== data.proto.negated, {
        proto: describeProtocol(ct.orig.proto),
        want: describeProtocol(data.proto.value),
        negated: data.proto.negated,
      }),
    );
  }
  for (const field of PORT_FIELDS) {
    const test = data.ports[field];
    if (!test) continue;
    const tuple = field.startsWith('ctorig') ? ct.orig : ct.reply;
    const port = (field.includes('src') ? tuple.sport : tuple.dport) ?? 0;
    const inside = inRange(port, test.value);
    out.push(
      say(`match.conntrack.${field}.${inside ? 'in' : 'out'}`, inside !== test.negated, {
        port,
        range: formatRange(test.value),
        negated: test.negated,
      }),
    );
  }
  if (data.status) {
    const has = data.status.value.filter((s) => ct.status.has(s as CtStatus));
    const any = has.length > 0;
    const current = [...ct.status].filter((s) => s !== 'SNAT' && s !== 'DNAT');
    out.push(
      say(any ? 'match.conntrack.status.has' : 'match.conntrack.status.lacks', any !== data.status.negated, {
        status: current.length ? current.join(',') : 'NONE',
        want: data.status.value.length ? data.status.value.join(',') : 'NONE',
        negated: data.status.negated,
      }),
    );
  }
  if (data.expire) {
    const seconds = Math.floor(ct.expires);
    const inside = inRange(seconds, data.expire.value);
    out.push(
      say(inside ? 'match.conntrack.expire.in' : 'match.conntrack.expire.out', inside !== data.expire.negated, {
        seconds,
        range: formatRange(data.expire.value),
        negated: data.expire.negated,
      }),
    );
  }
  if (out.length === 0) out.push(say('match.conntrack.tracked', true));
  return out;
}
