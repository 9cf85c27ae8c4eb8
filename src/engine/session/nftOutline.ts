// What the chain panel shows of a native nftables chain: its declaration and its rules as `nft list ruleset` prints
// them (the printer's own rule text, so the panel and the canonical print never differ).
import type { NftRuleset } from '../nft/model.ts';
import { printRuleText } from '../nft/print.ts';
import type { NftChainView } from './types.ts';

export function nftChainOf(ruleset: NftRuleset, family: string, table: string, chain: string): NftChainView | null {
  const found = ruleset.tables.find((t) => t.family === family && t.name === table)?.chains.get(chain);
  if (!found) return null;
  const view: NftChainView = {
    family,
    table,
    chain,
    rules: found.rules.map((r, i) => ({
      index: i + 1,
      text: printRuleText(r, found.table.family),
      line: ruleset.source.line(r.pos),
    })),
  };
  const b = found.base;
  if (b) view.base = { type: b.type, hook: b.hook, priority: b.priority, policy: b.policy };
  return view;
}
