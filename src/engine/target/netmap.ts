// NETMAP (iptables-extensions(8)): maps a whole network onto another one-to-one, keeping the host bits:
// in PREROUTING and OUTPUT the destination, in POSTROUTING and INPUT the source. nat table only.
import type { OptionSpec, TargetModule } from '../ext/types.ts';
import { formatIPv4, maskToPrefix, parseIPv4, prefixToMask } from '../net/ipv4.ts';
import { parseUnsigned } from '../ext/numbers.ts';
import { say } from './util/messages.ts';
import { arg, checkOptions, fail, ok } from './util/options.ts';

export interface NetmapData {
  /** The network, host bits cleared (libxt_NETMAP keeps the address under the mask). */
  addr: number;
  mask: number;
}

const OPTIONS: Record<string, OptionSpec> = { '--to': { args: 1 } };

/**
 * `address[/prefix]` as libxtables' XTTYPE_HOSTMASK reads it: the mask is a prefix length only (0 to 32, strtoul
 * base 0), never a dotted netmask; the host bits of the address are cleared (NETMAP_parse).
 */
function parseNetwork(text: string): NetmapData | undefined {
  const slash = text.indexOf('/');
  const addr = parseIPv4(slash < 0 ? text : text.slice(0, slash));
  if (addr === undefined) return undefined;
  const prefix = slash < 0 ? 32 : parseUnsigned(text.slice(slash + 1), 0, 32);
  if (prefix === undefined) return undefined;
  const mask = prefixToMask(prefix);
  return { addr: (addr & mask) >>> 0, mask };
}

export const netmapTarget: TargetModule<NetmapData> = {
  name: 'NETMAP',
  options: OPTIONS,
  tables: ['nat'],
  hooks: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
  needsConntrack: true,
  parse(options) {
    const bad = checkOptions('NETMAP', options, OPTIONS);
    if (bad) return bad;
    const to = options[0];
    if (!to) return fail('nat-needs-to', { target: 'NETMAP', option: '--to' });
    const network = parseNetwork(arg(to));
    if (!network) return fail('nat-bad-address', { option: to.name, value: arg(to) }, to);
    return ok(network);
  },
  save(data) {
    const prefix = maskToPrefix(data.mask);
    return `--to ${formatIPv4(data.addr)}/${prefix === undefined ? formatIPv4(data.mask) : prefix}`;
  },
  apply(data, ctx) {
    const dir = ctx.hook === 'PREROUTING' || ctx.hook === 'OUTPUT' ? 'dst' : 'src';
    const before = dir === 'dst' ? ctx.pkt.dst : ctx.pkt.src;
    const after = ((before & ~data.mask) | data.addr) >>> 0;
    return {
      verdict: { kind: 'nat', nat: { kind: 'netmap', addr: data.addr, mask: data.mask, dir } },
      explain: [
        say(dir === 'dst' ? 'netmap.dst' : 'netmap.src', {
          network: netmapTarget.save(data).slice('--to '.length),
          before: formatIPv4(before),
          after: formatIPv4(after),
        }),
      ],
    };
  },
};
