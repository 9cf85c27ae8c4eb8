// hashlimit as libxt_hashlimit.c hashlimit_mt_xlate writes it (iptables 1.8.9, revision 3): a meter named after the
// hash table, keyed by the mode's fields in the kernel's bit order (dstip, dstport, srcip, srcport; the ports are
// always `tcp`), an address with its mask (`ip saddr and 255.255.255.0`), `timeout` unless the entries expire after
// exactly 1 s, then the rate: `meter ssh { ip saddr timeout 60s limit rate over 10/minute burst 3 packets }`.
import type { HashlimitData } from '../match/hashlimit.ts';
import { costToBytes, bytesToCost } from '../match/hashlimit.ts';
import { formatIPv4, prefixToMask } from '../net/ipv4.ts';

const KEYS = [
  ['dstip', 'ip daddr'],
  ['dstport', 'tcp dport'],
  ['srcip', 'ip saddr'],
  ['srcport', 'tcp sport'],
] as const;

/** XT_HASHLIMIT_SCALE_v2 per unit, the longest first (rates_xlate). */
const RATES: readonly [string, bigint][] = [
  ['day', 86_400_000_000n],
  ['hour', 3_600_000_000n],
  ['minute', 60_000_000n],
  ['second', 1_000_000n],
];

const UNITS: readonly [string, bigint][] = [
  ['m', 1024n * 1024n],
  ['k', 1024n],
  ['', 1n],
];

/** print_packets_rate_xlate: the longest unit that still divides without losing more than it keeps. */
function packetRate(avg: bigint): string {
  let i = 1;
  for (; i < RATES.length; i++) {
    const mult = RATES[i]![1];
    if (avg > mult || mult / avg < mult % avg) break;
  }
  const [name, mult] = RATES[i - 1]!;
  return `${mult / avg}/${name}`;
}

/** print_bytes_rate_xlate: `512 kbytes/second burst 1 mbytes`. */
function byteRate(avg: bigint, burst: number): string {
  let r = costToBytes(avg);
  let i = 0;
  for (; i < UNITS.length - 1; i++) {
    const thresh = UNITS[i]![1];
    if (r >= thresh && bytesToCost(r & ~(thresh - 1n)) === avg) break;
  }
  const rate = `${r / UNITS[i]![1]} ${UNITS[i]![0]}bytes/second`;
  r *= BigInt(burst);
  let j = 0;
  while (j < UNITS.length - 1 && r < UNITS[j]![1]) j++;
  return burst > 0 ? `${rate} burst ${r / UNITS[j]![1]} ${UNITS[j]![0]}bytes` : rate;
}

/** null without a mode (the xlate refuses) and with --hashlimit-rate-match (1.8.9 writes `(null)` for it). */
export function translateHashlimit(data: HashlimitData): string | null {
  if (data.mode.length === 0 || data.rateMatch) return null;
  const key = KEYS.filter(([mode]) => data.mode.includes(mode)).map(([mode, words]) => {
    const prefix = mode === 'dstip' ? data.dstMask : mode === 'srcip' ? data.srcMask : 32;
    return prefix === 32 ? words : `${words} and ${formatIPv4(prefixToMask(prefix))}`;
  });
  const avg = BigInt(data.avg);
  const rate = data.bytes
    ? byteRate(avg, data.burst)
    : `${packetRate(avg)}${data.burst !== DEFAULT_BURST ? ` burst ${data.burst} packets` : ''}`;
  const timeout = data.expire !== 1000 ? ` timeout ${Math.floor(data.expire / 1000)}s` : '';
  return `meter ${data.name} { ${key.join(' . ')}${timeout} limit rate${data.above ? ' over' : ''} ${rate} }`;
}

/** XT_HASHLIMIT_BURST */
const DEFAULT_BURST = 5;
