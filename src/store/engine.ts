// What the store needs from the engine: the worker client in the browser, the in-process engine in tests.
import type { TraceRequest, TraceResponse, TraceStep } from '../engine/trace/types.ts';
import type { TableName } from '../engine/model/types.ts';
import type { ChainPage, CheckOptions, CheckResult, RuleOutline, SaveResult, TraceHead } from '../worker/protocol.ts';

export interface LabEngine {
  check(rules: string, opts?: CheckOptions): Promise<CheckResult>;
  trace(req: TraceRequest): Promise<TraceResponse>;
  chainRules(rulesetId: number, table: TableName, chain: string): Promise<RuleOutline[] | null>;
  save(rules: string): Promise<SaveResult>;
  /** A window of a chain's rules (the worker); without it the panel loads whole chains with chainRules. */
  chainPage?(rulesetId: number, table: TableName, chain: string, from: number, to: number): Promise<ChainPage | null>;
  /** Chunked tracing (the worker): when present, long traces arrive in pieces so the main thread never stalls. */
  /** With `check` options the head also carries the check, so a big ruleset is sent once. */
  traceStart?(req: TraceRequest, check?: CheckOptions, signal?: AbortSignal): Promise<TraceHead>;
  traceSteps?(
    traceId: number,
    run: number,
    from: number,
    to: number,
    signal?: AbortSignal,
  ): Promise<TraceStep[] | null>;
}
