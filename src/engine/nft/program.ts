// The base chains of a loaded nftables ruleset, hook by hook, as the tracer meets them. ip and inet tables both see
// IPv4 packets; netdev tables only at ingress; other families are kept but not walked.
import { someCheckedStmt, type CheckedStmt } from './lazyRule.ts';
import type { NftHook, NftChain, NftRuleset, Family, ChainType } from './model.ts';

export interface NftBase {
  chain: NftChain;
  family: Family;
  hook: NftHook;
  type: ChainType;
  priority: number;
  created: number;
  device?: string;
}

export interface NftProgram {
  ruleset: NftRuleset;
  /** A ct expression or statement, or a NAT statement, is used: conntrack 'auto' switches on (NFT.md, n53/n54). */
  needsConntrack: boolean;
  bases: Map<NftHook, NftBase[]>;
  /** Some nat chain exists: the nat hook then translates at every NAT hook. */
  hasNat: boolean;
}

const WALKED: Family[] = ['ip', 'inet', 'netdev'];
const readsConntrack = (s: CheckedStmt): boolean => s.needsConntrack === true;

export function nftProgram(ruleset: NftRuleset): NftProgram {
  const bases = new Map<NftHook, NftBase[]>();
  let needsConntrack = false;
  for (const table of ruleset.tables) {
    for (const chain of table.chains.values()) {
      // Looked for until found: one NAT statement among 70,000 rules is enough.
      // The statements validation kept (lazyRule.ts): a lazy rule is not read again for this.
      if (!needsConntrack) needsConntrack = chain.rules.some((r) => someCheckedStmt(r, readsConntrack));
      const b = chain.base;
      if (!b || !WALKED.includes(table.family)) continue;
      const base: NftBase = {
        chain,
        family: table.family,
        hook: b.hook,
        type: b.type,
        priority: b.priority,
        created: chain.created,
      };
      if (b.device !== undefined) base.device = b.device;
      const list = bases.get(b.hook) ?? [];
      list.push(base);
      bases.set(b.hook, list);
    }
  }
  const hasNat = [...bases.values()].some((list) => list.some((b) => b.type === 'nat'));
  return { ruleset, needsConntrack, bases, hasNat };
}
