// libxt_conntrack's xlate (libxt_conntrack.txlate): the tests in its fixed order — direction, original protocol,
// state, status, expiration, the four addresses, the four ports.
import type { ConntrackData } from '../match/conntrack.ts';
import { formatIPv4, maskToPrefix } from '../net/ipv4.ts';
import { ctStateWords } from './ct.ts';
import type { TranslateContext } from './types.ts';
import { not, portRange, words } from './words.ts';

const ADDRS = [
  ['ctorigsrc', 'ct original saddr'],
  ['ctorigdst', 'ct original daddr'],
  ['ctreplsrc', 'ct reply saddr'],
  ['ctrepldst', 'ct reply daddr'],
] as const;
const PORTS = [
  ['ctorigsrcport', 'ct original proto-src'],
  ['ctorigdstport', 'ct original proto-dst'],
  ['ctreplsrcport', 'ct reply proto-src'],
  ['ctrepldstport', 'ct reply proto-dst'],
] as const;

export function translateConntrack(data: ConntrackData, ctx: TranslateContext): string | null {
  const state = data.state ? ctStateWords(data.state.value, data.state.negated, ctx.lost) : '';
  const addrs: string[] = [];
  for (const [field, key] of ADDRS) {
    const test = data.addrs[field];
    if (!test) continue;
    const prefix = maskToPrefix(test.value.mask);
    if (prefix === undefined) return null;
    const addr = formatIPv4((test.value.addr & test.value.mask) >>> 0);
    addrs.push(`${key} ${not(test.negated)}${prefix === 32 ? addr : `${addr}/${prefix}`}`);
  }
  const status = data.status;
  return words(
    data.dir && `ct direction ${data.dir.toLowerCase()}`,
    data.proto && `ct original protocol ${not(data.proto.negated)}${data.proto.value}`,
    state,
    status &&
      // An empty list (--ctstatus NONE) is written as nothing after `ct status` (iptables 1.8.9).
      `ct status ${status.negated ? '! ' : ''}${status.value.map((s) => s.toLowerCase().replace('_', '-')).join(',')}`.trimEnd(),
    data.expire && `ct expiration ${not(data.expire.negated)}${portRange(data.expire.value)}`,
    ...addrs,
    ...PORTS.map(([field, key]) => {
      const test = data.ports[field];
      return test && `${key} ${not(test.negated)}${portRange(test.value)}`;
    }),
  );
}
