// NFLOG (iptables-extensions(8)): hands the packet to the nfnetlink_log group for a logging program (ulogd),
// then the chain goes on. iptables-save prints prefix, group (when not 0), size or range, threshold (when not 0)
// (libxt_NFLOG.t).
import type { OptionSpec, TargetModule } from '../ext/types.ts';
import { say } from './util/messages.ts';
import { parseUnsigned } from '../ext/numbers.ts';
import { arg, checkOptions, exclusive, fail, joinSaved, ok } from './util/options.ts';
import { saveString } from './util/saveString.ts';
import { quoted, words } from '../translate/words.ts';

export interface NflogData {
  group: number;
  prefix: string;
  /** --nflog-size (copy this many bytes) or the legacy --nflog-range. */
  size?: { option: '--nflog-size' | '--nflog-range'; bytes: number };
  threshold: number;
}

/** struct xt_nflog_info holds a 64-byte prefix with its NUL; iptables-nft keeps the first 63 characters. */
const MAX_PREFIX = 63;

const OPTIONS: Record<string, OptionSpec> = {
  '--nflog-group': { args: 1 },
  '--nflog-prefix': { args: 1 },
  '--nflog-range': { args: 1 },
  '--nflog-size': { args: 1 },
  '--nflog-threshold': { args: 1 },
};

const LIMITS: Readonly<Record<string, number>> = {
  '--nflog-group': 0xffff,
  '--nflog-range': 0xffffffff,
  '--nflog-size': 0xffffffff,
  '--nflog-threshold': 0xffff,
};

export const nflogTarget: TargetModule<NflogData> = {
  name: 'NFLOG',
  // libxt_NFLOG.c NFLOG_xlate (iptables 1.8.9): `log prefix "x" snaplen 10 queue-threshold 3 group 5`; the group is
  // always written, the legacy --nflog-range never (it never worked).
  translate(data) {
    return words(
      'log',
      data.prefix !== '' && `prefix ${quoted(data.prefix)}`,
      data.size?.option === '--nflog-size' && `snaplen ${data.size.bytes}`,
      data.threshold !== 0 && `queue-threshold ${data.threshold}`,
      `group ${data.group}`,
    );
  },
  options: OPTIONS,
  parse(options) {
    const bad =
      checkOptions('NFLOG', options, OPTIONS) ?? exclusive('NFLOG', options, ['--nflog-range', '--nflog-size']);
    if (bad) return bad;
    const data: NflogData = { group: 0, prefix: '', threshold: 0 };
    for (const option of options) {
      const value = arg(option);
      if (option.name === '--nflog-prefix') {
        if (value.length === 0) return fail('log-empty-prefix', { option: option.name }, option);
        if (value.includes('\n')) return fail('log-newline-prefix', { option: option.name }, option);
        data.prefix = value.slice(0, MAX_PREFIX);
        continue;
      }
      const max = LIMITS[option.name] ?? 0;
      const number = parseUnsigned(value, 0, max);
      if (number === undefined) return fail('bad-number', { option: option.name, value, min: 0, max }, option);
      if (option.name === '--nflog-group') data.group = number;
      else if (option.name === '--nflog-threshold') data.threshold = number;
      else if (option.name === '--nflog-size' || option.name === '--nflog-range')
        data.size = { option: option.name, bytes: number };
    }
    return ok(data);
  },
  save(data) {
    return joinSaved([
      data.prefix && `--nflog-prefix ${saveString(data.prefix)}`,
      data.group !== 0 && `--nflog-group ${data.group}`,
      data.size && `${data.size.option} ${data.size.bytes}`,
      data.threshold !== 0 && `--nflog-threshold ${data.threshold}`,
    ]);
  },
  apply(data) {
    return {
      verdict: { kind: 'continue' },
      explain: [say(data.prefix ? 'nflog.sent-prefix' : 'nflog.sent', { group: data.group, prefix: data.prefix })],
    };
  },
};
