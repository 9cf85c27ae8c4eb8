// A long trace crosses to the main thread in pieces: a packet through a 10,000-service kube-proxy dump makes
// over 10,000 steps, and deserialising them in one message would block the main thread for well over 50 ms.
// Identical packet and conntrack snapshots of neighbouring steps are also shared, so structured clone copies
// each distinct snapshot once (it keeps object identity within a message). Neither changes what a step says.
import type { TraceResponse, TraceResult, TraceStep } from '../trace/types.ts';
import type { TraceHead } from './types.ts';

/** Steps per message: about 10 ms to deserialise on this machine. */
export const STEP_CHUNK = 1500;

function sameJson(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/** Makes consecutive steps with equal snapshots share one object (in place). */
export function shareSnapshots(steps: TraceStep[]): void {
  for (let i = 1; i < steps.length; i += 1) {
    const prev = steps[i - 1]!;
    const step = steps[i]!;
    if (step.packet !== prev.packet && sameJson(step.packet, prev.packet)) step.packet = prev.packet;
    if (step.ct !== prev.ct && sameJson(step.ct, prev.ct)) step.ct = prev.ct;
  }
}

/** The traced packets (replay) or the distinct outcomes (explore), whichever the response holds. */
export function runsOfResponse(response: TraceResponse): TraceResult[] {
  if (!response.ok) return [];
  return 'results' in response ? response.results : response.outcomes;
}

export function headOf(traceId: number, full: TraceResponse, chunk = STEP_CHUNK): TraceHead {
  const runs = runsOfResponse(full);
  for (const run of runs) {
    shareSnapshots(run.steps);
    for (let r = run.reply; r; r = r.reply) shareSnapshots(r.steps);
  }
  const cut = <T extends TraceResult>(run: T): T => {
    if (run.steps.length <= chunk) return run;
    const { reply: _reply, ...rest } = run;
    return { ...rest, steps: run.steps.slice(0, chunk) } as T;
  };
  let response: TraceResponse = full;
  if (full.ok && 'results' in full) response = { ...full, results: full.results.map(cut) };
  else if (full.ok) response = { ...full, outcomes: full.outcomes.map(cut) };
  return {
    traceId,
    response,
    totals: runs.map((r) => r.steps.length),
    replies: runs.map((r) => (r.steps.length > chunk ? (r.reply ?? null) : null)),
  };
}
