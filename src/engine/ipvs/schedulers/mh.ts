// mh, Maglev hashing (net/netfilter/ipvs/ip_vs_mh.c): a lookup table of 4093 slots (primes[CONFIG_IP_VS_MH_TAB_INDEX
// − 8], default index 12). Each server gets offset = hsiphash(addr+port, key1) % 4093 and
// skip = hsiphash(addr+port, key2) % 4092 + 1; ip_vs_mh_populate lets servers claim, in list order and `turns` at a
// time (last_weight / gcd, shifted), their next free preferred slot until the table is full. A connection goes to
// the slot hsiphash(ntohs(port) + ntohl(saddr), key1) % 4093 (port 0 unless mh-port).
import { formatIPv4 } from '../../net/ipv4.ts';
import { available, gcd, why, type DestState, type SchedulerModule } from './types.ts';
import { hsiphash32 } from './hsiphash.ts';
import { bucketShares } from './sh.ts';

export const MH_TAB_SIZE = 4093;
const MH_TAB_BITS = 12 / 2;
// generate_hash_secret: fixed keys, so every host builds the same table.
const KEY1: [bigint, bigint] = [2654435761n, 2654435761n];
const KEY2: [bigint, bigint] = [2654446892n, 2654446892n];

export function mhHashKey(addr: number, port: number, key: readonly [bigint, bigint], offset = 0): number {
  return hsiphash32((offset + port + addr) >>> 0, key[0], key[1]);
}

/** fls: the position of the highest set bit (1-based), 0 for 0. */
function fls(x: number): number {
  return x === 0 ? 0 : 32 - Math.clz32(x);
}

/** The populated lookup table: slot → index of its server, -1 when nothing could fill it. */
export function mhTable(dests: readonly DestState[]): number[] {
  const table = new Array<number>(MH_TAB_SIZE).fill(-1);
  // last_weight: the weight the server was added with (the lab loads its config once).
  const weights = dests.map((d) => d.dest.weight);
  const g = weights.reduce((acc, w) => (w > 0 ? (acc > 0 ? gcd(w, acc) : w) : acc), 0);
  if (g < 1) return table;
  const shift = Math.max(0, fls(Math.floor(Math.max(...weights) / g)) - MH_TAB_BITS);
  const setup = dests.map((d, i) => {
    const offset = mhHashKey(d.dest.addr, d.dest.port, KEY1) % MH_TAB_SIZE;
    const skip = (mhHashKey(d.dest.addr, d.dest.port, KEY2) % (MH_TAB_SIZE - 1)) + 1;
    const w = weights[i]!;
    const turns = Math.floor(w / g) >> shift || (w !== 0 ? 1 : 0);
    return { perm: offset, skip, turns };
  });
  const taken = new Uint8Array(MH_TAB_SIZE);
  let n = 0;
  let count = 0;
  let p = 0;
  while (n < MH_TAB_SIZE) {
    if (p >= dests.length) p = 0;
    while (p < dests.length) {
      const ds = setup[p]!;
      if (ds.turns < 1) {
        p++;
        continue;
      }
      while (taken[ds.perm]) {
        ds.perm += ds.skip;
        if (ds.perm >= MH_TAB_SIZE) ds.perm -= MH_TAB_SIZE;
      }
      taken[ds.perm] = 1;
      table[ds.perm] = p;
      if (++n === MH_TAB_SIZE) return table;
      if (++count >= ds.turns) {
        count = 0;
        p++;
      }
    }
  }
  return table;
}

export const mh: SchedulerModule<number[]> = {
  name: 'mh',
  init: (dests) => mhTable(dests),
  schedule(table, dests, pkt, flags) {
    const port = flags.includes('mh-port') ? pkt.sport : 0;
    const slot = mhHashKey(pkt.src, port, KEY1) % MH_TAB_SIZE;
    let index = table[slot]!;
    if (index >= 0 && !available(dests[index]!) && flags.includes('mh-fallback')) {
      index = -1;
      for (let offset = 0; offset < MH_TAB_SIZE; offset++) {
        const next = table[mhHashKey(pkt.src, port, KEY1, (offset + slot) % MH_TAB_SIZE) % MH_TAB_SIZE]!;
        if (next < 0) break;
        if (available(dests[next]!)) {
          index = next;
          break;
        }
      }
    }
    if (index < 0 || !available(dests[index]!))
      return { index: null, explain: why('hash-unavailable', { sched: 'mh', bucket: slot, size: MH_TAB_SIZE }, false) };
    return {
      index,
      explain: why('mh', { src: formatIPv4(pkt.src), bucket: slot, size: MH_TAB_SIZE, server: dests[index]!.label }),
    };
  },
  shares(table, dests, flags) {
    if (flags.includes('mh-fallback')) return undefined;
    return bucketShares(table, dests);
  },
};
