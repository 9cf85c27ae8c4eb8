// The batch's bar chart, drawn by uPlot (already the scale lab's chart library): one bar per endpoint, fate or
// interface with the batch's count, and a marker at what the exact probabilities predict for that many packets.
// The numbers themselves are in the table beside it; the figure carries them as data for tests and tools.
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Bars } from './batchView.ts';

const HEIGHT = 170;

export interface BatchChartProps {
  title: string;
  countLabel: string;
  expectedLabel: string;
  bars: Bars;
}

export function BatchChart({ title, countLabel, expectedLabel, bars }: BatchChartProps) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el || bars.labels.length === 0) return;
    const n = bars.labels.length;
    const xs = bars.labels.map((_, i) => i);
    const top = Math.max(1, ...bars.counts, ...bars.expected.map((v) => v ?? 0));
    const opts: uPlot.Options = {
      width: Math.max(260, el.clientWidth),
      height: HEIGHT,
      legend: { show: true },
      cursor: { show: false },
      scales: { x: { time: false, range: [-0.5, n - 0.5] }, y: { range: [0, top * 1.15] } },
      axes: [
        {
          splits: () => xs,
          values: (_u, splits) => splits.map((v) => bars.labels[v] ?? ''),
          size: 36,
        },
        { label: countLabel, size: 56 },
      ],
      series: [
        {},
        {
          label: countLabel,
          fill: '#60a5fa',
          stroke: '#1d4ed8',
          width: 1,
          paths: uPlot.paths.bars!({ size: [0.55, 90] }),
          points: { show: false },
        },
        {
          label: expectedLabel,
          stroke: '#b45309',
          width: 0,
          paths: () => null,
          points: { show: true, size: 12, width: 3, stroke: '#b45309', fill: '#fff' },
        },
      ],
    };
    const plot = new uPlot(opts, [xs, bars.counts, bars.expected], el);
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(260, el.clientWidth), height: HEIGHT }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [bars, countLabel, expectedLabel]);
  return (
    <figure
      className="min-w-[280px] flex-1"
      data-testid="batch-chart"
      data-bars={bars.labels.map((label, i) => `${label}=${bars.counts[i]}`).join(' ')}
    >
      <figcaption className="text-[13px] font-semibold text-slate-800">{title}</figcaption>
      <div ref={box} />
    </figure>
  );
}
