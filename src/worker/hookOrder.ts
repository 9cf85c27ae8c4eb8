// The stops at each netfilter hook, in the order the kernel calls them, taken from the engine's own table order
// (src/engine/trace/hooks.ts) plus the connection tracker's stop (NF_IP_PRI_CONNTRACK, -200, at PREROUTING and
// OUTPUT), so the graph always draws the order the tracer walks.
import type { HookName, TableName } from '../engine/model/types.ts';
import { HOOKS } from '../engine/model/types.ts';
import { HOOK_PRIORITY, tablesAtHook } from '../engine/trace/hooks.ts';
import type { TableOrder } from './protocol.ts';

export type HookStop = TableName | 'conntrack';

/** Legacy iptables registers the security table at NF_IP_PRI_SECURITY (50) instead of iptables-nft's 150. */
function priorityOf(table: TableName, hook: HookName, order: TableOrder): number {
  if (table === 'security' && order === 'legacy') return 50;
  return HOOK_PRIORITY[table][hook] ?? 0;
}

/** The stops at a hook with their priority, in the order the kernel runs them. */
export function stopsAtHook(hook: HookName, order: TableOrder): { stop: HookStop; priority: number }[] {
  const stops: { stop: HookStop; priority: number }[] = tablesAtHook(hook, order).map((t) => ({
    stop: t,
    priority: priorityOf(t, hook, order),
  }));
  if (hook === 'PREROUTING' || hook === 'OUTPUT') {
    const after = stops.findIndex((s) => s.priority > -200);
    stops.splice(after < 0 ? stops.length : after, 0, { stop: 'conntrack', priority: -200 });
  }
  return stops;
}

export const ALL_HOOKS: readonly HookName[] = HOOKS;
