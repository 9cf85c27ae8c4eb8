// pkttype: iptables-extensions(8) "pkttype". [!] --pkt-type unicast|broadcast|multicast (aliases host, bcast,
// mcast; also otherhost) matches the link-layer packet type. The lab derives it from the destination address:
// 255.255.255.255 or a subnet broadcast is broadcast, 224.0.0.0/4 multicast, anything else unicast.
import type { MatchModule } from '../ext/types.ts';
import { formatIPv4 } from '../net/ipv4.ts';
import { say } from './util/explain.ts';
import { arg, checkOptions, fail, ok } from './util/options.ts';
import { not } from '../translate/words.ts';

type PktType = 'unicast' | 'broadcast' | 'multicast' | 'otherhost';

const NAMES: Readonly<Record<string, PktType>> = {
  unicast: 'unicast',
  broadcast: 'broadcast',
  multicast: 'multicast',
  otherhost: 'otherhost',
  bcast: 'broadcast',
  mcast: 'multicast',
  host: 'unicast',
};

export interface PkttypeData {
  negated: boolean;
  type: PktType;
}

export const pkttypeMatch: MatchModule<PkttypeData> = {
  name: 'pkttype',
  // libxt_pkttype.c pkttype_xlate (iptables 1.8.9): `pkttype != broadcast`; otherhost has no name there and is
  // written as its number, PACKET_OTHERHOST 3.
  translate(data) {
    return `pkttype ${not(data.negated)}${data.type === 'otherhost' ? '3' : data.type}`;
  },
  options: { '--pkt-type': { args: 1, negatable: true } },
  parse(options) {
    const problem = checkOptions('pkttype', options, this.options);
    if (problem) return problem;
    const option = options[0];
    if (!option) return fail('needs-option', { module: 'pkttype', option: '--pkt-type' });
    const lower = arg(option).toLowerCase();
    const type = Object.hasOwn(NAMES, lower) ? NAMES[lower] : undefined;
    if (!type) return fail('pkttype-bad-type', { value: arg(option) }, option);
    return ok({ negated: option.negated, type });
  },
  save(data) {
    return `${data.negated ? '! ' : ''}--pkt-type ${data.type}`;
  },
  evaluate(data, ctx) {
    const types = ctx.host.addrTypes(ctx.pkt.dst);
    const actual: PktType = types.has('BROADCAST') ? 'broadcast' : types.has('MULTICAST') ? 'multicast' : 'unicast';
    const same = actual === data.type;
    const matched = same !== data.negated;
    return {
      matched,
      explain: [
        say(same ? 'match.pkttype.same' : 'match.pkttype.other', matched, {
          type: actual,
          want: data.type,
          addr: formatIPv4(ctx.pkt.dst),
          negated: data.negated,
        }),
      ],
    };
  },
};
