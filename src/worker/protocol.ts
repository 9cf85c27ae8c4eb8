// The typed API between the UI and the engine worker. Plain JSON shapes only: they cross postMessage unchanged.
// The UI imports types from here (and from the engine's type-only modules), never the engine's code.
import type { Counters, Diagnostic, HookName, TableName } from '../engine/model/types.ts';
import type { TraceRequest, TraceResponse, TraceStep } from '../engine/trace/types.ts';
import type { TraceHead } from './traceChunks.ts';

export type { TraceHead } from './traceChunks.ts';

export type TableOrder = 'nft' | 'legacy';

export interface RuleOutline {
  id: number;
  /** 1-based position in its chain, as the TRACE notation counts. */
  index: number;
  /** The rule as iptables-save prints it. */
  text: string;
  /** Target name (ACCEPT, DNAT, KUBE-SVC-…) or null for a rule without -j. */
  target: string | null;
  /** True when the target is a user chain (a jump or goto). */
  targetIsChain: boolean;
  line: number;
}

export interface ChainPage {
  /** How many rules the chain has. */
  total: number;
  /** 0-based position of rules[0] in the chain. */
  from: number;
  rules: RuleOutline[];
}

export interface ChainOutline {
  name: string;
  builtin: boolean;
  policy: 'ACCEPT' | 'DROP' | null;
  counters: Counters;
  /** The rules themselves are fetched per chain (chainRules): a kube-proxy dump has tens of thousands. */
  ruleCount: number;
}

export interface TableOutline {
  name: TableName;
  chains: ChainOutline[];
}

/** A table block at a hook, in kernel priority order. `conntrack` is the connection tracker's own stop. */
export interface HookTableOutline {
  table: TableName | 'conntrack';
  priority: number;
  /** Does the ruleset define this table? iptables-nft walks only those. */
  defined: boolean;
  /** Rules in the table's built-in chain for this hook (0 when undefined). */
  ruleCount: number;
  policy: 'ACCEPT' | 'DROP' | null;
}

export interface HookOutline {
  hook: HookName;
  tables: HookTableOutline[];
}

export interface CheckSummary {
  tables: number;
  chains: number;
  rules: number;
}

export interface CheckResult {
  /** Names this parse inside the worker, for chainRules(). */
  rulesetId: number;
  /** False when iptables-restore would refuse the text (some diagnostic is an error). */
  ok: boolean;
  diagnostics: Diagnostic[];
  summary: CheckSummary;
  outline: TableOutline[];
  hooks: HookOutline[];
}

export interface SaveResult {
  /** False when iptables-restore would refuse the input: `text` then holds what could be read. */
  ok: boolean;
  text: string;
  diagnostics: Diagnostic[];
}

export interface CheckOptions {
  tableOrder?: TableOrder;
}

/** What the worker exposes. Every method is also implemented in-process (src/worker/engineApi.ts). */
export interface EngineApi {
  check(rules: string, opts?: CheckOptions): CheckResult | Promise<CheckResult>;
  trace(req: TraceRequest): TraceResponse | Promise<TraceResponse>;
  /**
   * trace() for the UI: the first chunk of each run's steps and the totals; the rest comes from traceSteps().
   * Only the latest trace is kept.
   */
  traceStart(req: TraceRequest, check?: CheckOptions): TraceHead | Promise<TraceHead>;
  traceSteps(traceId: number, run: number, from: number, to: number): TraceStep[] | null | Promise<TraceStep[] | null>;
  /** The canonical iptables-save text of the rules (export), with the parse's diagnostics. */
  save(rules: string): SaveResult | Promise<SaveResult>;
  /**
   * Rules `from`..`to` (0-based, end excluded) of one chain, with the chain's size: the panel shows a window of a
   * chain that may hold 10,000 rules. Null when the worker no longer holds that parse.
   */
  chainPage(
    rulesetId: number,
    table: TableName,
    chain: string,
    from: number,
    to: number,
  ): ChainPage | null | Promise<ChainPage | null>;
  /** The rules of one chain of a checked ruleset; null when the worker no longer holds that parse. */
  chainRules(rulesetId: number, table: TableName, chain: string): RuleOutline[] | null | Promise<RuleOutline[] | null>;
}
