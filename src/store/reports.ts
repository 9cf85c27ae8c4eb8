// Pure helpers for the Counters and Conntrack tabs: they read the trace (each result carries the counters and the
// connection table after its packet) and do arithmetic on it; the formatting is the engine's (src/engine/report/).
import type { ConnEntryView, CountersView, TraceResult } from '../engine/index.ts';
import type { ReportTable } from '../engine/index.ts';
import type { CountersBaseline } from './reportSlice.ts';

/** The counters after packet `index` (the packet being shown), or null before a trace. */
export function countersAfter(runs: readonly TraceResult[], index: number): CountersView | null {
  return runs[index]?.counters ?? null;
}

/** Two sets of counters added rule by rule and policy by policy (the packet's, and what batches added). */
export function addCounters(a: CountersView | null, b: CountersView | null): CountersView | null {
  if (!a || !b) return a ?? b;
  const rules = new Map(a.rules.map((r) => [r.ruleId, { ...r }]));
  for (const r of b.rules) {
    const have = rules.get(r.ruleId);
    if (have) {
      have.packets += r.packets;
      have.bytes += r.bytes;
    } else rules.set(r.ruleId, { ...r });
  }
  const policies = new Map(a.policies.map((p) => [`${p.table}:${p.chain}`, { ...p }]));
  for (const p of b.policies) {
    const have = policies.get(`${p.table}:${p.chain}`);
    if (have) {
      have.packets += p.packets;
      have.bytes += p.bytes;
    } else policies.set(`${p.table}:${p.chain}`, { ...p });
  }
  return { rules: [...rules.values()], policies: [...policies.values()] };
}

/** The counters the Counters tab shows: after the packet shown, plus what the batches sent through these rules. */
export function shownCounters(
  runs: readonly TraceResult[],
  index: number,
  batch: { rules: string; counters: CountersView } | null,
  rules: string,
): CountersView | null {
  const after = countersAfter(runs, index);
  return batch && batch.rules === rules ? addCounters(after, batch.counters) : after;
}

/** The connection table after packet `index`. */
export function conntrackAfter(runs: readonly TraceResult[], index: number): ConnEntryView[] {
  return runs[index]?.conntrack ?? [];
}

/**
 * Counters less the ones at the last reset: `iptables -Z` zeroes every counter, the dump's own included, so after
 * a reset a rule shows only what later packets added. A baseline taken for other rules text does not apply.
 */
export function subtractBaseline(
  tables: ReportTable[],
  baseline: CountersBaseline | null,
  rules: string,
  atReset: ReportTable[] | null,
): ReportTable[] {
  if (!baseline || baseline.rules !== rules || !atReset) return tables;
  const before = new Map<string, { packets: number; bytes: number }>();
  for (const t of atReset)
    for (const c of t.chains) {
      before.set(`${t.name}:${c.name}`, c);
      for (const r of c.rules) before.set(`rule:${r.id}`, r);
    }
  const less = <T extends { packets: number; bytes: number }>(item: T, key: string): T => {
    const b = before.get(key);
    return b
      ? { ...item, packets: Math.max(0, item.packets - b.packets), bytes: Math.max(0, item.bytes - b.bytes) }
      : item;
  };
  return tables.map((t) => ({
    ...t,
    chains: t.chains.map((c) => ({
      ...less(c, `${t.name}:${c.name}`),
      rules: c.rules.map((r) => less(r, `rule:${r.id}`)),
    })),
  }));
}

/** The packets (0-based indexes) whose steps belong to connection `id`: the ones that made or updated the entry. */
export function packetsOfConnection(runs: readonly TraceResult[], id: number): number[] {
  const out: number[] = [];
  runs.forEach((run, i) => {
    if (run.steps.some((s) => s.ct?.id === id)) out.push(i);
  });
  return out;
}
