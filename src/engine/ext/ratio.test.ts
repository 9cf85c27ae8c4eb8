// Exact fractions for explore mode: the simplest fraction a 31-bit statistic probability stands for, and the
// outcomes of kube-proxy's cascade read as 1/n each (iptables-save's 0.33333333349 is the kernel's lround(2^31/3)).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateKubeProxyDump, runTrace } from '../index.ts';
import { ratioOfFixedProbability, ratioText, simplestBetween } from './ratio.ts';

const fixed = (p: number) => Math.round(p * 0x80000000);

describe('exact probabilities', () => {
  it('reads a fixed-point probability as the simplest fraction that rounds to it', () => {
    expect(ratioText(ratioOfFixedProbability(fixed(1 / 3)))).toBe('1/3');
    expect(ratioText(ratioOfFixedProbability(fixed(0.3333333333)))).toBe('1/3');
    expect(ratioText(ratioOfFixedProbability(fixed(0.5)))).toBe('1/2');
    expect(ratioText(ratioOfFixedProbability(fixed(0.2)))).toBe('1/5');
    expect(ratioText(ratioOfFixedProbability(fixed(0.1)))).toBe('1/10');
    expect(ratioText(ratioOfFixedProbability(fixed(0.14285714285)))).toBe('1/7');
    expect(ratioText(ratioOfFixedProbability(0))).toBe('0');
    expect(ratioText(ratioOfFixedProbability(0x80000000))).toBe('1');
    // An odd probability keeps a bigger denominator, still the simplest within half a unit of 2^-31.
    const r = ratioOfFixedProbability(fixed(0.123));
    expect(Number(r.num) / Number(r.den)).toBeCloseTo(0.123, 9);
  });

  it('finds the simplest fraction between two bounds', () => {
    expect(simplestBetween(3n, 10n, 4n, 10n)).toEqual({ num: 1n, den: 3n });
    expect(simplestBetween(1n, 2n, 1n, 2n)).toEqual({ num: 1n, den: 2n });
    expect(simplestBetween(7n, 5n, 9n, 5n)).toEqual({ num: 3n, den: 2n });
  });

  for (const endpoints of [2, 3, 5, 7])
    it(`explore gives each of ${endpoints} kube-proxy endpoints exactly 1/${endpoints}`, () => {
      const res = runTrace({
        rules: generateKubeProxyDump({ services: 1, endpoints }),
        explore: true,
        packets: [{ in: 'eth0', proto: 'tcp', src: '10.0.0.9', sport: 5000, dst: '10.96.0.10', dport: 80 }],
      });
      const outcomes = res.ok && 'outcomes' in res ? res.outcomes : [];
      expect(outcomes.map((o) => o.fraction)).toEqual(Array.from({ length: endpoints }, () => `1/${endpoints}`));
    });

  it('nft numgen random mod 3 gives 1/3 each', () => {
    const rules = `table ip nat {
  chain pre {
    type nat hook prerouting priority dstnat; policy accept;
    ip daddr 10.96.0.10 tcp dport 80 dnat to numgen random mod 3 map { 0 : 10.244.0.1, 1 : 10.244.0.2, 2 : 10.244.0.3 }
  }
}
`;
    const res = runTrace({
      rules,
      explore: true,
      host: {
        interfaces: [{ name: 'eth0', addresses: ['10.0.0.1/24'] }],
        routes: [{ to: 'default', via: '10.0.0.254', dev: 'eth0' }],
        forwarding: true,
      },
      packets: [{ in: 'eth0', proto: 'tcp', src: '10.0.0.9', sport: 5000, dst: '10.96.0.10', dport: 80 }],
    });
    const outcomes = res.ok && 'outcomes' in res ? res.outcomes : [];
    expect(outcomes.map((o) => [o.packet.dst, o.fraction])).toEqual([
      ['10.244.0.1', '1/3'],
      ['10.244.0.2', '1/3'],
      ['10.244.0.3', '1/3'],
    ]);
  });

  it('the kube-clusterip scenario: three thirds', () => {
    const dir = new URL('../../scenarios/kube-clusterip/', import.meta.url);
    const scenario = JSON.parse(readFileSync(new URL('scenario.json', dir), 'utf8'));
    const res = runTrace({
      rules: readFileSync(new URL('rules.txt', dir), 'utf8'),
      host: scenario.host,
      explore: true,
      packets: [scenario.packets[0]],
    });
    const outcomes = res.ok && 'outcomes' in res ? res.outcomes : [];
    expect(outcomes.map((o) => o.fraction)).toEqual(['1/3', '1/3', '1/3']);
  });
});
