// MASQUERADE (iptables-extensions(8)): SNAT to the primary address of the interface the packet leaves by, chosen
// afresh for each new connection. nat table, POSTROUTING only (conformance rej15: refused even in a user chain
// reached from PREROUTING).
import type { NatRange, OptionSpec, TargetModule } from '../ext/types.ts';
import { formatIPv4 } from '../net/ipv4.ts';
import { say } from './util/messages.ts';
import { natFlagExplanations, portExplanations } from './util/natExplain.ts';
import { formatPorts, parseToPorts } from './util/natRange.ts';
import { arg, checkOptions, fail, joinSaved, ok } from './util/options.ts';
import { natStatement } from '../translate/nat.ts';

export interface MasqueradeData {
  range: NatRange;
  random: boolean;
  randomFully: boolean;
}

const OPTIONS: Record<string, OptionSpec> = {
  '--to-ports': { args: 1 },
  '--random': { args: 0 },
  '--random-fully': { args: 0 },
};

export const masqueradeTarget: TargetModule<MasqueradeData> = {
  name: 'MASQUERADE',
  // libipt_MASQUERADE.txlate: `masquerade`, `masquerade to :10-20 random`, `masquerade fully-random`.
  translate: (data) => natStatement('masquerade', data.range, data),
  options: OPTIONS,
  tables: ['nat'],
  hooks: ['POSTROUTING'],
  needsConntrack: true,
  parse(options, ctx) {
    const bad = checkOptions('MASQUERADE', options, OPTIONS);
    if (bad) return bad;
    let range: NatRange = {};
    const ports = options.find((o) => o.name === '--to-ports');
    if (ports) {
      const parsed = parseToPorts(arg(ports), ctx.proto, 'MASQUERADE');
      if (!parsed.ok) return fail(parsed.error, { option: ports.name, value: arg(ports) }, ports);
      range = parsed.range;
    }
    const has = (name: string) => options.some((o) => o.name === name);
    return ok({ range, random: has('--random'), randomFully: has('--random-fully') });
  },
  save(data) {
    return joinSaved([
      data.range.minPort !== undefined && `--to-ports ${formatPorts(data.range)}`,
      data.random && '--random',
      data.randomFully && '--random-fully',
    ]);
  },
  list(data) {
    // libxt_MASQUERADE print: " masq ports: 1024-2000" (one port without the dash), then the random flags.
    const ports = data.range.minPort !== undefined ? ` masq ports: ${formatPorts(data.range)}` : '';
    return `${ports}${data.random ? ' random' : ''}${data.randomFully ? ' random-fully' : ''}`;
  },
  apply(data, ctx) {
    const iface = ctx.outIface ?? '';
    const address = iface ? ctx.host.primaryAddress(iface) : undefined;
    const explain = [
      address === undefined
        ? say('masquerade.no-address', { iface })
        : say('masquerade.to', { iface, address: formatIPv4(address) }),
    ];
    return {
      verdict: {
        kind: 'nat',
        nat: { kind: 'masquerade', range: data.range, random: data.random, randomFully: data.randomFully },
      },
      explain: [...explain, ...portExplanations(data.range), ...natFlagExplanations(data)],
    };
  },
};
