// Which tables a packet meets at each hook, in the kernel's priority order.
// iptables-nft registers raw -300, mangle -150, nat -100 (DNAT hooks) / 100 (SNAT hooks), filter 0, security 150;
// legacy iptables registers security at 50 (NF_IP_PRI_SECURITY), i.e. before the nat INPUT chain at 100.
// Conntrack itself sits at -200 (after raw) on PREROUTING/OUTPUT and confirms at the very end of INPUT/POSTROUTING.
import type { HookName, TableName } from '../model/types.ts';

const NFT: Record<HookName, readonly TableName[]> = {
  PREROUTING: ['raw', 'mangle', 'nat'],
  INPUT: ['mangle', 'filter', 'nat', 'security'],
  FORWARD: ['mangle', 'filter', 'security'],
  OUTPUT: ['raw', 'mangle', 'nat', 'filter', 'security'],
  POSTROUTING: ['mangle', 'nat'],
};

const LEGACY: Record<HookName, readonly TableName[]> = {
  ...NFT,
  INPUT: ['mangle', 'filter', 'security', 'nat'],
};

export function tablesAtHook(hook: HookName, order: 'nft' | 'legacy' = 'nft'): readonly TableName[] {
  return (order === 'legacy' ? LEGACY : NFT)[hook];
}

export const HOOK_PRIORITY: Record<TableName, Partial<Record<HookName, number>>> = {
  raw: { PREROUTING: -300, OUTPUT: -300 },
  mangle: { PREROUTING: -150, INPUT: -150, FORWARD: -150, OUTPUT: -150, POSTROUTING: -150 },
  nat: { PREROUTING: -100, OUTPUT: -100, INPUT: 100, POSTROUTING: 100 },
  filter: { INPUT: 0, FORWARD: 0, OUTPUT: 0 },
  security: { INPUT: 150, FORWARD: 150, OUTPUT: 150 },
};

/** What the packet meets at a hook: a table's built-in chain, or the connection tracker's own stop. */
export type HookStop = TableName | 'conntrack';

/** nf_conntrack_in runs at NF_IP_PRI_CONNTRACK (-200) on PREROUTING and OUTPUT: after raw, before mangle. */
const CONNTRACK_PRIORITY = -200;

/** A table's priority at a hook; legacy iptables registers security at NF_IP_PRI_SECURITY (50), not 150. */
export function tablePriority(table: TableName, hook: HookName, order: 'nft' | 'legacy' = 'nft'): number {
  if (table === 'security' && order === 'legacy') return 50;
  return HOOK_PRIORITY[table][hook] ?? 0;
}

/**
 * The stops at a hook with their priority, in the order the kernel calls them: the one place both the tracer and
 * the graph read the order from.
 */
export function stopsAtHook(
  hook: HookName,
  order: 'nft' | 'legacy' = 'nft',
): readonly { stop: HookStop; priority: number }[] {
  const stops: { stop: HookStop; priority: number }[] = tablesAtHook(hook, order).map((table) => ({
    stop: table,
    priority: tablePriority(table, hook, order),
  }));
  if (hook === 'PREROUTING' || hook === 'OUTPUT') {
    const after = stops.findIndex((s) => s.priority > CONNTRACK_PRIORITY);
    stops.splice(after < 0 ? stops.length : after, 0, { stop: 'conntrack', priority: CONNTRACK_PRIORITY });
  }
  return stops;
}
