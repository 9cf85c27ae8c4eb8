// Turns the scale lab's points into chart series (one value per measured size, null where a mode gives none) and
// the sentence that says where the curves part. Pure: the panel draws, this decides what is drawn.
import type { ScalePoint } from '../../engine/index.ts';

type Mode = ScalePoint['mode'];
type Cost = ScalePoint['packets'][number];
type Position = Cost['position'];
type UpdateKind = ScalePoint['updates'][number]['kind'];

/** How a series' line is drawn beside the others of its mode (the mode gives the colour). */
export type LineStyle = 'solid' | 'dashed' | 'dotted';

export interface Series {
  /** Stable id (test ids, colours); the label comes from the catalog by this id. */
  id: string;
  mode: Mode;
  position?: Position;
  /** Two series of one mode in one chart never share a line style: they would be drawn alike. */
  line: LineStyle;
  values: (number | null)[];
}

const POSITIONS: readonly Position[] = ['first', 'middle', 'last'];
/** The first service's line is solid, the middle one's dashed, the last one's dotted, in every chart. */
const POSITION_LINE: Record<Position, LineStyle> = { first: 'solid', middle: 'dashed', last: 'dotted' };
const UPDATE_KINDS: readonly UpdateKind[] = ['iptables-full', 'iptables-partial', 'ipvs', 'nftables'];

export function sizesOf(points: readonly ScalePoint[]): number[] {
  return [...new Set(points.map((p) => p.services))].sort((a, b) => a - b);
}

function costAt(points: readonly ScalePoint[], mode: Mode, n: number, position: Position): Cost | undefined {
  return points.find((p) => p.mode === mode && p.services === n)?.packets.find((c) => c.position === position);
}

/** Log axes cannot show 0 or a missing figure: both become gaps. */
const positive = (v: number | undefined): number | null => (v !== undefined && v > 0 ? v : null);

function keepDrawn(series: Series[]): Series[] {
  return series.filter((s) => s.values.some((v) => v !== null));
}

/** Rules evaluated for iptables; hash lookups for IPVS and nftables; per position. */
export function perPacketSeries(points: readonly ScalePoint[]): Series[] {
  const sizes = sizesOf(points);
  const out: Series[] = [];
  for (const mode of ['iptables', 'ipvs', 'nftables'] as const)
    for (const position of POSITIONS)
      out.push({
        id: `${mode === 'iptables' ? 'rules' : 'lookups'}-${mode}-${position}`,
        mode,
        position,
        line: POSITION_LINE[position],
        values: sizes.map((n) => {
          const c = costAt(points, mode, n, position);
          return positive(mode === 'iptables' ? c?.rulesEvaluated : c?.hashLookups);
        }),
      });
  return keepDrawn(out);
}

/** Engine µs for the first and last service per mode (a mode the engine does not trace yet has none). */
export function engineTimeSeries(points: readonly ScalePoint[]): Series[] {
  const sizes = sizesOf(points);
  const out: Series[] = [];
  for (const mode of ['iptables', 'ipvs', 'nftables'] as const)
    for (const position of ['first', 'last'] as const)
      out.push({
        id: `micros-${mode}-${position}`,
        mode,
        position,
        line: POSITION_LINE[position],
        values: sizes.map((n) => positive(costAt(points, mode, n, position)?.engineMicros)),
      });
  return keepDrawn(out);
}

/** What one endpoint change rewrites, per kind of update: rules (or entries) and bytes. */
export function updateSeries(points: readonly ScalePoint[], measure: 'rules' | 'bytes'): Series[] {
  const sizes = sizesOf(points);
  return keepDrawn(
    UPDATE_KINDS.map((kind) => ({
      id: `update-${measure}-${kind}`,
      mode: kind.startsWith('iptables') ? 'iptables' : (kind as Mode),
      // iptables' two kinds of update share its colour: the partial restore is the dashed one.
      line: kind === 'iptables-partial' ? 'dashed' : 'solid',
      values: sizes.map((n) =>
        positive(
          points
            .filter((p) => p.services === n)
            .flatMap((p) => p.updates)
            .find((u) => u.kind === kind)?.[measure],
        ),
      ),
    })),
  );
}

/**
 * True when some traced time came out as 0 µs: the browser's clock is coarse (Chromium rounds performance.now to
 * 100 µs in a page that is not cross-origin isolated), so a fast trace can measure 0 and is left out of a log axis.
 */
export function hasTimesBelowClock(points: readonly ScalePoint[]): boolean {
  return points.some((p) => p.packets.some((c) => c.engineMicros === 0));
}

export interface Sentence {
  key: string;
  params: Record<string, number>;
}

/** iptables counts as parted from IPVS once its engine time for the last service is this many times IPVS's. */
export const PART_RATIO = 2;

/**
 * Where the curves part on this machine: the smallest measured size at which a new connection to the last service
 * costs iptables at least PART_RATIO × IPVS's engine time; else the largest size, saying they have not parted.
 */
export function partingSentence(points: readonly ScalePoint[]): Sentence | null {
  const figures = sizesOf(points).map((n) => {
    const ipt = costAt(points, 'iptables', n, 'last');
    const ipvs = costAt(points, 'ipvs', n, 'last');
    const nft = costAt(points, 'nftables', n, 'last');
    return {
      n,
      iptables: ipt?.engineMicros,
      ipvs: ipvs?.engineMicros,
      rules: ipt?.rulesEvaluated ?? 0,
      lookups: Math.max(ipvs?.hashLookups ?? 0, nft?.hashLookups ?? 0),
    };
  });
  const timed = figures.filter((f) => f.iptables !== undefined && f.ipvs !== undefined);
  const at = timed.find((f) => (f.iptables ?? 0) >= PART_RATIO * (f.ipvs ?? Infinity)) ?? timed.at(-1);
  if (!at) return null;
  const params = {
    n: at.n,
    iptables: Math.round(at.iptables ?? 0),
    ipvs: Math.round(at.ipvs ?? 0),
    rules: at.rules,
    lookups: at.lookups,
    ratio: PART_RATIO,
  };
  const parted = (at.iptables ?? 0) >= PART_RATIO * (at.ipvs ?? Infinity);
  return { key: parted ? 'parting.parted' : 'parting.notYet', params };
}
