// Grading: each probe is one trace request (its packets share one connection table) run by the engine; the
// probe passes when its last packet meets the expected fate (and interface). The engine is the judge: nothing
// here knows netfilter, it compares the engine's answer with the challenge's data.
import type { Fate, HostSpec, TraceRequest, TraceResponse } from '../engine/trace/types.ts';
import type { Probe } from './types.ts';

export function probeRequest(rules: string, host: HostSpec, probe: Probe): TraceRequest {
  return { rules, host, packets: probe.packets, seed: 1 };
}

export interface ProbeResult {
  /** What the last packet met, or 'error' when the rules do not load. */
  got: Fate | 'error';
  outIface: string | null;
  pass: boolean;
}

export function gradeProbe(probe: Probe, response: TraceResponse): ProbeResult {
  if (!response.ok || !('results' in response)) return { got: 'error', outIface: null, pass: false };
  const last = response.results[response.results.length - 1];
  if (!last) return { got: 'error', outIface: null, pass: false };
  const pass =
    last.fate === probe.fate &&
    (probe.outIface === undefined || last.outIface === probe.outIface) &&
    (probe.ctstate === undefined || last.ctstate === probe.ctstate);
  return { got: last.fate, outIface: last.outIface, pass };
}

export function scoreOf(results: readonly ProbeResult[]): number {
  return results.length === 0 ? 0 : results.filter((r) => r.pass).length / results.length;
}
