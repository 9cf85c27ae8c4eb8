// The engine behind the worker API, as plain functions: the worker exposes it, tests call it in-process.
// It only adapts shapes (the parsed model → a plain outline); all netfilter meaning stays in the engine.
import type { Diagnostic, HookName, Rule, Ruleset, TableName } from '../engine/model/types.ts';
import { BUILTIN_CHAINS, HOOKS } from '../engine/model/types.ts';
import type { TraceRequest, TraceResponse, TraceResult, TraceStep } from '../engine/trace/types.ts';
import { runsOf } from '../store/timeline.ts';
import { headOf, type TraceHead } from './traceChunks.ts';
import { stopsAtHook } from './hookOrder.ts';
import type {
  ChainPage,
  CheckOptions,
  CheckResult,
  EngineApi,
  HookOutline,
  RuleOutline,
  SaveResult,
  TableOutline,
} from './protocol.ts';

export interface ParsedForUi {
  ruleset: Ruleset;
  diagnostics: Diagnostic[];
  rejected: boolean;
}

export interface EngineDeps {
  parse(text: string): ParsedForUi;
  /** The rule as iptables-save prints it (`-A CHAIN …`). */
  ruleText(rule: Rule): string;
  trace(req: TraceRequest): TraceResponse;
  /** The canonical iptables-save text of a parsed ruleset. */
  saveText(ruleset: Ruleset): string;
}

/** How many parses the worker keeps for chainRules(): the current one and the one before it. */
const KEPT = 2;

/**
 * The tables with their built-in chains only: a kube-proxy dump has tens of thousands of user chains, and the
 * panel asks for the one it shows (chainRules).
 */
export function outlineOf(ruleset: Ruleset): TableOutline[] {
  return [...ruleset.tables.values()].map((table) => ({
    name: table.name,
    chains: [...table.chains.values()]
      .filter((c) => c.builtin)
      .map((c) => ({
        name: c.name,
        builtin: c.builtin,
        policy: c.policy,
        counters: c.counters,
        ruleCount: c.rules.length,
      })),
  }));
}

export function hooksOf(ruleset: Ruleset, opts: CheckOptions = {}): HookOutline[] {
  return HOOKS.map((hook: HookName) => ({
    hook,
    tables: stopsAtHook(hook, opts.tableOrder ?? 'nft').map(({ stop, priority }) => {
      if (stop === 'conntrack') return { table: stop, priority, defined: true, ruleCount: 0, policy: null };
      const chain = BUILTIN_CHAINS[stop].includes(hook) ? ruleset.tables.get(stop)?.chains.get(hook) : undefined;
      return {
        table: stop,
        priority,
        defined: Boolean(chain),
        ruleCount: chain?.rules.length ?? 0,
        policy: chain?.policy ?? null,
      };
    }),
  }));
}

function targetName(rule: Rule): { target: string | null; targetIsChain: boolean } {
  return { target: rule.target?.name ?? null, targetIsChain: rule.target?.kind === 'chain' };
}

export function createEngineApi(deps: EngineDeps): EngineApi {
  const kept = new Map<number, Ruleset>();
  let nextId = 1;
  let lastTrace: { id: number; runs: TraceResult[] } | null = null;
  function check(rules: string, opts?: CheckOptions): CheckResult {
    const parsed = deps.parse(rules);
    const rulesetId = nextId++;
    kept.set(rulesetId, parsed.ruleset);
    for (const id of kept.keys()) if (kept.size > KEPT) kept.delete(id);
    let chains = 0;
    let ruleCount = 0;
    for (const t of parsed.ruleset.tables.values()) {
      chains += t.chains.size;
      for (const c of t.chains.values()) ruleCount += c.rules.length;
    }
    return {
      rulesetId,
      ok: !parsed.rejected,
      diagnostics: parsed.diagnostics,
      summary: { tables: parsed.ruleset.tables.size, chains, rules: ruleCount },
      outline: outlineOf(parsed.ruleset),
      hooks: hooksOf(parsed.ruleset, opts),
    };
  }

  function page(rulesetId: number, table: TableName, chain: string, from: number, to: number): ChainPage | null {
    const ruleset = kept.get(rulesetId);
    if (!ruleset) return null;
    const rules = ruleset.tables.get(table)?.chains.get(chain)?.rules ?? [];
    const start = Math.max(0, Math.min(from, rules.length));
    const slice = rules.slice(start, Math.max(start, to));
    return {
      total: rules.length,
      from: start,
      rules: slice.map((rule, i) => ({
        id: rule.id,
        index: start + i + 1,
        text: deps.ruleText(rule),
        ...targetName(rule),
        line: rule.line,
      })),
    };
  }

  return {
    check,
    trace(req: TraceRequest): TraceResponse {
      return deps.trace(req);
    },
    traceStart(req: TraceRequest, checkOpts?: CheckOptions): TraceHead {
      const checked = checkOpts ? check(req.rules, checkOpts) : undefined;
      const full = deps.trace(req);
      const id = nextId++;
      lastTrace = { id, runs: runsOf(full) };
      const head = headOf(id, full);
      return checked ? { ...head, check: checked } : head;
    },
    traceSteps(traceId: number, run: number, from: number, to: number): TraceStep[] | null {
      if (!lastTrace || lastTrace.id !== traceId) return null;
      return lastTrace.runs[run]?.steps.slice(from, to) ?? null;
    },
    save(rules: string): SaveResult {
      const parsed = deps.parse(rules);
      return { ok: !parsed.rejected, text: deps.saveText(parsed.ruleset), diagnostics: parsed.diagnostics };
    },
    chainRules(rulesetId: number, table: TableName, chain: string): RuleOutline[] | null {
      return page(rulesetId, table, chain, 0, Number.MAX_SAFE_INTEGER)?.rules ?? null;
    },
    chainPage(rulesetId: number, table: TableName, chain: string, from: number, to: number): ChainPage | null {
      return page(rulesetId, table, chain, from, to);
    },
  };
}
