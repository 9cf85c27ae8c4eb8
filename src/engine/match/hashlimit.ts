// hashlimit: iptables-extensions(8) "hashlimit". Like limit, but one token bucket per group of packets
// (--hashlimit-mode srcip,srcport,dstip,dstport; none: one bucket for all), buckets shared by every rule with the
// same --hashlimit-name. --hashlimit-upto rate matches while under the rate; --hashlimit-above while over it.
// Rates in packets (n/sec|min|hour|day, kernel period in microseconds) or bytes (n[kb|mb|b]/s, with
// --hashlimit-burst in bytes). iptables-save prints the kernel's stored values back (revision 3).
// Simulated for packet rates; byte rates and --hashlimit-rate-match are parsed and saved but not simulated.
import type { MatchModule } from '../ext/types.ts';
import type { Packet } from '../model/packet.ts';
import { formatIPv4, prefixToMask } from '../net/ipv4.ts';
import { notSimulated, say } from './util/explain.ts';
import { parseUnsigned } from '../ext/numbers.ts';
import { MatchProblem, arg, checkOptions, fail, ok, refuse } from './util/options.ts';
import { isBareName } from './util/strings.ts';
import { translateHashlimit } from '../translate/hashlimit.ts';

/** XT_HASHLIMIT_SCALE_v2: packet rates are kept as microseconds between packets. */
const SCALE = 1_000_000;
const U32_MAX = 0xffffffffn;
const BYTE_SHIFT = 4n;
const DEFAULT_BURST = 5;
const BURST_MAX = 1_000_000;
const GC_INTERVAL = 1000;
const BYTE_EXPIRE = 15;
const BYTE_EXPIRE_BURST = 60;
const MAX_NAME = 15;
const MODES = ['srcip', 'srcport', 'dstip', 'dstport'] as const;
type Mode = (typeof MODES)[number];

export interface HashlimitData {
  above: boolean;
  bytes: boolean;
  /** Kernel cfg.avg: microseconds per packet, or the byte cost; a decimal string (64-bit). */
  avg: string;
  /** Packets, or in bytes mode the burst in multiples of the byte quantum (0: none). */
  burst: number;
  mode: Mode[];
  name: string;
  size: number;
  max: number;
  gcInterval: number;
  /** Milliseconds. */
  expire: number;
  srcMask: number;
  dstMask: number;
  rateMatch: boolean;
  interval: number;
}

export const costToBytes = (cost: bigint): bigint => ((cost ? U32_MAX / cost : U32_MAX) - 1n) << BYTE_SHIFT;
export const bytesToCost = (bytes: bigint): bigint => U32_MAX / (((bytes >> BYTE_SHIFT) & U32_MAX) + 1n);
const factor = (c: string | undefined): bigint => (c === 'm' ? 1048576n : c === 'k' ? 1024n : 1n);

/** `n/unit` → { avg, mult } as parse_rate; `n[k|m]b/s` → bytes cost as parse_bytes; undefined when neither. */
function parseHashRate(text: string): { avg: bigint; mult: number; bytes: boolean } | MatchProblem | undefined {
  const b = text.indexOf('b/s');
  if (b > 0) {
    const count = BigInt(/^\d+/.exec(text)?.[0] ?? '0');
    if (count === 0n) return undefined;
    const cost = bytesToCost(count * factor(text[b - 1]));
    if (cost === 0n) return new MatchProblem('rate-too-high', { value: text });
    return { avg: cost, mult: BYTE_EXPIRE, bytes: true };
  }
  const slash = text.indexOf('/');
  let mult = 1;
  if (slash >= 0) {
    const unit = text.slice(slash + 1).toLowerCase();
    const units = [
      ['second', 1],
      ['minute', 60],
      ['hour', 3600],
      ['day', 86400],
    ] as const;
    const found = unit === '' ? undefined : units.find(([name]) => name.startsWith(unit));
    if (!found) return undefined;
    mult = found[1];
  }
  const count = BigInt(/^\d+/.exec(text)?.[0] ?? '0');
  if (count === 0n) return undefined;
  const avg = (BigInt(SCALE) * BigInt(mult)) / count;
  if (avg === 0n) return new MatchProblem('rate-too-fast', { value: text });
  return { avg, mult, bytes: false };
}

const PRINT_UNITS = [
  ['day', BigInt(SCALE) * 86400n],
  ['hour', BigInt(SCALE) * 3600n],
  ['min', BigInt(SCALE) * 60n],
  ['sec', BigInt(SCALE)],
] as const;

/** print_rate: the text and the unit's length in ms (the default --hashlimit-htable-expire). */
function printRate(avg: bigint): [string, number] {
  let i = 1;
  for (; i < PRINT_UNITS.length; i++) {
    const mult = PRINT_UNITS[i]![1];
    if (avg > mult || mult / avg < mult % avg) break;
  }
  const [name, mult] = PRINT_UNITS[i - 1]!;
  return [`${mult / avg}/${name}`, Number(mult / BigInt(SCALE)) * 1000];
}

const BYTE_UNITS = [
  ['m', 1048576n],
  ['k', 1024n],
  ['', 1n],
] as const;

/** print_bytes: the rate, the burst text (or ''), and the default expire in ms. */
function printBytes(avg: bigint, burst: number): [string, string, number] {
  const r = costToBytes(avg);
  let i = 0;
  for (; i < BYTE_UNITS.length - 1; i++) {
    const t = BYTE_UNITS[i]![1];
    if (r >= t && bytesToCost(r & ~(t - 1n)) === avg) break;
  }
  const rate = `${r / BYTE_UNITS[i]![1]}${BYTE_UNITS[i]![0]}b/s`;
  if (burst === 0) return [rate, '', BYTE_EXPIRE * 1000];
  const total = r * BigInt(burst);
  let j = 0;
  for (; j < BYTE_UNITS.length - 1; j++) if (total >= BYTE_UNITS[j]![1]) break;
  return [rate, `${total / BYTE_UNITS[j]![1]}${BYTE_UNITS[j]![0]}b`, BYTE_EXPIRE_BURST * 1000];
}

function parseBurst(text: string): bigint | undefined {
  const m = /^(\d+)(.*)$/.exec(text);
  if (!m) return undefined;
  const v = BigInt(m[1]!);
  if (v < 1n || (m[2] === '' && v > BigInt(BURST_MAX))) return undefined;
  return v * factor(m[2]?.[0]);
}

export const hashlimitMatch: MatchModule<HashlimitData> = {
  name: 'hashlimit',
  translate: translateHashlimit,
  options: {
    '--hashlimit-upto': { args: 1, negatable: true },
    '--hashlimit-above': { args: 1, negatable: true },
    '--hashlimit': { args: 1, negatable: true },
    '--hashlimit-srcmask': { args: 1 },
    '--hashlimit-dstmask': { args: 1 },
    '--hashlimit-burst': { args: 1 },
    '--hashlimit-htable-size': { args: 1 },
    '--hashlimit-htable-max': { args: 1 },
    '--hashlimit-htable-gcinterval': { args: 1 },
    '--hashlimit-htable-expire': { args: 1 },
    '--hashlimit-mode': { args: 1 },
    '--hashlimit-name': { args: 1 },
    '--hashlimit-rate-match': { args: 0 },
    '--hashlimit-rate-interval': { args: 1 },
  },
  parse(options) {
    const problem = checkOptions('hashlimit', options, this.options, {
      '--hashlimit-above': '--hashlimit-upto',
      '--hashlimit': '--hashlimit-upto',
    });
    if (problem) return problem;
    let rate: { avg: bigint; mult: number; bytes: boolean } | undefined;
    let above = false;
    let burstBytes: bigint | undefined;
    let burst = DEFAULT_BURST;
    let expire: number | undefined;
    const data: HashlimitData = {
      above: false,
      bytes: false,
      avg: '0',
      burst: DEFAULT_BURST,
      mode: [],
      name: '',
      size: 0,
      max: 0,
      gcInterval: GC_INTERVAL,
      expire: 0,
      srcMask: 32,
      dstMask: 32,
      rateMatch: false,
      interval: 0,
    };
    for (const option of options) {
      const text = arg(option);
      switch (option.name) {
        case '--hashlimit-upto':
        case '--hashlimit':
        case '--hashlimit-above': {
          const r = parseHashRate(text);
          if (r === undefined) return fail('bad-value', { option: option.name, value: text }, option);
          if (r instanceof MatchProblem) return refuse(r, option);
          rate = r;
          above = (option.name === '--hashlimit-above') !== option.negated;
          break;
        }
        case '--hashlimit-burst': {
          const b = parseBurst(text);
          if (b === undefined) return fail('hashlimit-bad-burst', { value: text, max: BURST_MAX }, option);
          burstBytes = b;
          break;
        }
        case '--hashlimit-mode': {
          const words = text.split(/[,|]/).filter((w) => w !== '');
          if (!words.length || words.some((w) => !(MODES as readonly string[]).includes(w)))
            return fail('hashlimit-bad-mode', { value: text }, option);
          data.mode = MODES.filter((m) => words.includes(m));
          break;
        }
        case '--hashlimit-name':
          if (!isBareName(text) || text.length > MAX_NAME) return fail('hashlimit-bad-name', { max: MAX_NAME }, option);
          data.name = text;
          break;
        case '--hashlimit-srcmask':
        case '--hashlimit-dstmask': {
          const len = parseUnsigned(text, 0, 32);
          if (len === undefined) return fail('bad-prefix-length', { value: text }, option);
          if (option.name === '--hashlimit-srcmask') data.srcMask = len;
          else data.dstMask = len;
          break;
        }
        case '--hashlimit-rate-match':
          data.rateMatch = true;
          break;
        case '--hashlimit-rate-interval': {
          const n = parseInt(text, 10);
          if (!(n > 0)) return fail('bad-value', { option: option.name, value: text }, option);
          data.interval = n;
          break;
        }
        default: {
          const n = parseUnsigned(text);
          if (n === undefined) return fail('bad-number', { value: text }, option);
          if (option.name === '--hashlimit-htable-size') data.size = n;
          else if (option.name === '--hashlimit-htable-max') data.max = n;
          else if (option.name === '--hashlimit-htable-gcinterval') data.gcInterval = n;
          else expire = n;
        }
      }
    }
    if (!rate) return fail('hashlimit-needs-rate', {}, options[0]);
    if (!data.name) return fail('needs-option', { module: 'hashlimit', option: '--hashlimit-name' }, options[0]);
    let avg = rate.avg;
    data.expire = expire ?? rate.mult * 1000;
    if (rate.bytes) {
      burst = 0;
      if (burstBytes !== undefined) {
        const quantum = costToBytes(avg);
        if (burstBytes < quantum) return fail('hashlimit-burst-too-small', { min: quantum.toString() });
        burst = Number(burstBytes / quantum + (burstBytes % quantum ? 1n : 0n));
        if (expire === undefined) data.expire = BYTE_EXPIRE_BURST * 1000;
      }
    } else if (burstBytes !== undefined) {
      if (burstBytes > BigInt(BURST_MAX)) return fail('hashlimit-burst-too-big', { max: BURST_MAX });
      burst = Number(burstBytes);
    }
    if (data.rateMatch) {
      if (!rate.bytes) avg /= BigInt(rate.mult);
      if (data.interval === 0) data.interval = rate.bytes ? 1 : rate.mult;
    }
    return ok({ ...data, above, bytes: rate.bytes, avg: avg.toString(), burst });
  },
  save(data) {
    const avg = BigInt(data.avg);
    const parts = [data.above ? '--hashlimit-above' : '--hashlimit-upto'];
    let quantum: number;
    if (data.bytes) {
      const [rate, burst, q] = printBytes(avg, data.burst);
      parts.push(rate);
      if (burst) parts.push(`--hashlimit-burst ${burst}`);
      quantum = q;
    } else {
      const [rate, q] = printRate(avg);
      parts.push(rate, `--hashlimit-burst ${data.burst}`);
      quantum = q;
    }
    if (data.mode.length) parts.push(`--hashlimit-mode ${data.mode.join(',')}`);
    parts.push(`--hashlimit-name ${data.name}`);
    if (data.size) parts.push(`--hashlimit-htable-size ${data.size}`);
    if (data.max) parts.push(`--hashlimit-htable-max ${data.max}`);
    if (data.gcInterval !== GC_INTERVAL) parts.push(`--hashlimit-htable-gcinterval ${data.gcInterval}`);
    if (data.expire !== quantum) parts.push(`--hashlimit-htable-expire ${data.expire}`);
    if (data.srcMask !== 32) parts.push(`--hashlimit-srcmask ${data.srcMask}`);
    if (data.dstMask !== 32) parts.push(`--hashlimit-dstmask ${data.dstMask}`);
    if (data.rateMatch) {
      parts.push('--hashlimit-rate-match');
      if (data.interval !== 1) parts.push(`--hashlimit-rate-interval ${data.interval}`);
    }
    return parts.join(' ');
  },
  evaluate(data, ctx) {
    if (data.bytes || data.rateMatch) return notSimulated('hashlimit');
    const key = bucketKey(data, ctx.pkt);
    const table = ctx.sharedState
      ? ctx.sharedState(`hashlimit:${data.name}`, () => new Map<string, { credit: number; prev: number }>())
      : ctx.ruleState(() => new Map<string, { credit: number; prev: number }>());
    // Credits in microseconds: a packet costs avg, the bucket holds avg * burst, time adds credit one for one.
    const avg = Number(data.avg);
    const cap = avg * data.burst;
    const now = Math.round(ctx.now * SCALE);
    const bucket = table.get(key) ?? { credit: cap, prev: now };
    bucket.credit = Math.min(cap, bucket.credit + Math.max(0, now - bucket.prev));
    bucket.prev = now;
    table.set(key, bucket);
    const under = bucket.credit >= avg;
    if (under) bucket.credit -= avg;
    const matched = under !== data.above;
    const params = { rate: printRate(BigInt(data.avg))[0], burst: data.burst, key, mode: data.mode.join(',') };
    const id = `match.hashlimit.${under ? 'under' : 'over'}${key ? '' : '-shared'}` as const;
    return { matched, explain: [say(id, matched, params)] };
  },
};

function bucketKey(data: HashlimitData, pkt: Packet): string {
  return data.mode
    .map((m) => {
      if (m === 'srcip') return formatIPv4((pkt.src & prefixToMask(data.srcMask)) >>> 0);
      if (m === 'dstip') return formatIPv4((pkt.dst & prefixToMask(data.dstMask)) >>> 0);
      return String((m === 'srcport' ? pkt.sport : pkt.dport) ?? 0);
    })
    .join(',');
}
