// DNAT (iptables-extensions(8)): rewrites the destination of the connection's first packet; conntrack applies the
// same mapping to every later packet and undoes it on replies. nat table, PREROUTING and OUTPUT only
// (conformance rej07: refused in POSTROUTING). The tracer picks the address and port within the range.
import type { OptionSpec, TargetModule } from '../ext/types.ts';
import { say } from './util/messages.ts';
import { natFlagExplanations } from './util/natExplain.ts';
import { formatNatTo, parseNatTo } from './util/natRange.ts';
import { arg, checkOptions, fail, joinSaved, ok } from './util/options.ts';
import type { NatRange } from '../ext/types.ts';
import { natStatement } from '../translate/nat.ts';

export interface DnatData {
  range: NatRange;
  random: boolean;
  persistent: boolean;
}

const OPTIONS: Record<string, OptionSpec> = {
  '--to-destination': { args: 1 },
  '--random': { args: 0 },
  '--persistent': { args: 0 },
};

export const dnatTarget: TargetModule<DnatData> = {
  name: 'DNAT',
  // libxt_DNAT.txlate: `dnat to 192.168.1.1-192.168.1.10`, `dnat to 1.2.3.4:1-1023 random,persistent`.
  translate: (data) => natStatement('dnat', data.range, data),
  options: OPTIONS,
  tables: ['nat'],
  hooks: ['PREROUTING', 'OUTPUT'],
  needsConntrack: true,
  parse(options, ctx) {
    const bad = checkOptions('DNAT', options, OPTIONS);
    if (bad) return bad;
    const to = options.find((o) => o.name === '--to-destination');
    if (!to) return fail('nat-needs-to', { target: 'DNAT', option: '--to-destination' });
    const parsed = parseNatTo(arg(to), ctx.proto);
    if (!parsed.ok) return fail(parsed.error, { option: to.name, value: arg(to) }, to);
    return ok({
      range: parsed.range,
      random: options.some((o) => o.name === '--random'),
      persistent: options.some((o) => o.name === '--persistent'),
    });
  },
  save(data) {
    return joinSaved([
      `--to-destination ${formatNatTo(data.range)}`,
      data.random && '--random',
      data.persistent && '--persistent',
    ]);
  },
  list(data) {
    return ` to:${formatNatTo(data.range)}${data.random ? ' random' : ''}${data.persistent ? ' persistent' : ''}`;
  },
  apply(data) {
    return {
      verdict: {
        kind: 'nat',
        nat: { kind: 'dnat', range: data.range, random: data.random, persistent: data.persistent },
      },
      explain: [say('dnat.to', { to: formatNatTo(data.range) }), ...natFlagExplanations(data)],
    };
  },
};
