// NFQUEUE (iptables-extensions(8)): hands the packet to a userspace program through nfnetlink_queue; the program
// decides its fate. No program listens in the lab, so the kernel's rule for that case applies: the packet is dropped,
// or with --queue-bypass it is accepted as if by ACCEPT. iptables-save (libxt_NFQUEUE.t) prints --queue-num N, or
// --queue-balance first:last for more than one queue, then --queue-bypass and --queue-cpu-fanout.
import type { OptionSpec, TargetModule } from '../ext/types.ts';
import { say } from './util/messages.ts';
import { parseUnsigned } from '../ext/numbers.ts';
import { arg, checkOptions, exclusive, fail, joinSaved, ok } from './util/options.ts';
import { words } from '../translate/words.ts';

export interface NfqueueData {
  first: number;
  /** How many queues, from `first` on (1 for --queue-num). */
  total: number;
  bypass: boolean;
  cpuFanout: boolean;
}

/** A balance bound is at most 65534: the count of queues must fit in 16 bits (libxt_NFQUEUE.t: 0:65535 fails). */
const MAX_BALANCE = 0xfffe;

const OPTIONS: Record<string, OptionSpec> = {
  '--queue-num': { args: 1 },
  '--queue-balance': { args: 1 },
  '--queue-bypass': { args: 0 },
  '--queue-cpu-fanout': { args: 0 },
};

/** `first:last`, either side may be empty (`:4` is 0:4, `4:` is 4:65534); first must be below last. */
function parseBalance(text: string): { first: number; last: number } | undefined {
  const colon = text.indexOf(':');
  if (colon < 0) return undefined;
  const firstText = text.slice(0, colon);
  const lastText = text.slice(colon + 1);
  const first = firstText === '' ? 0 : parseUnsigned(firstText, 0, MAX_BALANCE);
  const last = lastText === '' ? MAX_BALANCE : parseUnsigned(lastText, 0, MAX_BALANCE);
  if (first === undefined || last === undefined || first >= last) return undefined;
  return { first, last };
}

export const nfqueueTarget: TargetModule<NfqueueData> = {
  name: 'NFQUEUE',
  // libxt_NFQUEUE.c NFQUEUE_xlate (iptables 1.8.9): `queue num 3`, `queue num 1-3 bypass,fanout`.
  translate(data) {
    const num = data.total > 1 ? `${data.first}-${data.first + data.total - 1}` : String(data.first);
    const flags = [data.bypass && 'bypass', data.cpuFanout && 'fanout'].filter(Boolean).join(',');
    return words('queue num', num, flags);
  },
  options: OPTIONS,
  parse(options) {
    const bad =
      checkOptions('NFQUEUE', options, OPTIONS) ?? exclusive('NFQUEUE', options, ['--queue-num', '--queue-balance']);
    if (bad) return bad;
    const data: NfqueueData = { first: 0, total: 1, bypass: false, cpuFanout: false };
    for (const option of options) {
      const value = arg(option);
      if (option.name === '--queue-num') {
        const num = parseUnsigned(value, 0, 0xffff);
        if (num === undefined) return fail('bad-number', { option: option.name, value, min: 0, max: 0xffff }, option);
        data.first = num;
      } else if (option.name === '--queue-balance') {
        const range = parseBalance(value);
        if (!range) return fail('nfqueue-bad-balance', { option: option.name, value, max: MAX_BALANCE }, option);
        data.first = range.first;
        data.total = range.last - range.first + 1;
      } else if (option.name === '--queue-bypass') data.bypass = true;
      else if (option.name === '--queue-cpu-fanout') data.cpuFanout = true;
    }
    return ok(data);
  },
  save(data) {
    return joinSaved([
      data.total > 1 ? `--queue-balance ${data.first}:${data.first + data.total - 1}` : `--queue-num ${data.first}`,
      data.bypass && '--queue-bypass',
      data.cpuFanout && '--queue-cpu-fanout',
    ]);
  },
  apply(data) {
    const explain = [
      data.total > 1
        ? say('nfqueue.balance', { first: data.first, last: data.first + data.total - 1 })
        : say('nfqueue.queue', { num: data.first }),
      say(data.bypass ? 'nfqueue.no-listener-bypass' : 'nfqueue.no-listener-drop'),
    ];
    return { verdict: { kind: 'queue', num: data.first, bypass: data.bypass }, explain };
  },
};
