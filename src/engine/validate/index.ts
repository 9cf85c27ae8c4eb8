// Checks a complete ruleset as iptables-restore and the kernel do once a table is committed: jumps to chains that
// exist, no loops, every target and match only where the kernel accepts it (its table, and every hook from which
// its chain can be reached: a user chain inherits the hooks of all chains that jump or go to it).
import { diag } from '../parse/messages.ts';
import type { ExtensionLookup } from '../parse/rule.ts';
import type { Chain, Diagnostic, HookName, Rule, Ruleset, SourcePos, Table } from '../model/types.ts';
import { IntList } from './intList.ts';

/** Chains where a packet has no input interface yet / no output interface yet (iptables' generic check). */
const NO_IN_IFACE: ReadonlySet<HookName> = new Set(['OUTPUT', 'POSTROUTING']);
const NO_OUT_IFACE: ReadonlySet<HookName> = new Set(['PREROUTING', 'INPUT']);

export function validateRuleset(ruleset: Ruleset, lookup: ExtensionLookup): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const table of ruleset.tables.values()) validateTable(table, lookup, out);
  return out;
}

const HOOK_BIT: Record<HookName, number> = { PREROUTING: 1, INPUT: 2, FORWARD: 4, OUTPUT: 8, POSTROUTING: 16 };
const BIT_HOOKS: readonly HookName[] = ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'];

/**
 * The table's jump graph, built in one pass over the rules (see ChainGraph); `via` holds each jump's rule, for
 * messages. Jumps to missing chains are reported here.
 */
interface JumpGraph extends ChainGraph {
  via: Rule[];
  /** Per chain, the rules whose placement must be checked once hooks are known (collected in the same pass). */
  restricted: Rule[][];
}

/**
 * What loop and hook analysis need of a table: its chains by index and the jumps between them, flat: chain i jumps
 * or goes to callee[calleeStart[i]] … callee[calleeStart[i + 1] - 1], in the order written.
 */
export interface ChainGraph {
  chains: Chain[];
  calleeStart: Int32Array;
  callee: Int32Array;
  /** Where the jump at position k of `callee` is written (the rule's line, the target's column). */
  jumpAt(k: number): SourcePos;
}

const NO_RULES: Rule[] = [];

function buildGraph(table: Table, out: Diagnostic[], lookup?: ExtensionLookup): JumpGraph {
  const chains = [...table.chains.values()];
  const index = new Map<string, number>();
  for (let i = 0; i < chains.length; i++) index.set(chains[i]!.name, i);
  const calleeStart = new Int32Array(chains.length + 1);
  const callee = new IntList();
  const via: Rule[] = [];
  const restricted: Rule[][] = [];
  // The last jump's target: many rules jump to the same chain (kube-proxy's 50,000 `-j KUBE-MARK-MASQ`), and
  // comparing two names is far cheaper than a lookup in a 60,000-entry map.
  let lastName: string | undefined;
  let lastIndex: number | undefined;
  for (let c = 0; c < chains.length; c++) {
    const chain = chains[c]!;
    calleeStart[c] = callee.length;
    // Most chains have no restricted rule: their list is created on first use.
    let placed: Rule[] = NO_RULES;
    const builtin = chain.builtin;
    const chainRules = chain.rules;
    for (let k = 0; k < chainRules.length; k++) {
      const r = chainRules[k]!;
      // Lists start as literals of one: push() on an empty list reserves room for 17.
      if (lookup && hasPlacementRule(r, builtin, lookup)) {
        if (placed === NO_RULES) placed = [r];
        else placed.push(r);
      }
      const t = r.target;
      if (t === null || t.kind !== 'chain') continue;
      const j = t.name === lastName ? lastIndex : index.get(t.name);
      lastName = t.name;
      lastIndex = j;
      if (j === undefined) {
        out.push(diag('error', 'jump-missing', { line: r.line, col: t.col }, { chain: t.name, table: table.name }));
        continue;
      }
      callee.push(j);
      via.push(r);
    }
    restricted.push(placed);
  }
  calleeStart[chains.length] = callee.length;
  const jumpAt = (k: number): SourcePos => {
    const jump = via[k]!;
    return { line: jump.line, col: jump.target!.col };
  };
  return { chains, calleeStart, callee: callee.toArray(), via, restricted, jumpAt };
}

/** Can this rule be refused for where it is (a restricted target or match, -i/-o in a built-in chain)? */
export function hasPlacementRule(r: Rule, builtin: boolean, lookup: ExtensionLookup): boolean {
  if (builtin && (r.inIface || r.outIface)) return true;
  const t = r.target;
  if (t !== null && t.kind === 'extension' && t.known) {
    const m = lookup.findTarget(t.name);
    if (m && (m.tables || m.hooks || m.hooksFor)) return true;
  }
  const matches = r.matches;
  for (let k = 0; k < matches.length; k++) {
    const m = matches[k]!;
    if (m.known && lookup.findMatch(m.name)?.hooks) return true;
  }
  return false;
}

/** For every chain (by graph index), a bit set (HOOK_BIT) of the hooks it can be reached from. */
export function hookMasks(g: ChainGraph): Uint8Array {
  const masks = new Uint8Array(g.chains.length);
  const queue: number[] = [];
  g.chains.forEach((c, i) => {
    if (c.builtin) {
      masks[i] = HOOK_BIT[c.name as HookName];
      queue.push(i);
    }
  });
  while (queue.length > 0) {
    const i = queue.pop()!;
    const from = masks[i]!;
    for (let k = g.calleeStart[i]!, end = g.calleeStart[i + 1]!; k < end; k++) {
      const j = g.callee[k]!;
      const after = masks[j]! | from;
      if (after !== masks[j]) {
        masks[j] = after;
        queue.push(j);
      }
    }
  }
  return masks;
}

function hooksOf(mask: number): HookName[] {
  const out: HookName[] = [];
  for (let i = 0; i < BIT_HOOKS.length; i++) if (mask & (1 << i)) out.push(BIT_HOOKS[i]!);
  return out;
}

/** For every chain, the hooks from which it can be reached (built-in chains: their own hook). */
export function reachableHooks(table: Table): Map<string, Set<HookName>> {
  const g = buildGraph(table, []);
  const masks = hookMasks(g);
  const out = new Map<string, Set<HookName>>();
  g.chains.forEach((c, i) => out.set(c.name, new Set(hooksOf(masks[i]!))));
  return out;
}

function validateTable(table: Table, lookup: ExtensionLookup, out: Diagnostic[]): void {
  const g = buildGraph(table, out, lookup);
  findLoops(g, out);
  const masks = hookMasks(g);
  for (let i = 0; i < g.chains.length; i++) {
    for (const r of g.restricted[i]!) checkRulePlacement(r, table, g.chains[i]!, masks[i]!, lookup, out);
  }
}

/** The first hook the chain is reached from that `allowed` does not include. */
function firstOutside(from: number, allowed: readonly HookName[] | undefined): HookName | undefined {
  if (!allowed || from === 0) return undefined;
  let ok = 0;
  for (const h of allowed) ok |= HOOK_BIT[h];
  const bad = from & ~ok;
  return bad === 0 ? undefined : hooksOf(bad)[0];
}

/** What the placement checks read of a rule (a checker that keeps no rules keeps only this much). */
export type PlacedRule = Pick<Rule, 'line' | 'col' | 'inIface' | 'outIface' | 'matches' | 'target'>;

export function checkRulePlacement(
  r: PlacedRule,
  table: Table,
  chain: Chain,
  from: number,
  lookup: ExtensionLookup,
  out: Diagnostic[],
): void {
  // iptables itself refuses these by chain NAME (not by reachability: Docker's `-A DOCKER -i docker0 -j RETURN`,
  // reached from nat OUTPUT, is accepted).
  if (r.inIface && NO_IN_IFACE.has(chain.name as HookName))
    out.push(diag('error', 'in-iface-in-output', { line: r.line, col: r.col }, { chain: chain.name }));
  if (r.outIface && NO_OUT_IFACE.has(chain.name as HookName))
    out.push(diag('error', 'out-iface-in-input', { line: r.line, col: r.col }, { chain: chain.name }));
  for (const m of r.matches) {
    if (!m.known) continue;
    const module = lookup.findMatch(m.name);
    const allowed = module?.hooks?.(m.data);
    const bad = firstOutside(from, allowed);
    if (bad && allowed)
      out.push(
        diag(
          'error',
          'match-wrong-hook',
          { line: r.line, col: m.col },
          {
            match: m.name,
            chain: chain.name,
            hook: bad,
            hooks: allowed.join(', '),
          },
        ),
      );
  }
  const t = r.target;
  if (t?.kind !== 'extension' || !t.known) return;
  const module = lookup.findTarget(t.name);
  if (!module) return;
  if (module.tables && !module.tables.includes(table.name)) {
    out.push(
      diag(
        'error',
        'target-wrong-table',
        { line: r.line, col: t.col },
        {
          target: t.name,
          table: table.name,
          tables: module.tables.join(', '),
        },
      ),
    );
    return;
  }
  for (const allowed of [module.hooks, module.hooksFor?.(t.data)]) {
    const bad = firstOutside(from, allowed);
    if (bad && allowed) {
      out.push(
        diag(
          'error',
          'target-wrong-hook',
          { line: r.line, col: t.col },
          {
            target: t.name,
            chain: chain.name,
            hook: bad,
            hooks: allowed.join(', '),
          },
        ),
      );
      return;
    }
  }
}

/**
 * Depth-first search over jumps; a jump back to a chain on the current path is a loop. The kernel (nf_tables'
 * loop check walks from the base chains) refuses a loop a built-in chain reaches ("Too many links") and loads one
 * in chains nothing reaches (recorded: conformance g36, g37): the lab warns about those.
 */
export function findLoops(g: ChainGraph, out: Diagnostic[]): void {
  const state = new Uint8Array(g.chains.length); // 0: unseen, 1: on the path, 2: done
  const walk = (start: number, severity: 'error' | 'warning') => {
    if (state[start] !== 0) return;
    const path: number[] = [start];
    // Per chain on the path, the position in `callee` of its next jump to follow.
    const nextEdge: number[] = [g.calleeStart[start]!];
    // Iterative: a long chain of jumps must not overflow the stack.
    state[start] = 1;
    while (path.length > 0) {
      const top = path.length - 1;
      const i = path[top]!;
      const k = nextEdge[top]!;
      if (k >= g.calleeStart[i + 1]!) {
        state[i] = 2;
        path.pop();
        nextEdge.pop();
        continue;
      }
      nextEdge[top] = k + 1;
      const j = g.callee[k]!;
      if (state[j] === 1) {
        const loop = [...path.slice(path.indexOf(j)), j].map((k) => g.chains[k]!.name).join(' → ');
        const at = g.jumpAt(k);
        const code = severity === 'error' ? 'chain-loop' : 'chain-loop-unreached';
        out.push(diag(severity, code, { line: at.line, col: at.col }, { path: loop }));
      } else if (state[j] === 0) {
        state[j] = 1;
        path.push(j);
        nextEdge.push(g.calleeStart[j]!);
      }
    }
  };
  // Built-in chains first: every chain they reach is then done, so the second pass sees only unreached chains.
  for (let i = 0; i < g.chains.length; i++) if (g.chains[i]!.builtin) walk(i, 'error');
  for (let i = 0; i < g.chains.length; i++) walk(i, 'warning');
}
