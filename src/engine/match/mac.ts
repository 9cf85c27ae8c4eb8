// mac: iptables-extensions(8) "mac". [!] --mac-source XX:XX:XX:XX:XX:XX matches the Ethernet source address; the
// kernel allows it only in PREROUTING, INPUT and FORWARD, and a packet with no Ethernet header never matches.
import type { MatchModule } from '../ext/types.ts';
import type { HookName } from '../model/types.ts';
import { HOOKS } from '../model/types.ts';
import { say } from './util/explain.ts';
import { arg, checkOptions, fail, ok } from './util/options.ts';
import { not } from '../translate/words.ts';

export interface MacData {
  negated: boolean;
  /** Lowercase, colon-separated, as iptables-save prints it. */
  mac: string;
}

const MAC_HOOKS: readonly HookName[] = ['PREROUTING', 'INPUT', 'FORWARD'];
const MAC = /^[0-9a-fA-F]{1,2}(:[0-9a-fA-F]{1,2}){5}$/;

export function normalizeMac(text: string): string | undefined {
  if (!MAC.test(text)) return undefined;
  return text
    .split(':')
    .map((b) => b.toLowerCase().padStart(2, '0'))
    .join(':');
}

export const macMatch: MatchModule<MacData> = {
  name: 'mac',
  // libxt_mac.c mac_xlate: `ether saddr != 00:01:02:03:04:05`, each byte in two digits.
  translate(data) {
    const mac = data.mac
      .split(':')
      .map((b) => b.padStart(2, '0'))
      .join(':');
    return `ether saddr ${not(data.negated)}${mac}`;
  },
  options: { '--mac-source': { args: 1, negatable: true } },
  hooks: () => MAC_HOOKS,
  parse(options, ctx) {
    const problem = checkOptions('mac', options, this.options);
    if (problem) return problem;
    const option = options[0];
    if (!option) return fail('needs-option', { module: 'mac', option: '--mac-source' });
    const mac = normalizeMac(arg(option));
    if (!mac) return fail('mac-bad-address', { value: arg(option) }, option);
    if ((HOOKS as readonly string[]).includes(ctx.chain) && !MAC_HOOKS.includes(ctx.chain as HookName))
      return fail('mac-wrong-hook', {}, option);
    return ok({ negated: option.negated, mac });
  },
  save(data) {
    return `${data.negated ? '! ' : ''}--mac-source ${data.mac}`;
  },
  evaluate(data, ctx) {
    const seen = ctx.pkt.srcMac === undefined ? undefined : normalizeMac(ctx.pkt.srcMac);
    if (seen === undefined) return { matched: false, explain: [say('match.mac.none', false, { want: data.mac })] };
    const same = seen === data.mac;
    const matched = same !== data.negated;
    return {
      matched,
      explain: [
        say(same ? 'match.mac.same' : 'match.mac.other', matched, { mac: seen, want: data.mac, negated: data.negated }),
      ],
    };
  },
};
