// A long trace crosses to the main thread in pieces: a packet through a 10,000-service kube-proxy dump makes
// over 10,000 steps, and deserialising them in one message would block the main thread for well over 50 ms.
// Identical packet and conntrack snapshots of neighbouring steps are also shared, so structured clone copies
// each distinct snapshot once (it keeps object identity within a message). Neither changes what a step says.
import type { TraceResponse, TraceResult, TraceStep } from '../engine/trace/types.ts';
import { runsOf } from '../store/timeline.ts';
import type { CheckResult } from './protocol.ts';

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

export interface TraceHead {
  traceId: number;
  /** The response with each run's steps cut to the first chunk, and its REJECT reply held back until complete. */
  response: TraceResponse;
  /** Per run: how many steps it has in all. */
  totals: number[];
  /** Per run: the REJECT reply, to attach once every step has arrived. */
  replies: (TraceResult | null)[];
  /** The check of the same rules, when asked for in the same call (the rules then cross to the worker once). */
  check?: CheckResult;
}

export function headOf(traceId: number, full: TraceResponse): TraceHead {
  const runs = runsOf(full);
  for (const run of runs) {
    shareSnapshots(run.steps);
    for (let r = run.reply; r; r = r.reply) shareSnapshots(r.steps);
  }
  const cut = <T extends TraceResult>(run: T): T => {
    if (run.steps.length <= STEP_CHUNK) return run;
    const { reply: _reply, ...rest } = run;
    return { ...rest, steps: run.steps.slice(0, STEP_CHUNK) } as T;
  };
  let response: TraceResponse = full;
  if (full.ok && 'results' in full) response = { ...full, results: full.results.map(cut) };
  else if (full.ok) response = { ...full, outcomes: full.outcomes.map(cut) };
  return {
    traceId,
    response,
    totals: runs.map((r) => r.steps.length),
    replies: runs.map((r) => (r.steps.length > STEP_CHUNK ? (r.reply ?? null) : null)),
  };
}

/** Puts a run's further steps (and, when complete, its reply) into a new response; the old one is unchanged. */
export function appendSteps(
  response: TraceResponse,
  run: number,
  steps: TraceStep[],
  complete: boolean,
  reply: TraceResult | null,
): TraceResponse {
  if (!response.ok) return response;
  const grow = <T extends TraceResult>(r: T, i: number): T => {
    if (i !== run) return r;
    const next = { ...r, steps: r.steps.concat(steps) };
    if (complete && reply) next.reply = reply;
    return next;
  };
  return 'results' in response
    ? { ...response, results: response.results.map(grow) }
    : { ...response, outcomes: response.outcomes.map(grow) };
}
