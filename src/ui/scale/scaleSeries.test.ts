// The scale charts' series and the parting sentence, from points the real engine session computed.
import { describe, expect, it } from 'vitest';
import { createSession, type ScalePoint } from '../../engine/index.ts';
import { partingSentence, perPacketSeries, updateSeries } from './scaleSeries.ts';

describe('scale series', () => {
  it('draws every mode at every size: packet costs and each kind of update', async () => {
    const points = await createSession().scale({ sizes: [5, 20], repeats: 0 });
    expect(perPacketSeries(points).map((s) => s.id)).toHaveLength(9);
    for (const measure of ['rules', 'bytes'] as const) {
      const series = updateSeries(points, measure);
      expect(series.map((s) => s.id)).toEqual(
        ['iptables-full', 'iptables-partial', 'ipvs', 'nftables'].map((k) => `update-${measure}-${k}`),
      );
      for (const s of series) expect(s.values.every((v) => v !== null && v > 0)).toBe(true);
    }
  });

  it('says the curves part at the first size where iptables takes twice IPVS time for the last service', () => {
    const point = (mode: ScalePoint['mode'], services: number, micros: number, rules: number): ScalePoint => ({
      mode,
      services,
      totalRules: rules,
      updates: [],
      packets: [
        {
          position: 'last',
          service: services - 1,
          rulesEvaluated: rules,
          hashLookups: mode === 'iptables' ? 0 : 3,
          engineMicros: micros,
        },
      ],
    });
    const points = [10, 100, 1000].flatMap((n) => [point('iptables', n, n / 5, n), point('ipvs', n, 15, 16)]);
    expect(partingSentence(points)).toEqual({
      key: 'parting.parted',
      params: { n: 1000, iptables: 200, ipvs: 15, rules: 1000, lookups: 3, ratio: 2 },
    });
    expect(partingSentence(points.filter((p) => p.services < 1000))?.key).toBe('parting.notYet');
  });
});
