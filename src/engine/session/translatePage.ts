// The session's iptables-translate view: a window of a ruleset's rules (one chain, or every rule in iptables-save
// order), each beside the nftables rule iptables-nft stores for it.
import type { Ruleset, TableName } from '../model/types.ts';
import { chainsInSaveOrder } from '../save/format.ts';
import { translateRule } from '../translate/index.ts';
import type { TranslationPage, TranslationRequest } from './types.ts';

/** The most rules one page carries: a kube-proxy dump has tens of thousands. */
export const TRANSLATION_PAGE_LIMIT = 500;

export function translationPageOf(ruleset: Ruleset, req: TranslationRequest): TranslationPage {
  const from = Math.max(0, Math.floor(req.from ?? 0));
  const to = Math.min(from + TRANSLATION_PAGE_LIMIT, Math.floor(req.to ?? from + TRANSLATION_PAGE_LIMIT));
  const page: TranslationPage = { total: 0, from, rules: [] };
  for (const table of ruleset.tables.values()) {
    if (req.table !== undefined && table.name !== req.table) continue;
    for (const chain of chainsInSaveOrder(table)) {
      if (req.chain !== undefined && chain.name !== req.chain) continue;
      chain.rules.forEach((rule, i) => {
        const at = page.total++;
        if (at < from || at >= to) return;
        page.rules.push({
          id: rule.id,
          table: table.name as TableName,
          chain: chain.name,
          index: i + 1,
          ...translateRule(rule),
        });
      });
    }
  }
  return page;
}
