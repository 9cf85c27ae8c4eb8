// Checks a complete ruleset as iptables-restore and the kernel do once a table is committed: jumps to chains that
// exist, no loops, every target and match only where the kernel accepts it (its table, and every hook from which
// its chain can be reached: a user chain inherits the hooks of all chains that jump or go to it).
import { diag } from '../parse/messages.ts';
import type { ExtensionLookup } from '../parse/rule.ts';
import type { Chain, Diagnostic, HookName, Rule, Ruleset, Table } from '../model/types.ts';

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

/** For every chain, a bit set (HOOK_BIT) of the hooks from which it can be reached; built-in chains: their own. */
function hookMasks(table: Table): Map<Chain, number> {
  const masks = new Map<Chain, number>();
  const queue: Chain[] = [];
  for (const c of table.chains.values()) {
    if (c.builtin) {
      masks.set(c, HOOK_BIT[c.name as HookName]);
      queue.push(c);
    } else masks.set(c, 0);
  }
  while (queue.length > 0) {
    const c = queue.pop()!;
    const from = masks.get(c)!;
    for (const r of c.rules) {
      const t = r.target;
      if (t === null || t.kind !== 'chain') continue;
      const callee = table.chains.get(t.name);
      if (callee === undefined) continue;
      const before = masks.get(callee)!;
      const after = before | from;
      if (after !== before) {
        masks.set(callee, after);
        queue.push(callee);
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
  const out = new Map<string, Set<HookName>>();
  for (const [chain, mask] of hookMasks(table)) out.set(chain.name, new Set(hooksOf(mask)));
  return out;
}

function validateTable(table: Table, lookup: ExtensionLookup, out: Diagnostic[]): void {
  for (const c of table.chains.values()) {
    for (const r of c.rules) {
      const t = r.target;
      if (t?.kind === 'chain' && !table.chains.has(t.name))
        out.push(diag('error', 'jump-missing', t.pos, { chain: t.name, table: table.name }));
    }
  }
  findLoops(table, out);
  const masks = hookMasks(table);
  for (const c of table.chains.values()) {
    const mask = masks.get(c)!;
    for (const r of c.rules) checkRulePlacement(r, table, c, mask, lookup, out);
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

function checkRulePlacement(
  r: Rule,
  table: Table,
  chain: Chain,
  from: number,
  lookup: ExtensionLookup,
  out: Diagnostic[],
): void {
  // iptables itself refuses these by chain NAME (not by reachability: Docker's `-A DOCKER -i docker0 -j RETURN`,
  // reached from nat OUTPUT, is accepted).
  if (r.inIface && NO_IN_IFACE.has(chain.name as HookName))
    out.push(diag('error', 'in-iface-in-output', r.pos, { chain: chain.name }));
  if (r.outIface && NO_OUT_IFACE.has(chain.name as HookName))
    out.push(diag('error', 'out-iface-in-input', r.pos, { chain: chain.name }));
  for (const m of r.matches) {
    if (!m.known) continue;
    const module = lookup.findMatch(m.name);
    const allowed = module?.hooks?.(m.data);
    const bad = firstOutside(from, allowed);
    if (bad && allowed)
      out.push(
        diag('error', 'match-wrong-hook', m.pos, {
          match: m.name,
          chain: chain.name,
          hook: bad,
          hooks: allowed.join(', '),
        }),
      );
  }
  const t = r.target;
  if (t?.kind !== 'extension' || !t.known) return;
  const module = lookup.findTarget(t.name);
  if (!module) return;
  if (module.tables && !module.tables.includes(table.name)) {
    out.push(
      diag('error', 'target-wrong-table', t.pos, {
        target: t.name,
        table: table.name,
        tables: module.tables.join(', '),
      }),
    );
    return;
  }
  for (const allowed of [module.hooks, module.hooksFor?.(t.data)]) {
    const bad = firstOutside(from, allowed);
    if (bad && allowed) {
      out.push(
        diag('error', 'target-wrong-hook', t.pos, {
          target: t.name,
          chain: chain.name,
          hook: bad,
          hooks: allowed.join(', '),
        }),
      );
      return;
    }
  }
}

/** Depth-first search over jumps; a jump back to a chain on the current path is a loop ("Too many links"). */
function findLoops(table: Table, out: Diagnostic[]): void {
  const state = new Map<string, 1 | 2>(); // 1: on the path, 2: done
  const path: string[] = [];
  for (const start of table.chains.values()) {
    if (state.has(start.name)) continue;
    // Iterative DFS: a deep chain of jumps must not overflow the stack.
    const stack: { chain: Chain; next: number }[] = [{ chain: start, next: 0 }];
    state.set(start.name, 1);
    path.push(start.name);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const rules = top.chain.rules;
      let pushed = false;
      while (top.next < rules.length) {
        const r = rules[top.next++]!;
        if (r.target?.kind !== 'chain') continue;
        const callee = table.chains.get(r.target.name);
        if (!callee) continue;
        const s = state.get(callee.name);
        if (s === 1) {
          const from = path.indexOf(callee.name);
          const loop = [...path.slice(from), callee.name].join(' → ');
          out.push(diag('error', 'chain-loop', r.target.pos, { path: loop }));
          continue;
        }
        if (s === 2) continue;
        state.set(callee.name, 1);
        path.push(callee.name);
        stack.push({ chain: callee, next: 0 });
        pushed = true;
        break;
      }
      if (!pushed) {
        stack.pop();
        state.set(top.chain.name, 2);
        path.pop();
      }
    }
  }
}
