// What the store needs from the engine: the worker client in the browser, the in-process engine in tests.
import type { TraceRequest, TraceResponse } from '../engine/trace/types.ts';
import type { CheckOptions, CheckResult } from '../worker/protocol.ts';

export interface LabEngine {
  check(rules: string, opts?: CheckOptions): Promise<CheckResult>;
  trace(req: TraceRequest): Promise<TraceResponse>;
}
