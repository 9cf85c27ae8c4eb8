// A long trace crosses to the main thread in pieces: a packet through a 10,000-service kube-proxy dump makes
// over 10,000 steps, and deserialising them in one message would block the main thread for well over 50 ms.
// Identical packet and conntrack snapshots of neighbouring steps are also shared, so structured clone copies
// each distinct snapshot once (it keeps object identity within a message). Neither changes what a step says.
import type { TraceResponse, TraceResult, TraceStep } from '../trace/types.ts';
import type { TraceHead } from './types.ts';
import { stepCount, stepRange, withFields } from '../trace/stepLog.ts';

/** Steps per message: about 10 ms to deserialise on this machine. */
export const STEP_CHUNK = 1500;

function sameJson(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Makes consecutive steps with equal snapshots share one object (in place). Each step is compared with the object
 * its predecessor held before sharing: a run of steps holding one snapshot costs one comparison, not one each
 * (replacing a step's snapshot would otherwise make the next step differ from it, and so on down a 10,000-step run).
 */
export function shareSnapshots(steps: TraceStep[]): void {
  const first = steps[0];
  if (!first) return;
  let packetWas = first.packet;
  let packet = first.packet;
  let ctWas = first.ct;
  let ct = first.ct;
  for (let i = 1; i < steps.length; i += 1) {
    const step = steps[i]!;
    if (step.packet !== packetWas) {
      packetWas = step.packet;
      if (!sameJson(step.packet, packet)) packet = step.packet;
    }
    step.packet = packet;
    if (step.ct !== ctWas) {
      ctWas = step.ct;
      if (!sameJson(step.ct, ct)) ct = step.ct;
    }
    step.ct = ct;
  }
}

/** The traced packets (replay) or the distinct outcomes (explore), whichever the response holds. */
export function runsOfResponse(response: TraceResponse): TraceResult[] {
  if (!response.ok) return [];
  return 'results' in response ? response.results : response.outcomes;
}

/** The first `chunk` steps of a run (all of them when it has no more), with its REJECT reply held back when cut. */
function firstChunk<T extends TraceResult>(run: T, chunk: number): T {
  for (let r = run.reply; r; r = r.reply) shareSnapshots(r.steps);
  if (stepCount(run) <= chunk) {
    shareSnapshots(run.steps);
    return run;
  }
  const head = withFields(run, { steps: stepRange(run, 0, chunk) }) as T;
  delete head.reply;
  shareSnapshots(head.steps);
  return head;
}

/** Steps `from`..`to` of a kept run, built now (header misses are explained only when read: trace/stepLog.ts). */
export function chunkOf(run: TraceResult, from: number, to: number): TraceStep[] {
  const steps = stepRange(run, from, to);
  shareSnapshots(steps);
  return steps;
}

export function headOf(traceId: number, full: TraceResponse, chunk = STEP_CHUNK): TraceHead {
  const runs = runsOfResponse(full);
  let response: TraceResponse = full;
  if (full.ok && 'results' in full) response = { ...full, results: full.results.map((r) => firstChunk(r, chunk)) };
  else if (full.ok) response = { ...full, outcomes: full.outcomes.map((r) => firstChunk(r, chunk)) };
  return {
    traceId,
    response,
    totals: runs.map(stepCount),
    replies: runs.map((r) => (stepCount(r) > chunk ? (r.reply ?? null) : null)),
  };
}
