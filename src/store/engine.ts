// What the store needs from the engine: the worker client in the browser, the in-process engine in tests.
import type { TraceRequest, TraceResponse } from '../engine/trace/types.ts';
import type { TableName } from '../engine/model/types.ts';
import type { CheckOptions, CheckResult, RuleOutline, SaveResult } from '../worker/protocol.ts';

export interface LabEngine {
  check(rules: string, opts?: CheckOptions): Promise<CheckResult>;
  trace(req: TraceRequest): Promise<TraceResponse>;
  chainRules(rulesetId: number, table: TableName, chain: string): Promise<RuleOutline[] | null>;
  save(rules: string): Promise<SaveResult>;
}
