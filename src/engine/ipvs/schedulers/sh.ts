// sh (net/netfilter/ipvs/ip_vs_sh.c): a 256-bucket table; ip_vs_sh_reassign fills it walking the server list,
// giving each server `weight` consecutive buckets before moving on (a weight-0 server still gets one bucket per
// round, but is unavailable). The bucket is hash_32(ntohs(port) + ntohl(saddr), 8), port 0 unless sh-port.
// Without sh-fallback an unavailable server means "no destination"; with it, the following offsets are tried.
import { formatIPv4 } from '../../net/ipv4.ts';
import { available, why, type DestState, type SchedulerModule } from './types.ts';

export const SH_TAB_SIZE = 256;
const GOLDEN_RATIO_32 = 0x61c88647;

/** include/linux/hash.h hash_32: the top `bits` bits of val × GOLDEN_RATIO_32 (mod 2^32). */
export function hash32(val: number, bits: number): number {
  return Math.imul(val >>> 0, GOLDEN_RATIO_32) >>> (32 - bits);
}

export function shHashKey(addr: number, port: number, offset: number): number {
  return (offset + hash32((port + addr) >>> 0, 8)) & (SH_TAB_SIZE - 1);
}

/** Bucket → index of its server (-1 when there are no servers). */
export function shBuckets(dests: readonly DestState[]): number[] {
  const buckets = new Array<number>(SH_TAB_SIZE).fill(-1);
  if (dests.length === 0) return buckets;
  let p = 0;
  let count = 0;
  for (let i = 0; i < SH_TAB_SIZE; i++) {
    buckets[i] = p;
    if (++count >= dests[p]!.dest.weight) {
      p = (p + 1) % dests.length;
      count = 0;
    }
  }
  return buckets;
}

export const sh: SchedulerModule<number[]> = {
  name: 'sh',
  init: (dests) => shBuckets(dests),
  schedule(buckets, dests, pkt, flags) {
    const port = flags.includes('sh-port') ? pkt.sport : 0;
    const bucket = shHashKey(pkt.src, port, 0);
    const src = formatIPv4(pkt.src);
    let index = buckets[bucket]!;
    if (index >= 0 && !available(dests[index]!) && flags.includes('sh-fallback')) {
      for (let offset = 0; offset < SH_TAB_SIZE; offset++) {
        const next = buckets[shHashKey(pkt.src, port, (offset + bucket) % SH_TAB_SIZE)]!;
        if (available(dests[next]!)) {
          index = next;
          break;
        }
      }
    }
    if (index < 0 || !available(dests[index]!))
      return { index: null, explain: why('hash-unavailable', { sched: 'sh', bucket, size: SH_TAB_SIZE }, false) };
    return { index, explain: why('sh', { src, bucket, size: SH_TAB_SIZE, server: dests[index]!.label }) };
  },
  shares(buckets, dests, flags) {
    if (flags.includes('sh-fallback')) return undefined;
    return bucketShares(buckets, dests);
  },
};

/** Each server's share of the table's buckets, counting only servers that take connections. */
export function bucketShares(buckets: readonly number[], dests: readonly DestState[]): number[] {
  const counts = dests.map(() => 0);
  for (const b of buckets) if (b >= 0 && available(dests[b]!)) counts[b]! += 1;
  return counts.map((c) => c / buckets.length);
}
