// REJECT (iptables-extensions(8)): drops the packet and sends an error back: an ICMP destination-unreachable
// (icmp-port-unreachable by default) or, for TCP, a RST. The kernel registers it for the filter table only, in
// INPUT, FORWARD and OUTPUT (ipt_REJECT.c: `.table = "filter"`; iptables-nft refused it in mangle: conformance
// rej17), and refuses tcp-reset unless the rule matches `-p tcp` without `!` (reject_tg_check).
import type { OptionSpec, RejectWith, TargetModule } from '../ext/types.ts';
import { IPPROTO } from '../model/packet.ts';
import { say } from './util/messages.ts';
import { arg, checkOptions, fail, ok } from './util/options.ts';

export interface RejectData {
  with: RejectWith;
}

/**
 * libipt_REJECT's table in its order, with each type's short alias. iptables compares the user's word with the
 * start of each name and alias, ignoring case, and takes the first that fits (so `tcp` means tcp-reset).
 */
const REJECT_TYPES: readonly { name: RejectWith; alias: string; icmpCode?: number }[] = [
  { name: 'icmp-net-unreachable', alias: 'net-unreach', icmpCode: 0 },
  { name: 'icmp-host-unreachable', alias: 'host-unreach', icmpCode: 1 },
  { name: 'icmp-proto-unreachable', alias: 'proto-unreach', icmpCode: 2 },
  { name: 'icmp-port-unreachable', alias: 'port-unreach', icmpCode: 3 },
  { name: 'icmp-net-prohibited', alias: 'net-prohib', icmpCode: 9 },
  { name: 'icmp-host-prohibited', alias: 'host-prohib', icmpCode: 10 },
  { name: 'tcp-reset', alias: 'tcp-rst' },
  { name: 'icmp-admin-prohibited', alias: 'admin-prohib', icmpCode: 13 },
];

/**
 * The ICMP destination-unreachable code (RFC 792, RFC 1812) a --reject-with type answers with; undefined for
 * tcp-reset. The tracer builds the reply from it, so the explanation and the packet cannot disagree.
 */
export function rejectIcmpCode(withType: RejectWith): number | undefined {
  return REJECT_TYPES.find((t) => t.name === withType)?.icmpCode;
}

const OPTIONS: Record<string, OptionSpec> = { '--reject-with': { args: 1 } };

function lookup(word: string): (typeof REJECT_TYPES)[number] | undefined {
  const lower = word.toLowerCase();
  return REJECT_TYPES.find((t) => t.name.startsWith(lower) || t.alias.startsWith(lower));
}

export const rejectTarget: TargetModule<RejectData> = {
  name: 'REJECT',
  // libipt_REJECT.txlate: the default port-unreachable is a plain `reject`; `reject with tcp reset`,
  // `reject with icmp type net-unreachable`.
  translate(data) {
    if (data.with === 'icmp-port-unreachable') return 'reject';
    if (data.with === 'tcp-reset') return 'reject with tcp reset';
    const type = data.with.replace(/^icmp-/, '').replace('proto-', 'prot-');
    return `reject with icmp type ${type}`;
  },
  options: OPTIONS,
  tables: ['filter'],
  hooks: ['INPUT', 'FORWARD', 'OUTPUT'],
  parse(options, ctx) {
    const bad = checkOptions('REJECT', options, OPTIONS);
    if (bad) return bad;
    const option = options[0];
    if (!option) return ok({ with: 'icmp-port-unreachable' });
    const type = lookup(arg(option));
    if (!type) return fail('reject-unknown-type', { value: arg(option) }, option);
    if (type.name === 'tcp-reset' && ctx.proto !== IPPROTO.tcp) return fail('reject-tcp-reset-needs-tcp', {}, option);
    return ok({ with: type.name });
  },
  save(data) {
    return `--reject-with ${data.with}`;
  },
  list(data) {
    return ` reject-with ${data.with}`;
  },
  apply(data) {
    const code = rejectIcmpCode(data.with);
    const explain = code === undefined ? say('reject.tcp-reset') : say('reject.icmp', { with: data.with, code });
    return { verdict: { kind: 'reject', with: data.with }, explain: [explain] };
  },
};
