// The tracer's entry point: walks packets through a ruleset as the kernel does.
import type { TraceRequest, TraceResponse } from './types.ts';

export function runTrace(req: TraceRequest): TraceResponse {
  void req;
  return {
    ok: false,
    errors: [{ line: 0, col: 0, severity: 'error', message: 'tracer not ready', code: 'not-ready' }],
  };
}
