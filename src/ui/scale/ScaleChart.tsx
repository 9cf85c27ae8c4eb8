// One chart of the scale lab on log axes, drawn by uPlot (canvas: thousands of points stay cheap, and log scales
// are built in). React owns the box; uPlot draws inside it and is rebuilt when the data or the labels change.
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { legendValue } from './legendValue.ts';
import type { Series } from './scaleSeries.ts';
import { legendMarker, LINE_WIDTH, POINT_SIZE, seriesStyle } from './seriesStyle.ts';

export interface ScaleChartProps {
  testId: string;
  title: string;
  /** The y axis' unit, e.g. "rules" or "µs". */
  unit: string;
  servicesLabel: string;
  sizes: number[];
  series: { series: Series; label: string }[];
  /** A figure as the reader's language writes it (legend values). */
  format: (v: number) => string;
  /** The legend's word for a series with no figure at a size. */
  noFigure: string;
}

export function ScaleChart({ testId, title, unit, servicesLabel, sizes, series, format, noFigure }: ScaleChartProps) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el || sizes.length === 0) return;
    const styles = series.map(({ series: s }) => seriesStyle(s));
    const opts: uPlot.Options = {
      width: Math.max(280, el.clientWidth),
      height: 190,
      scales: { x: { time: false, distr: 3 }, y: { distr: 3 } },
      axes: [{ label: servicesLabel }, { label: unit, size: 60 }],
      // uPlot's bordered square would not show a line's dash: the markers are drawn below, as the lines are.
      legend: { markers: { width: 0, fill: 'transparent' } },
      series: [
        // The legend reads the size under the cursor, or the largest one (src/ui/scale/legendValue.ts).
        { label: servicesLabel, value: (_u, _v, _s, idx) => legendValue(sizes, idx, format, noFigure) },
        ...series.map(({ series: s, label }, i) => ({
          label,
          value: (_u: uPlot, _v: number | null, _s: number, idx: number | null) =>
            legendValue(s.values, idx, format, noFigure),
          stroke: styles[i]?.stroke,
          dash: styles[i]?.dash,
          width: LINE_WIDTH,
          points: { show: true, size: POINT_SIZE, fill: '#fff' },
          spanGaps: true,
        })),
      ],
    };
    const plot = new uPlot(opts, [sizes, ...series.map(({ series: s }) => s.values)], el);
    // One legend row per uPlot series, the x axis' first: each series row's marker becomes a stretch of its line.
    plot.root.querySelectorAll<HTMLElement>('.u-legend .u-series').forEach((row, i) => {
      const style = styles[i - 1];
      const marker = row.querySelector<HTMLElement>('.u-marker');
      if (!style || !marker) return;
      marker.replaceChildren(legendMarker(el.ownerDocument, style));
      marker.dataset.series = series[i - 1]?.series.id;
      marker.style.width = 'auto';
      marker.style.height = 'auto';
    });
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(280, el.clientWidth), height: 190 }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [sizes, series, unit, servicesLabel, format, noFigure]);
  return (
    <figure
      className="min-w-[300px] flex-1 basis-[420px]"
      data-testid={testId}
      data-drawn={series.map(({ series: s }) => `${s.id}:${s.values.filter((v) => v !== null).length}`).join(' ')}
    >
      <figcaption className="text-[13px] font-semibold text-slate-800">{title}</figcaption>
      <div ref={box} />
    </figure>
  );
}
