// Which tables sit at each netfilter hook, in the order the kernel calls them (lowest priority first).
// Priorities are the kernel's NF_IP_PRI_* values as iptables-nft registers its chains (include/uapi/linux/
// netfilter_ipv4.h: RAW -300, CONNTRACK -200, MANGLE -150, NAT_DST -100, FILTER 0, NAT_SRC 100) with the security
// table at 150 under iptables-nft and at 50 (NF_IP_PRI_SECURITY) under legacy iptables (issue #3).
import type { HookName, TableName } from '../engine/model/types.ts';
import { BUILTIN_CHAINS, HOOKS, TABLES } from '../engine/model/types.ts';
import type { TableOrder } from './protocol.ts';

export type HookStop = TableName | 'conntrack';

function tablePriority(table: TableName, hook: HookName, order: TableOrder): number {
  switch (table) {
    case 'raw':
      return -300;
    case 'mangle':
      return -150;
    case 'nat':
      // DNAT hooks (PREROUTING, OUTPUT) run before filter; SNAT hooks (INPUT, POSTROUTING) after it.
      return hook === 'PREROUTING' || hook === 'OUTPUT' ? -100 : 100;
    case 'filter':
      return 0;
    case 'security':
      return order === 'legacy' ? 50 : 150;
  }
}

/** The stops at a hook with their priority, sorted as the kernel runs them. */
export function stopsAtHook(hook: HookName, order: TableOrder): { stop: HookStop; priority: number }[] {
  const stops: { stop: HookStop; priority: number }[] = TABLES.filter((t) => BUILTIN_CHAINS[t].includes(hook)).map(
    (t) => ({ stop: t, priority: tablePriority(t, hook, order) }),
  );
  // Conntrack's lookup runs at PREROUTING and OUTPUT (NF_IP_PRI_CONNTRACK, -200).
  if (hook === 'PREROUTING' || hook === 'OUTPUT') stops.push({ stop: 'conntrack', priority: -200 });
  return stops.sort((a, b) => a.priority - b.priority);
}

export const ALL_HOOKS: readonly HookName[] = HOOKS;
