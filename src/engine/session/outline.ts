// What the lab draws of a parsed ruleset: its tables with their built-in chains, and the stops at each hook.
import type { HookName, Rule, Ruleset, TableName } from '../model/types.ts';
import type { NftBase, NftProgram } from '../nft/program.ts';
import { stopsAtHook as tracerStops, natMembers } from '../trace/stops.ts';
import { tablePriority, type HookStop } from '../trace/hooks.ts';
import { BUILTIN_CHAINS, HOOKS } from '../model/types.ts';
import { saveRule } from '../parse/index.ts';
import { stopsAtHook } from '../trace/hooks.ts';
import { nftStopKey } from './types.ts';
import type {
  ChainPage,
  HookOutline,
  HookTableOutline,
  RulesetSummaryView,
  TableOrder,
  TableOutline,
} from './types.ts';

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

/** The iptables tables, chains and rules, and the nftables ones loaded with them (`nft`, counted by its parser). */
export function summaryOf(ruleset: Ruleset, nft = { tables: 0, chains: 0, rules: 0 }): RulesetSummaryView {
  let chains = nft.chains;
  let rules = nft.rules;
  for (const t of ruleset.tables.values()) {
    chains += t.chains.size;
    for (const c of t.chains.values()) rules += c.rules.length;
  }
  return { tables: ruleset.tables.size + nft.tables, chains, rules };
}

/**
 * The stops at each hook as the graph draws them. Without nftables: every iptables table (undefined ones faint) and
 * conntrack. With an nftables ruleset: the stops in the tracer's order (trace/stops.ts), the nat group opened into
 * its chains by priority, and only the iptables tables the rules define (an nft host has no other).
 */
export function hooksOf(ruleset: Ruleset, order: TableOrder, nft?: NftProgram): HookOutline[] {
  if (!nft)
    return HOOKS.map((hook) => ({
      hook,
      tables: stopsAtHook(hook, order).map((s) => iptablesStop(ruleset, hook, s.stop, s.priority)),
    }));
  return HOOKS.map((hook) => {
    const tables: HookTableOutline[] = [];
    for (const stop of tracerStops(hook, order, nft)) {
      if (stop.kind === 'conntrack') tables.push(iptablesStop(ruleset, hook, 'conntrack', -200));
      else if (stop.kind === 'table') {
        const row = iptablesStop(ruleset, hook, stop.table, tablePriority(stop.table, hook, order));
        if (row.defined) tables.push(row);
      } else if (stop.kind === 'nft') tables.push(nftStop(stop.base));
      else if (stop.kind === 'nat') {
        const hasNat = ruleset.tables.get('nat')?.chains.get(hook) !== undefined;
        for (const m of natMembers(hook, hasNat, nft))
          tables.push(
            m.kind === 'nft' ? nftStop(m.base) : iptablesStop(ruleset, hook, 'nat', tablePriority('nat', hook, order)),
          );
      }
    }
    return { hook, tables };
  });
}

function iptablesStop(ruleset: Ruleset, hook: HookName, stop: HookStop, priority: number): HookTableOutline {
  if (stop === 'conntrack') return { table: stop, key: stop, priority, defined: true, ruleCount: 0, policy: null };
  const chain = BUILTIN_CHAINS[stop].includes(hook) ? ruleset.tables.get(stop)?.chains.get(hook) : undefined;
  return {
    table: stop,
    key: stop,
    priority,
    defined: Boolean(chain),
    ruleCount: chain?.rules.length ?? 0,
    policy: chain?.policy ?? null,
  };
}

function nftStop(base: NftBase): HookTableOutline {
  const { chain, family, type, priority } = base;
  return {
    table: 'nft',
    key: nftStopKey(family, chain.table.name, chain.name),
    nft: { family, table: chain.table.name, chain: chain.name, type },
    priority,
    defined: true,
    ruleCount: chain.rules.length,
    policy: chain.base?.policy === 'drop' ? 'DROP' : 'ACCEPT',
  };
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
