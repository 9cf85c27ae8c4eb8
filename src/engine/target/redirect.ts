// REDIRECT (iptables-extensions(8)): DNAT to the host itself: the primary address of the incoming interface, or
// 127.0.0.1 for locally generated packets (OUTPUT), optionally to other ports. nat table, PREROUTING and OUTPUT.
import type { NatRange, OptionSpec, TargetModule } from '../ext/types.ts';
import { formatIPv4 } from '../net/ipv4.ts';
import { say } from './util/messages.ts';
import { natFlagExplanations, portExplanations } from './util/natExplain.ts';
import { formatPorts, parseToPorts } from './util/natRange.ts';
import { arg, checkOptions, fail, joinSaved, ok } from './util/options.ts';
import { natStatement } from '../translate/nat.ts';

export interface RedirectData {
  range: NatRange;
  random: boolean;
}

const OPTIONS: Record<string, OptionSpec> = {
  '--to-ports': { args: 1 },
  '--random': { args: 0 },
};

export const redirectTarget: TargetModule<RedirectData> = {
  name: 'REDIRECT',
  // libxt_REDIRECT.txlate: `redirect`, `redirect to :8080 random`.
  translate: (data) => natStatement('redirect', data.range, data),
  options: OPTIONS,
  tables: ['nat'],
  hooks: ['PREROUTING', 'OUTPUT'],
  needsConntrack: true,
  parse(options, ctx) {
    const bad = checkOptions('REDIRECT', options, OPTIONS);
    if (bad) return bad;
    let range: NatRange = {};
    const ports = options.find((o) => o.name === '--to-ports');
    if (ports) {
      const parsed = parseToPorts(arg(ports), ctx.proto, 'REDIRECT');
      if (!parsed.ok) return fail(parsed.error, { option: ports.name, value: arg(ports) }, ports);
      range = parsed.range;
    }
    return ok({ range, random: options.some((o) => o.name === '--random') });
  },
  save(data) {
    return joinSaved([
      data.range.minPort !== undefined && `--to-ports ${formatPorts(data.range)}`,
      data.random && '--random',
    ]);
  },
  apply(data, ctx) {
    // nf_nat_redirect_ipv4: locally generated packets go to 127.0.0.1, others to the incoming interface's
    // first address (and are dropped when it has none).
    const address = ctx.hook === 'OUTPUT' ? 0x7f000001 : ctx.inIface ? ctx.host.primaryAddress(ctx.inIface) : undefined;
    const explain = [
      address === undefined
        ? say('redirect.no-address', { iface: ctx.inIface ?? '' })
        : say('redirect.to', { address: formatIPv4(address) }),
    ];
    return {
      verdict: { kind: 'nat', nat: { kind: 'redirect', range: data.range, random: data.random } },
      explain: [...explain, ...portExplanations(data.range), ...natFlagExplanations(data)],
    };
  },
};
