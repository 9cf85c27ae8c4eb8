// Grading: each probe is one trace request (its packets share one connection table) run by the engine; the
// probe passes when its last packet meets the expected fate (and interface). The engine is the judge: nothing
// here knows netfilter, it compares the engine's answer with the challenge's data.
import type { Fate, HostSpec, TraceRequest, TraceResponse, TraceResult } from '../engine/trace/types.ts';
import type { Probe } from './types.ts';

/**
 * The trace a probe needs: its packets through one connection table; every step when it expects a log line (the
 * LOG target's line is in the rule step), every branch with exact probabilities when it expects shares.
 */
export function probeRequest(rules: string, host: HostSpec, probe: Probe): TraceRequest {
  const req: TraceRequest = { rules, host, packets: probe.packets, seed: 1 };
  req.detail = probe.logged !== undefined ? 'full' : 'walk';
  if (probe.shares) req.explore = true;
  return req;
}

export interface ProbeResult {
  /** What the last packet met, or 'error' when the rules do not load. */
  got: Fate | 'error';
  outIface: string | null;
  /** The kernel log lines LOG rules wrote about the last packet (with a `logged` expectation). */
  logged?: string[];
  /** Explore's outcomes as "endpoint fraction" (with a `shares` expectation). */
  shares?: string[];
  pass: boolean;
}

/** The lines LOG rules wrote about this packet, as its trace tells them (the LOG target's explanation). */
export function logLinesOf(result: TraceResult): string[] {
  const lines: string[] = [];
  for (const s of result.steps)
    if (s.kind === 'rule' && s.target?.name === 'LOG')
      for (const e of s.target.explain) if (e.id === 'target.log.line') lines.push(String(e.params.line ?? ''));
  return lines;
}

function endpointOf(r: TraceResult): string {
  return r.packet.dport === undefined ? r.packet.dst : `${r.packet.dst}:${r.packet.dport}`;
}

const shareText = (s: { endpoint: string; fraction: string }) => `${s.endpoint} ${s.fraction}`;

export function gradeProbe(probe: Probe, response: TraceResponse): ProbeResult {
  if (!response.ok) return { got: 'error', outIface: null, pass: false };
  if ('outcomes' in response) {
    const shares = response.outcomes.map((o) => shareText({ endpoint: endpointOf(o), fraction: o.fraction ?? '?' }));
    const want = (probe.shares ?? []).map(shareText);
    const fates = new Set(response.outcomes.map((o) => o.fate));
    const got: Fate | 'error' = fates.size === 1 ? [...fates][0]! : 'error';
    const pass = got === probe.fate && [...shares].sort().join('|') === [...want].sort().join('|');
    return { got, outIface: response.outcomes[0]?.outIface ?? null, shares, pass };
  }
  const last = response.results[response.results.length - 1];
  if (!last) return { got: 'error', outIface: null, pass: false };
  const logged = probe.logged !== undefined ? logLinesOf(last) : undefined;
  const pass =
    last.fate === probe.fate &&
    (probe.outIface === undefined || last.outIface === probe.outIface) &&
    (probe.ctstate === undefined || last.ctstate === probe.ctstate) &&
    (probe.logged === undefined || (logged ?? []).some((line) => line.startsWith(probe.logged!)));
  return logged
    ? { got: last.fate, outIface: last.outIface, logged, pass }
    : { got: last.fate, outIface: last.outIface, pass };
}

export function scoreOf(results: readonly ProbeResult[]): number {
  return results.length === 0 ? 0 : results.filter((r) => r.pass).length / results.length;
}
