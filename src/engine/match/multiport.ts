// multiport: iptables-extensions(8) "multiport". [!] --sports / --dports / --ports (either side) take up to 15
// ports, a range a:b counting as two. Only with `-p tcp`, udp, udplite, sctp or dccp (not an inverted -p).
import type { MatchModule } from '../ext/types.ts';
import { say } from './util/explain.ts';
import { MatchProblem, arg, checkOptions, fail, ok, refuse } from './util/options.ts';
import { formatRange, inRange, parsePort, type PortRange } from './util/ports.ts';
import { not, portRange } from '../translate/words.ts';
import { protocolName } from '../parse/protocols.ts';

/** XT_MULTI_PORTS: the kernel structure has 15 port slots. */
const MAX_SLOTS = 15;
const PROTOCOLS: Readonly<Record<number, string>> = { 6: 'tcp', 17: 'udp', 136: 'udplite', 132: 'sctp', 33: 'dccp' };

export interface MultiportData {
  side: 'src' | 'dst' | 'either';
  negated: boolean;
  ports: PortRange[];
}

/** Every spelling is the one ports option: a rule gives only one of them. */
const ONE_OPTION = {
  '--sports': '--ports',
  '--source-ports': '--ports',
  '--dports': '--ports',
  '--destination-ports': '--ports',
};
const SIDE: Readonly<Record<string, MultiportData['side']>> = {
  '--sports': 'src',
  '--source-ports': 'src',
  '--dports': 'dst',
  '--destination-ports': 'dst',
  '--ports': 'either',
};
const SAVE_NAME = { src: '--sports', dst: '--dports', either: '--ports' } as const;

function parseList(text: string, proto: string): PortRange[] | MatchProblem {
  const ranges: PortRange[] = [];
  let slots = 0;
  for (const item of text.split(',')) {
    const colon = item.indexOf(':');
    const first = parsePort(colon < 0 ? item : item.slice(0, colon), proto);
    const last = colon < 0 ? first : parsePort(item.slice(colon + 1), proto);
    if (first === undefined || last === undefined) return new MatchProblem('multiport-bad-port', { value: item });
    if (colon >= 0 && first >= last) return new MatchProblem('multiport-range-order', { value: item });
    slots += colon < 0 ? 1 : 2;
    if (slots > MAX_SLOTS) return new MatchProblem('multiport-too-many', { max: MAX_SLOTS });
    ranges.push({ min: first, max: last });
  }
  return ranges;
}

export const multiportMatch: MatchModule<MultiportData> = {
  name: 'multiport',
  // libxt_multiport.txlate: `tcp dport { 80, 81 }`, `tcp dport != 80-88`. --ports (either side) is written by
  // iptables 1.8.9 as a set of `sport . dport` pairs, each port once as the source and once as the destination, a
  // range's two ends as two ports and any `!` dropped: `--ports 22` → `tcp sport . tcp dport { 0-65535 . 22, 22 .
  // 0-65535 }` (libxt_multiport.c multiport_xlate).
  translate(data, ctx) {
    if (ctx.proto === undefined) return null;
    const proto = protocolName(ctx.proto);
    if (data.side === 'either') {
      if (data.negated || data.ports.some((r) => r.min !== r.max)) ctx.lost.push('multiport-either');
      const ports = data.ports.flatMap((r) => (r.min === r.max ? [r.min] : [r.min, r.max]));
      const pairs = ports.flatMap((p) => [`0-65535 . ${p}`, `${p} . 0-65535`]);
      return `${proto} sport . ${proto} dport { ${pairs.join(', ')} }`;
    }
    const ports = data.ports.map(portRange);
    const value = ports.length === 1 ? ports[0] : `{ ${ports.join(', ')} }`;
    return `${proto} ${data.side === 'src' ? 'sport' : 'dport'} ${not(data.negated)}${value}`;
  },
  options: {
    '--sports': { args: 1, negatable: true },
    '--source-ports': { args: 1, negatable: true },
    '--dports': { args: 1, negatable: true },
    '--destination-ports': { args: 1, negatable: true },
    '--ports': { args: 1, negatable: true },
  },
  parse(options, ctx) {
    const problem = checkOptions('multiport', options, this.options, ONE_OPTION);
    if (problem) return problem;
    const option = options[0];
    if (!option) return fail('multiport-needs-option');
    const proto = ctx.proto === undefined || ctx.protoNegated ? undefined : PROTOCOLS[ctx.proto];
    if (!proto)
      return fail(
        ctx.proto === undefined && !ctx.protoNegated ? 'multiport-needs-proto' : 'multiport-wrong-proto',
        {},
        option,
      );
    const ports = parseList(arg(option), proto);
    if (ports instanceof MatchProblem) return refuse(ports, option);
    const side = SIDE[option.name] ?? 'either';
    return ok({ side, negated: option.negated, ports });
  },
  save(data) {
    return `${data.negated ? '! ' : ''}${SAVE_NAME[data.side]} ${data.ports.map(formatRange).join(',')}`;
  },
  list(data) {
    // libxt_multiport print (revision 1): " multiport dports 80,443", ranges as a:b, " !" before the list.
    const side = data.side === 'src' ? 'sports' : data.side === 'dst' ? 'dports' : 'ports';
    return ` multiport ${side}${data.negated ? ' !' : ''} ${data.ports.map(formatRange).join(',')}`;
  },
  evaluate(data, ctx) {
    const { pkt } = ctx;
    if (pkt.fragment) return { matched: false, explain: [say('match.multiport.fragment', false)] };
    const sport = pkt.sport ?? 0;
    const dport = pkt.dport ?? 0;
    const list = data.ports.map(formatRange).join(',');
    const hitSrc = data.side !== 'dst' && data.ports.some((r) => inRange(sport, r));
    const hitDst = data.side !== 'src' && data.ports.some((r) => inRange(dport, r));
    const hit = hitSrc || hitDst;
    const matched = hit !== data.negated;
    const id = `match.multiport.${data.side}.${hit ? 'listed' : 'unlisted'}` as const;
    return { matched, explain: [say(id, matched, { sport, dport, ports: list, negated: data.negated })] };
  },
};
