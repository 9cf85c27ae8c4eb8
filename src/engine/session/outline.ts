// What the lab draws of a parsed ruleset: its tables with their built-in chains, and the stops at each hook.
import type { Rule, Ruleset, TableName } from '../model/types.ts';
import { BUILTIN_CHAINS, HOOKS } from '../model/types.ts';
import { saveRule } from '../parse/index.ts';
import { stopsAtHook } from '../trace/hooks.ts';
import type { ChainPage, HookOutline, RulesetSummaryView, TableOrder, TableOutline } from './types.ts';

/**
 * The tables with their built-in chains only: a kube-proxy dump has tens of thousands of user chains, and the
 * panel asks for the one it shows (chainPage).
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

export function summaryOf(ruleset: Ruleset): RulesetSummaryView {
  let chains = 0;
  let rules = 0;
  for (const t of ruleset.tables.values()) {
    chains += t.chains.size;
    for (const c of t.chains.values()) rules += c.rules.length;
  }
  return { tables: ruleset.tables.size, chains, rules };
}

export function hooksOf(ruleset: Ruleset, order: TableOrder): HookOutline[] {
  return HOOKS.map((hook) => ({
    hook,
    tables: stopsAtHook(hook, order).map(({ stop, priority }) => {
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

function targetOf(rule: Rule): { target: string | null; targetIsChain: boolean } {
  return { target: rule.target?.name ?? null, targetIsChain: rule.target?.kind === 'chain' };
}

/** Rules `from`..`to` (0-based, end excluded, both clamped) of one chain, as the chain panel lists them. */
export function chainPageOf(ruleset: Ruleset, table: TableName, chain: string, from: number, to: number): ChainPage {
  const rules = ruleset.tables.get(table)?.chains.get(chain)?.rules ?? [];
  const start = clampIndex(from, rules.length);
  const end = Math.max(start, clampIndex(to, rules.length));
  return {
    total: rules.length,
    from: start,
    rules: rules.slice(start, end).map((rule, i) => ({
      id: rule.id,
      index: start + i + 1,
      text: saveRule(rule),
      ...targetOf(rule),
      line: rule.line,
    })),
  };
}

/** A caller's index as a position in a list of `length`: NaN, negatives and huge numbers never reach slice(). */
function clampIndex(i: number, length: number): number {
  if (!Number.isFinite(i)) return i > 0 ? length : 0;
  return Math.max(0, Math.min(Math.trunc(i), length));
}
