// dh (net/netfilter/ipvs/ip_vs_dh.c): a 256-bucket table filled one bucket per server, round robin over the list
// (weights are not used to fill it); the bucket is (ntohl(daddr) × 2654435761) & 255. The server must have a
// positive weight and not be overloaded, else "no destination".
import { formatIPv4 } from '../../net/ipv4.ts';
import { available, why, type SchedulerModule } from './types.ts';
import { bucketShares } from './sh.ts';

export const DH_TAB_SIZE = 256;

export function dhHashKey(addr: number): number {
  return Math.imul(addr >>> 0, 2654435761 | 0) & (DH_TAB_SIZE - 1);
}

export const dh: SchedulerModule<number[]> = {
  name: 'dh',
  init: (dests) => Array.from({ length: DH_TAB_SIZE }, (_, i) => (dests.length ? i % dests.length : -1)),
  schedule(buckets, dests, pkt) {
    const bucket = dhHashKey(pkt.dst);
    const index = buckets[bucket]!;
    if (index < 0 || !available(dests[index]!))
      return { index: null, explain: why('hash-unavailable', { sched: 'dh', bucket, size: DH_TAB_SIZE }, false) };
    return {
      index,
      explain: why('dh', { dst: formatIPv4(pkt.dst), bucket, size: DH_TAB_SIZE, server: dests[index]!.label }),
    };
  },
  shares: (buckets, dests) => bucketShares(buckets, dests),
};
