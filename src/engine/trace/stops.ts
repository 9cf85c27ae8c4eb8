// What a packet meets at one hook, in order: the iptables tables, conntrack, and — when an nftables ruleset is loaded —
// every base chain of every table on that hook. The kernel keeps one list per hook sorted by priority; hooks of equal
// priority run newest first (nf_hook_entries_grow inserts a new hook before older ones of the same priority), so the
// iptables-nft tables, loaded first, run after native chains of the same priority. nat chains do not run at their own
// priority: nf_nat registers one hook at -100 (prerouting, output) or 100 (input, postrouting) that runs every nat
// chain of the hook in priority order (nf_nat_inet_fn) [NFT.md, n07].
import type { HookName, TableName } from '../model/types.ts';
import type { NftBase, NftProgram } from '../nft/program.ts';
import type { NftHook } from '../nft/model.ts';
import type { IpvsTable } from '../ipvs/table.ts';
import { ipvsStopsAt, type IpvsStop } from '../ipvs/hooks.ts';
import { HOOK_PRIORITY, stopsAtHook as iptablesHookStops, tablePriority, tablesAtHook } from './hooks.ts';

export type Stop =
  | { kind: 'table'; table: TableName }
  | { kind: 'conntrack' }
  | { kind: 'nat' }
  | { kind: 'nft'; base: NftBase; ingress: boolean }
  | { kind: 'ipvs'; stop: IpvsStop };

/** One chain of the nat group: the iptables nat table's chain, or a native nat chain. */
export type NatMember = { kind: 'iptables' } | { kind: 'nft'; base: NftBase };

export const NFT_HOOK: Record<HookName, NftHook> = {
  PREROUTING: 'prerouting',
  INPUT: 'input',
  FORWARD: 'forward',
  OUTPUT: 'output',
  POSTROUTING: 'postrouting',
};

/** Where conntrack sits (NF_IP_PRI_CONNTRACK) and where the nat hook sits (NF_IP_PRI_NAT_DST / _SRC). */
const CONNTRACK_PRIORITY = -200;
const natPriority = (hook: HookName) => (hook === 'PREROUTING' || hook === 'OUTPUT' ? -100 : 100);

/** Without nftables: the iptables tables and conntrack in the one order the graph also draws (hooks.ts). */
function iptablesStops(hook: HookName, order: 'nft' | 'legacy'): Stop[] {
  return iptablesHookStops(hook, order).map(({ stop }): Stop => {
    if (stop === 'conntrack') return { kind: 'conntrack' };
    return stop === 'nat' ? { kind: 'nat' } : { kind: 'table', table: stop };
  });
}

export function stopsAtHook(hook: HookName, order: 'nft' | 'legacy', nft: NftProgram | undefined): Stop[] {
  if (!nft) return iptablesStops(hook, order);
  // Sorted by priority, then newest first: iptables tables count as created before any native chain, conntrack
  // before everything.
  const ranked: { stop: Stop; priority: number; created: number }[] = [];
  for (const table of tablesAtHook(hook, 'nft')) {
    if (table === 'nat') continue;
    ranked.push({ stop: { kind: 'table', table }, priority: HOOK_PRIORITY[table][hook] ?? 0, created: -1 });
  }
  if (hook === 'PREROUTING' || hook === 'OUTPUT')
    ranked.push({ stop: { kind: 'conntrack' }, priority: CONNTRACK_PRIORITY, created: -2 });
  if (hook !== 'FORWARD') ranked.push({ stop: { kind: 'nat' }, priority: natPriority(hook), created: -1 });
  for (const base of nft.bases.get(NFT_HOOK[hook]) ?? [])
    if (base.type !== 'nat')
      ranked.push({ stop: { kind: 'nft', base, ingress: false }, priority: base.priority, created: base.created });
  ranked.sort((a, b) => a.priority - b.priority || b.created - a.created);
  const stops = ranked.map((r) => r.stop);
  // ingress (netdev, and inet with a device) runs before prerouting, for packets arriving on that device [n09].
  if (hook === 'PREROUTING') {
    const ingress = [...(nft.bases.get('ingress') ?? [])].sort(
      (a, b) => a.priority - b.priority || b.created - a.created,
    );
    stops.unshift(...ingress.map((base): Stop => ({ kind: 'nft', base, ingress: true })));
  }
  return stops;
}

/** The chains the nat hook runs, in their priority order (the iptables nat table at its iptables-nft priority). */
export function natMembers(hook: HookName, hasIptablesNat: boolean, nft: NftProgram | undefined): NatMember[] {
  const ranked: { m: NatMember; priority: number; created: number }[] = [];
  if (hasIptablesNat) ranked.push({ m: { kind: 'iptables' }, priority: natPriority(hook), created: -1 });
  for (const base of nft?.bases.get(NFT_HOOK[hook]) ?? [])
    if (base.type === 'nat') ranked.push({ m: { kind: 'nft', base }, priority: base.priority, created: base.created });
  ranked.sort((a, b) => a.priority - b.priority || b.created - a.created);
  return ranked.map((r) => r.m);
}

/** A stop's priority at its hook (an ingress chain runs before every other: it is its own hook). */
function priorityOfStop(stop: Stop, hook: HookName, order: 'nft' | 'legacy'): number {
  switch (stop.kind) {
    case 'conntrack':
      return CONNTRACK_PRIORITY;
    case 'nat':
      return natPriority(hook);
    case 'table':
      return tablePriority(stop.table, hook, order);
    case 'nft':
      return stop.ingress ? Number.NEGATIVE_INFINITY : stop.base.priority;
    case 'ipvs':
      return stop.stop.priority;
  }
}

/**
 * IPVS's functions at a hook, placed among the other stops by priority (ip_vs_ops4: LOCAL_IN 98/99, LOCAL_OUT
 * -99/-98, FORWARD 99/100); at an equal priority the stop already there runs first.
 */
export function withIpvs(
  stops: Stop[],
  ipvs: IpvsTable | undefined,
  hook: HookName,
  order: 'nft' | 'legacy' = 'nft',
): Stop[] {
  if (!ipvs) return stops;
  const out = [...stops];
  for (const stop of ipvsStopsAt(hook)) {
    let at = out.length;
    while (at > 0 && priorityOfStop(out[at - 1]!, hook, order) > stop.priority) at -= 1;
    out.splice(at, 0, { kind: 'ipvs', stop });
  }
  return out;
}
