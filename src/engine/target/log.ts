// LOG (iptables-extensions(8)): writes a kernel log line about the packet, then the chain goes on. iptables-save
// prints the prefix, the level only when it is not the default warning (4) and by number, then the flags in a
// fixed order (libipt_LOG.t).
import type { OptionSpec, TargetModule } from '../ext/types.ts';
import { formatLogLine } from './util/logLine.ts';
import { say } from './util/messages.ts';
import { parseUnsigned } from '../ext/numbers.ts';
import { arg, checkOptions, fail, joinSaved, ok } from './util/options.ts';
import { saveString } from './util/saveString.ts';
import { quoted, words } from '../translate/words.ts';

/** nft's log level names by syslog number (nft(8) LOG STATEMENT). */
const NFT_LOG_LEVELS = ['emerg', 'alert', 'crit', 'err', 'warn', 'notice', 'info', 'debug'];

export const LOG_FLAGS = [
  '--log-tcp-sequence',
  '--log-tcp-options',
  '--log-ip-options',
  '--log-uid',
  '--log-macdecode',
] as const;
export type LogFlag = (typeof LOG_FLAGS)[number];

/** include/uapi/linux/netfilter/xt_LOG.h */
const LOG_FLAG_BITS: Readonly<Record<LogFlag, number>> = {
  '--log-tcp-sequence': 0x01,
  '--log-tcp-options': 0x02,
  '--log-ip-options': 0x04,
  '--log-uid': 0x08,
  '--log-macdecode': 0x20,
};

export interface LogData {
  level: number;
  prefix: string;
  flags: LogFlag[];
}

/** syslog(3) levels; `error` and `panic` are iptables' deprecated spellings of err and emerg. */
const LEVEL_NAMES: Readonly<Record<string, number>> = {
  emerg: 0,
  panic: 0,
  alert: 1,
  crit: 2,
  error: 3,
  warning: 4,
  notice: 5,
  info: 6,
  debug: 7,
};
export const LEVEL_WORDS = ['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug'] as const;
const DEFAULT_LEVEL = 4;
/** The kernel's prefix buffer is 30 bytes with its terminating NUL (struct ipt_log_info). */
const MAX_PREFIX = 29;

const OPTIONS: Record<string, OptionSpec> = {
  '--log-level': { args: 1 },
  '--log-prefix': { args: 1 },
  ...Object.fromEntries(LOG_FLAGS.map((flag) => [flag, { args: 0 }])),
};

function logFlagWords(flags: readonly LogFlag[]): string {
  const has = (flag: LogFlag) => flags.includes(flag);
  if (LOG_FLAGS.every(has)) return 'flags all';
  const tcp = [has('--log-tcp-sequence') && 'sequence', has('--log-tcp-options') && 'options'].filter(Boolean);
  return words(
    tcp.length > 0 && `flags tcp ${tcp.join(',')}`,
    has('--log-ip-options') && 'flags ip options',
    has('--log-uid') && 'flags skuid',
    has('--log-macdecode') && 'flags ether',
  );
}

function isFlag(name: string): name is LogFlag {
  return (LOG_FLAGS as readonly string[]).includes(name);
}

export const logTarget: TargetModule<LogData> = {
  name: 'LOG',
  // libxt_LOG.c LOG_xlate (iptables 1.8.9): `log prefix "x" level err` (the default warning is left out), then the
  // flags: `flags tcp sequence,options` (either alone as `flags tcp sequence`), `flags ip options`, `flags skuid`,
  // `flags ether`; all five together are `flags all`.
  translate(data) {
    const level = NFT_LOG_LEVELS[data.level] ?? String(data.level);
    return words(
      'log',
      data.prefix !== '' && `prefix ${quoted(data.prefix)}`,
      data.level !== DEFAULT_LEVEL && `level ${level}`,
      logFlagWords(data.flags),
    );
  },
  options: OPTIONS,
  parse(options) {
    const bad = checkOptions('LOG', options, OPTIONS);
    if (bad) return bad;
    const data: LogData = { level: DEFAULT_LEVEL, prefix: '', flags: [] };
    for (const option of options) {
      const value = arg(option);
      if (option.name === '--log-level') {
        const level = parseUnsigned(value, 0, 7) ?? LEVEL_NAMES[value];
        if (level === undefined) return fail('log-bad-level', { value }, option);
        data.level = level;
      } else if (option.name === '--log-prefix') {
        if (value.length === 0) return fail('log-empty-prefix', { option: option.name }, option);
        if (value.includes('\n')) return fail('log-newline-prefix', { option: option.name }, option);
        // libxtables copies a string option into its fixed-size field and cuts what does not fit
        // (xtopt_parse_string): a longer prefix is kept to its first 29 characters, without an error.
        data.prefix = value.slice(0, MAX_PREFIX);
      } else if (isFlag(option.name)) {
        data.flags.push(option.name);
      }
    }
    return ok(data);
  },
  save(data) {
    return joinSaved([
      data.prefix && `--log-prefix ${saveString(data.prefix)}`,
      data.level !== DEFAULT_LEVEL && `--log-level ${data.level}`,
      ...LOG_FLAGS.filter((flag) => data.flags.includes(flag)),
    ]);
  },
  list(data) {
    // libxt_LOG print with numeric on: the flag bits (XT_LOG_TCPSEQ 1, TCPOPT 2, IPOPT 4, UID 8, MACDECODE 0x20).
    const bits = data.flags.reduce((sum, flag) => sum + LOG_FLAG_BITS[flag], 0);
    return ` LOG flags ${bits} level ${data.level}${data.prefix ? ` prefix "${data.prefix}"` : ''}`;
  },
  apply(data, ctx) {
    const line = formatLogLine(data.prefix, ctx, data.flags.includes('--log-uid'));
    const level = `${data.level} (${LEVEL_WORDS[data.level] ?? data.level})`;
    return { verdict: { kind: 'continue' }, explain: [say('log.line', { level, line })] };
  },
};
