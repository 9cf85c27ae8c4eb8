// Pure arrangements of a batch's tally beside explore's exact outcomes, for the Batch tab's table and chart: which
// outcome each counted packet belongs to, and the bars per endpoint, fate or interface. No netfilter here: the
// engine said where each packet went and with what probability; this only lines the two answers up.
import type { BatchTally, Fate, Outcome, TraceResult } from '../../engine/index.ts';

export interface OutcomeRow {
  key: string;
  fate: Fate;
  endpoint: string;
  outIface: string | null;
  /** Packets of the batch that ended this way. */
  count: number;
  /** The exact probability and its fraction, when explore found this outcome. */
  probability?: number;
  fraction?: string;
}

export type ChartBy = 'endpoint' | 'fate' | 'iface';

export interface Bars {
  labels: string[];
  counts: number[];
  /** What the exact probabilities predict for this many packets (null: explore has no outcome there). */
  expected: (number | null)[];
}

/** "10.244.1.5:8080", or the address alone: how the engine names an endpoint in a batch. */
export function endpointOf(r: Pick<TraceResult, 'packet'>): string {
  return r.packet.dport === undefined ? r.packet.dst : `${r.packet.dst}:${r.packet.dport}`;
}

/** One row per exact outcome (with the batch's count for it), then the batch's other (endpoint, fate) pairs. */
export function outcomeRows(tally: BatchTally, exact: readonly Outcome[] | null): OutcomeRow[] {
  const rows: OutcomeRow[] = [];
  const claimed = new Set<string>();
  const counted = new Map(tally.endpoints.map((e) => [e.endpoint, e]));
  for (const o of exact ?? []) {
    const endpoint = endpointOf(o);
    const pair = `${o.fate}|${endpoint}`;
    const count = claimed.has(pair) ? 0 : (counted.get(endpoint)?.fates[o.fate] ?? 0);
    claimed.add(pair);
    const row: OutcomeRow = { key: `${pair}|${o.outIface}`, fate: o.fate, endpoint, outIface: o.outIface, count };
    row.probability = o.probability;
    if (o.fraction !== undefined) row.fraction = o.fraction;
    rows.push(row);
  }
  for (const e of tally.endpoints)
    for (const [fate, count] of Object.entries(e.fates) as [Fate, number][]) {
      const pair = `${fate}|${e.endpoint}`;
      if (claimed.has(pair)) continue;
      rows.push({ key: pair, fate, endpoint: e.endpoint, outIface: null, count });
    }
  return rows;
}

/** The bars of the chart: the batch's counts and, beside each, what the exact probabilities predict. */
export function barsBy(by: ChartBy, tally: BatchTally, exact: readonly Outcome[] | null): Bars {
  const predicted = (match: (o: Outcome) => boolean): number | null => {
    if (!exact || exact.length === 0) return null;
    return exact.filter(match).reduce((sum, o) => sum + o.probability, 0) * tally.sent;
  };
  if (by === 'endpoint')
    return {
      labels: tally.endpoints.map((e) => e.endpoint),
      counts: tally.endpoints.map((e) => e.count),
      expected: tally.endpoints.map((e) => predicted((o) => endpointOf(o) === e.endpoint)),
    };
  if (by === 'fate')
    return {
      labels: tally.fates.map((f) => f.fate),
      counts: tally.fates.map((f) => f.count),
      expected: tally.fates.map((f) => predicted((o) => o.fate === f.fate)),
    };
  return {
    labels: tally.outIfaces.map((i) => i.outIface ?? ''),
    counts: tally.outIfaces.map((i) => i.count),
    expected: tally.outIfaces.map((i) => predicted((o) => o.outIface === i.outIface)),
  };
}

/** A probability as a short decimal (six places, trailing zeros kept off). */
export function decimal(p: number): string {
  return Number(p.toFixed(6)).toString();
}
