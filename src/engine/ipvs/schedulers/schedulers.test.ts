// Each scheduler against sequences worked out by hand from its kernel source (net/netfilter/ipvs/ip_vs_<name>.c).
import { describe, expect, it } from 'vitest';
import { parseIPv4 } from '../../net/ipv4.ts';
import type { RealServer } from '../types.ts';
import { scheduler, type DestState, type SchedulerModule } from './index.ts';
import { hash32, shBuckets, shHashKey } from './sh.ts';
import { dhHashKey } from './dh.ts';
import { MH_TAB_SIZE, mhTable } from './mh.ts';
import { sipHashShort } from './hsiphash.ts';

function dests(spec: [string, number][]): DestState[] {
  return spec.map(([addr, weight]) => {
    const dest: RealServer = {
      addr: parseIPv4(addr)!,
      port: 80,
      weight,
      forwarding: 'masq',
      upperThreshold: 0,
      lowerThreshold: 0,
      pos: { line: 1, col: 1 },
    };
    return { dest, label: `${addr}:80`, activeConns: 0, inactConns: 0, overloaded: false };
  });
}

const PKT = { src: parseIPv4('192.168.1.7')!, sport: 40000, dst: parseIPv4('10.96.0.10')!, dport: 80 };

function run(name: string, ds: DestState[], times: number, flags: string[] = []): (string | null)[] {
  const mod = scheduler(name) as SchedulerModule;
  const state = mod.init(ds, flags);
  return Array.from({ length: times }, () => {
    const pick = mod.schedule(state, ds, PKT, flags);
    return pick.index === null ? null : ds[pick.index]!.label.split(':')[0]!.split('.')[3]!;
  });
}

describe('rr (ip_vs_rr_schedule)', () => {
  it('goes round the list in order, whatever the weights, skipping weight 0 (drained)', () => {
    const ds = dests([
      ['10.0.0.1', 5],
      ['10.0.0.2', 0],
      ['10.0.0.3', 1],
    ]);
    expect(run('rr', ds, 5)).toEqual(['1', '3', '1', '3', '1']);
  });

  it('explains the choice relative to the server chosen last', () => {
    const ds = dests([
      ['10.0.0.1', 1],
      ['10.0.0.2', 1],
      ['10.0.0.3', 1],
    ]);
    const state = scheduler('rr')!.init(ds, []);
    scheduler('rr')!.schedule(state, ds, PKT, []);
    const second = scheduler('rr')!.schedule(state, ds, PKT, []);
    expect(second.explain).toEqual({
      id: 'trace.ipvs.sched.rr',
      params: { n: 2, count: 3, server: '10.0.0.2:80', last: '10.0.0.1:80' },
      matched: true,
    });
  });

  it('has no destination when every server is drained', () => {
    expect(run('rr', dests([['10.0.0.1', 0]]), 1)).toEqual([null]);
  });
});

describe('wrr (ip_vs_wrr_schedule: mw, gcd step, cw)', () => {
  it('weights 4,3,2 give A A B A B C A B C and repeat', () => {
    const ds = dests([
      ['10.0.0.1', 4],
      ['10.0.0.2', 3],
      ['10.0.0.3', 2],
    ]);
    expect(run('wrr', ds, 18).join('')).toBe('112123123'.repeat(2));
  });

  it('steps cw by the gcd of the weights: 4,2 is A A B (mw 4 − (2 − 1) = 3, cw 3 then 1)', () => {
    const ds = dests([
      ['10.0.0.1', 4],
      ['10.0.0.2', 2],
    ]);
    expect(run('wrr', ds, 6).join('')).toBe('112112');
  });

  it('never picks a weight-0 server, and with all at 0 there is no destination', () => {
    expect(
      run(
        'wrr',
        dests([
          ['10.0.0.1', 0],
          ['10.0.0.2', 1],
        ]),
        3,
      ),
    ).toEqual(['2', '2', '2']);
    expect(run('wrr', dests([['10.0.0.1', 0]]), 1)).toEqual([null]);
  });
});

describe('lc and wlc (overhead = active × 256 + inactive)', () => {
  it('lc picks the smallest overhead, first in list order on a tie', () => {
    const ds = dests([
      ['10.0.0.1', 1],
      ['10.0.0.2', 1],
      ['10.0.0.3', 1],
    ]);
    ds[0]!.activeConns = 1; // 256
    ds[1]!.inactConns = 255; // 255
    ds[2]!.inactConns = 255; // 255, a tie with .2
    expect(run('lc', ds, 1)).toEqual(['2']);
  });

  it('lc skips weight 0 even when it is the least loaded', () => {
    const ds = dests([
      ['10.0.0.1', 0],
      ['10.0.0.2', 1],
    ]);
    ds[1]!.activeConns = 10;
    expect(run('lc', ds, 1)).toEqual(['2']);
  });

  it('wlc compares overhead per weight by cross-multiplying (ties keep the earlier server)', () => {
    const ds = dests([
      ['10.0.0.1', 1],
      ['10.0.0.2', 3],
    ]);
    ds[0]!.activeConns = 1; // 256 / 1
    ds[1]!.activeConns = 3; // 768 / 3: equal, so .1 stays
    expect(run('wlc', ds, 1)).toEqual(['1']);
    ds[1]!.inactConns = 0;
    ds[1]!.activeConns = 2; // 512 / 3 < 256
    expect(run('wlc', ds, 1)).toEqual(['2']);
  });
});

describe('sh and dh (256-bucket tables)', () => {
  it('hash_32 is the top bits of val × 0x61C88647', () => {
    expect(hash32(1, 8)).toBe(0x61);
    expect(hash32(2, 8)).toBe(0xc3);
  });

  it('sh fills buckets with `weight` consecutive entries per server, a weight-0 server still takes one', () => {
    const b = shBuckets(
      dests([
        ['10.0.0.1', 2],
        ['10.0.0.2', 0],
        ['10.0.0.3', 1],
      ]),
    );
    expect(b.slice(0, 8)).toEqual([0, 0, 1, 2, 0, 0, 1, 2]);
  });

  it('sh sends a source to the server of its bucket, the same one every time', () => {
    const ds = dests([
      ['10.0.0.1', 1],
      ['10.0.0.2', 1],
      ['10.0.0.3', 1],
    ]);
    const bucket = shHashKey(PKT.src, 0, 0);
    const expected = String((bucket % 3) + 1);
    expect(run('sh', ds, 3)).toEqual([expected, expected, expected]);
  });

  it('sh without fallback has no destination when the bucket holds a drained server; with sh-fallback it moves on', () => {
    const ds = dests([
      ['10.0.0.1', 1],
      ['10.0.0.2', 1],
    ]);
    const owner = shHashKey(PKT.src, 0, 0) % 2;
    ds[owner]!.dest.weight = 0;
    // Reassigning with weight 0 still gives the drained server one bucket per round.
    expect(run('sh', ds, 1)).toEqual([null]);
    expect(run('sh', ds, 1, ['sh-fallback'])).toEqual([String(2 - owner)]);
  });

  it('dh hashes the destination with the multiplicative hash (× 2654435761) & 255', () => {
    expect(dhHashKey(1)).toBe(2654435761 & 255);
    const ds = dests([
      ['10.0.0.1', 1],
      ['10.0.0.2', 1],
    ]);
    expect(run('dh', ds, 1)).toEqual([String((dhHashKey(PKT.dst) % 2) + 1)]);
  });
});

describe('mh (Maglev lookup table)', () => {
  it('hsiphash runs SipHash rounds: SipHash-2-4 reference vectors with key 00..0f', () => {
    const k0 = 0x0706050403020100n;
    const k1 = 0x0f0e0d0c0b0a0908n;
    expect(sipHashShort(0n, 0, k0, k1, 2, 4)).toBe(0x726fdb47dd0e0e31n);
    expect(sipHashShort(0n, 1, k0, k1, 2, 4)).toBe(0x74f839c593dc67fdn);
  });

  it('fills all 4093 slots, shares follow the weights, and one server going away moves only its own slots', () => {
    const three = dests([
      ['10.0.0.1', 1],
      ['10.0.0.2', 1],
      ['10.0.0.3', 2],
    ]);
    const table = mhTable(three);
    expect(table.every((i) => i >= 0)).toBe(true);
    expect(table).toHaveLength(MH_TAB_SIZE);
    const count = (t: number[], i: number) => t.filter((x) => x === i).length;
    // Populate hands out turns 1, 1, 2 per round: exactly 1/4, 1/4, 1/2 of the slots, ± one round.
    expect(Math.abs(count(table, 0) - MH_TAB_SIZE / 4)).toBeLessThanOrEqual(2);
    expect(Math.abs(count(table, 2) - MH_TAB_SIZE / 2)).toBeLessThanOrEqual(2);
    const two = mhTable(three.slice(0, 2));
    const moved = table.filter((owner, slot) => owner !== 2 && two[slot] !== owner).length;
    // Maglev's promise is minimal disruption: few of the slots that stayed with .1/.2 change owner.
    expect(moved / MH_TAB_SIZE).toBeLessThan(0.1);
  });
});
