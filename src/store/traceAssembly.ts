// Puts the chunks of a long trace back together in the store: the session answers a head (each run's first steps
// and its totals), then further steps per call.
import type { TraceResponse, TraceResult, TraceStep } from '../engine/index.ts';

/** The traced packets (replay) or the distinct outcomes (explore), whichever the response holds. */
const NO_RUNS: TraceResult[] = [];

export function runsOf(response: TraceResponse | null): TraceResult[] {
  if (!response || !response.ok) return NO_RUNS;
  return 'results' in response ? response.results : response.outcomes;
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
