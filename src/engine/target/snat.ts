// SNAT (iptables-extensions(8)): rewrites the source of the connection's first packet to a fixed address (range);
// conntrack applies it to every later packet and undoes it on replies. nat table, POSTROUTING and INPUT only.
import type { NatRange, OptionSpec, TargetModule } from '../ext/types.ts';
import { say } from './util/messages.ts';
import { natFlagExplanations } from './util/natExplain.ts';
import { formatNatTo, parseNatTo, withoutBase } from './util/natRange.ts';
import { arg, checkOptions, fail, joinSaved, ok } from './util/options.ts';
import { natStatement } from '../translate/nat.ts';

export interface SnatData {
  range: NatRange;
  random: boolean;
  randomFully: boolean;
  persistent: boolean;
}

const OPTIONS: Record<string, OptionSpec> = {
  '--to-source': { args: 1 },
  '--random': { args: 0 },
  '--random-fully': { args: 0 },
  '--persistent': { args: 0 },
};

export const snatTarget: TargetModule<SnatData> = {
  name: 'SNAT',
  // libipt_SNAT.txlate: `snat to 1.2.3.4-1.2.3.6`, `snat to 1.2.3.4 random,persistent`.
  translate: (data) => natStatement('snat', data.range, data),
  options: OPTIONS,
  tables: ['nat'],
  hooks: ['POSTROUTING', 'INPUT'],
  needsConntrack: true,
  parse(options, ctx) {
    const bad = checkOptions('SNAT', options, OPTIONS);
    if (bad) return bad;
    const to = options.find((o) => o.name === '--to-source');
    if (!to) return fail('nat-needs-to', { target: 'SNAT', option: '--to-source' });
    const parsed = parseNatTo(arg(to), ctx.proto);
    if (!parsed.ok) return fail(parsed.error, { option: to.name, value: arg(to) }, to);
    const has = (name: string) => options.some((o) => o.name === name);
    return ok({
      range: withoutBase(parsed.range),
      random: has('--random'),
      randomFully: has('--random-fully'),
      persistent: has('--persistent'),
    });
  },
  save(data) {
    return joinSaved([
      `--to-source ${formatNatTo(data.range)}`,
      data.random && '--random',
      data.randomFully && '--random-fully',
      data.persistent && '--persistent',
    ]);
  },
  list(data) {
    const flags = `${data.random ? ' random' : ''}${data.randomFully ? ' random-fully' : ''}${data.persistent ? ' persistent' : ''}`;
    return ` to:${formatNatTo(data.range)}${flags}`;
  },
  apply(data) {
    const { range, random, randomFully, persistent } = data;
    return {
      verdict: { kind: 'nat', nat: { kind: 'snat', range, random, randomFully, persistent } },
      explain: [say('snat.to', { to: formatNatTo(range) }), ...natFlagExplanations(data)],
    };
  },
};
