// udp: iptables-extensions(8) "udp". --sport/--dport take a port, a service name or a range a:b (`:b`, `a:`, `:`).
// The kernel loads it only for `-p udp`.
import type { Explanation, MatchModule } from '../ext/types.ts';
import { explainPort, listPort, savePort, type PortTest } from './portMatch.ts';
import { say } from './util/explain.ts';
import { MatchProblem, arg, canonicalName, checkOptions, fail, joinSaved, ok, refuse } from './util/options.ts';
import { parsePortRange } from './util/ports.ts';
import { portWords, words } from '../translate/words.ts';

export interface UdpData {
  sport?: PortTest;
  dport?: PortTest;
}

const ALIASES = { '--source-port': '--sport', '--destination-port': '--dport' };

export const udpMatch: MatchModule<UdpData> = {
  name: 'udp',
  // libxt_udp.c udp_xlate (iptables 1.8.9): `udp sport 53 udp dport 1-5`; a port test of 0-65535 is not written. Its
  // dport takes the `!=` of the source port's inversion flag: `! --dport 53` alone is `udp dport 53`, `! --sport 53
  // --dport 1` is `udp sport != 53 udp dport != 1`.
  translate(data, ctx) {
    if (data.dport && data.dport.negated !== (data.sport?.negated ?? false)) ctx.lost.push('udp-negation');
    const dport = data.dport && { ...data.dport, negated: data.sport?.negated ?? false };
    return words(portWords('udp sport', data.sport), portWords('udp dport', dport));
  },
  options: {
    '--sport': { args: 1, negatable: true },
    '--source-port': { args: 1, negatable: true },
    '--dport': { args: 1, negatable: true },
    '--destination-port': { args: 1, negatable: true },
  },
  parse(options, ctx) {
    if (ctx.proto !== 17) return fail('udp-needs-proto', {}, options[0]);
    const problem = checkOptions('udp', options, this.options, ALIASES);
    if (problem) return problem;
    const data: UdpData = {};
    for (const option of options) {
      const range = parsePortRange(arg(option), 'udp');
      if (range instanceof MatchProblem) return refuse(range, option);
      const test = { negated: option.negated, range };
      if (canonicalName(option.name, ALIASES) === '--sport') data.sport = test;
      else data.dport = test;
    }
    return ok(data);
  },
  save(data) {
    return joinSaved([savePort('--sport', data.sport), savePort('--dport', data.dport)]);
  },
  list(data) {
    return ` udp${listPort('spt', data.sport)}${listPort('dpt', data.dport)}`;
  },
  evaluate(data, ctx) {
    const { pkt } = ctx;
    if (pkt.fragment) return { matched: false, explain: [say('match.udp.fragment', false)] };
    const explain: Explanation[] = [];
    if (data.sport) explain.push(explainPort('udp', 'sport', data.sport, pkt.sport ?? 0));
    if (data.dport) explain.push(explainPort('udp', 'dport', data.dport, pkt.dport ?? 0));
    if (explain.length === 0) explain.push(say('match.udp.any', true));
    return { matched: explain.every((e) => e.matched), explain };
  },
};
