// How a scale chart draws a series, and the legend marker that shows it the same way. uPlot's own legend marker is a
// square bordered in the series' colour: three series of one mode, told apart on the chart by the dash of their line
// only, got three identical squares. The marker is instead a short stretch of the series' line, with its dash and a
// point on it, as the chart draws them.
import type { LineStyle, Series } from './scaleSeries.ts';

const MODE_COLOURS: Record<Series['mode'], string> = { iptables: '#b91c1c', ipvs: '#1d4ed8', nftables: '#047857' };
/** Canvas line dashes (uPlot's `dash`, in CSS pixels), the same as an SVG stroke-dasharray. */
const DASHES: Record<LineStyle, number[]> = { solid: [], dashed: [6, 4], dotted: [2, 3] };

export interface SeriesStyle {
  stroke: string;
  dash: number[];
}

export function seriesStyle(s: Pick<Series, 'mode' | 'line'>): SeriesStyle {
  return { stroke: MODE_COLOURS[s.mode], dash: DASHES[s.line] };
}

/** Line width and point size on the chart, kept equal in the marker. */
export const LINE_WIDTH = 2;
export const POINT_SIZE = 5;

const SVG = 'http://www.w3.org/2000/svg';
/** Over three periods of the longest dash, so a dash still reads as a dash beside the point in the middle. */
const MARKER_WIDTH = 36;
const MARKER_HEIGHT = 12;

/**
 * A legend marker: the series' line with its dash and a point on it. Decorative (aria-hidden): the legend row's text
 * names the series.
 */
export function legendMarker(doc: Document, style: SeriesStyle): SVGSVGElement {
  const svg = doc.createElementNS(SVG, 'svg');
  svg.setAttribute('width', String(MARKER_WIDTH));
  svg.setAttribute('height', String(MARKER_HEIGHT));
  svg.setAttribute('viewBox', `0 0 ${MARKER_WIDTH} ${MARKER_HEIGHT}`);
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const y = MARKER_HEIGHT / 2;
  const line = doc.createElementNS(SVG, 'line');
  line.setAttribute('x1', '0');
  line.setAttribute('x2', String(MARKER_WIDTH));
  line.setAttribute('y1', String(y));
  line.setAttribute('y2', String(y));
  line.setAttribute('stroke', style.stroke);
  line.setAttribute('stroke-width', String(LINE_WIDTH));
  line.setAttribute('stroke-dasharray', style.dash.length ? style.dash.join(' ') : 'none');
  const point = doc.createElementNS(SVG, 'circle');
  point.setAttribute('cx', String(MARKER_WIDTH / 2));
  point.setAttribute('cy', String(y));
  point.setAttribute('r', String(POINT_SIZE / 2));
  point.setAttribute('fill', '#fff');
  point.setAttribute('stroke', style.stroke);
  point.setAttribute('stroke-width', '1');
  svg.append(line, point);
  return svg;
}
