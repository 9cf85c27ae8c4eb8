// Every series of a scale chart is drawn unlike the others of that chart (colour or dash), so its legend marker,
// drawn with the same style, is unlike theirs too.
import { describe, expect, it } from 'vitest';
import { createSession } from '../../engine/index.ts';
import { engineTimeSeries, perPacketSeries, updateSeries } from './scaleSeries.ts';
import { seriesStyle } from './seriesStyle.ts';

describe('scale series styles', () => {
  it('never draw two series of one chart alike', async () => {
    const points = await createSession().scale({ sizes: [5, 20], repeats: 0 });
    const charts = {
      perPacket: perPacketSeries(points),
      micros: engineTimeSeries(points),
      updateRules: updateSeries(points, 'rules'),
      updateBytes: updateSeries(points, 'bytes'),
    };
    for (const [chart, series] of Object.entries(charts)) {
      const looks = series.map((s) => JSON.stringify(seriesStyle(s)));
      expect(new Set(looks).size, `${chart}: ${series.map((s) => s.id).join(', ')}`).toBe(series.length);
    }
    // The two iptables updates share iptables' colour: the partial restore is dashed.
    const [full, partial] = charts.updateRules.map(seriesStyle);
    expect(full).toEqual({ stroke: partial?.stroke, dash: [] });
    expect(partial?.dash).toEqual([6, 4]);
    // A service's position reads the same in the per-packet chart and in the time chart.
    for (const timed of charts.micros) {
      const counted = charts.perPacket.find((s) => s.mode === timed.mode && s.position === timed.position);
      expect(counted && seriesStyle(counted), timed.id).toEqual(seriesStyle(timed));
    }
  });
});
