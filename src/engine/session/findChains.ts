// Finding a chain in a big ruleset by its name or by a rule comment: a 10,000-service kube-proxy dump has some
// 60,000 chains named by hashes (KUBE-SVC-K7ZVFMM3TUXRXRZR), and the only words that say which Service a chain is
// for are kube-proxy's `-m comment` texts — on the chain's own rules, and on the rule that jumps to it
// (KUBE-SERVICES: `--comment "ns0/svc0:http cluster IP" -j KUBE-SVC-…`).
import type { Chain, Rule, Ruleset, TableName } from '../model/types.ts';

export interface ChainSearchRequest {
  /** Words to find, case-insensitively, in a chain's name or a comment; empty: every chain. */
  query: string;
  /** At most this many chains in the answer (the count of all matches is given too). */
  limit?: number;
}

export interface ChainFound {
  table: TableName;
  chain: string;
  builtin: boolean;
  ruleCount: number;
  /** The comment the query was found in (null when found in the name, or with an empty query). */
  comment: string | null;
}

export interface ChainSearchResult {
  /** How many chains match in all; `chains` holds the first `limit` of them, in ruleset order. */
  total: number;
  chains: ChainFound[];
}

/** Enough for a list to scroll through; a narrower query finds the rest. */
export const CHAIN_SEARCH_LIMIT = 500;

/** The texts of a rule's `-m comment` matches (a rule may carry several). */
function commentsOf(rule: Rule): string[] {
  const texts: string[] = [];
  for (const m of rule.matches) if (m.name === 'comment' && m.known && typeof m.data === 'string') texts.push(m.data);
  return texts;
}

/** The first comment containing `needle` (already lower case) on the chain's rules or on a rule jumping to it. */
function commentMatching(chain: Chain, jumpsTo: Map<string, Rule[]>, needle: string): string | null {
  for (const rule of chain.rules) for (const c of commentsOf(rule)) if (c.toLowerCase().includes(needle)) return c;
  for (const rule of jumpsTo.get(chain.name) ?? [])
    for (const c of commentsOf(rule)) if (c.toLowerCase().includes(needle)) return c;
  return null;
}

/** The rules of a table that jump (or go) to each user chain, keyed by the chain's name. */
function jumpsByTarget(chains: Iterable<Chain>): Map<string, Rule[]> {
  const jumps = new Map<string, Rule[]>();
  for (const chain of chains)
    for (const rule of chain.rules) {
      if (rule.target?.kind !== 'chain') continue;
      const list = jumps.get(rule.target.name);
      if (list) list.push(rule);
      else jumps.set(rule.target.name, [rule]);
    }
  return jumps;
}

export function findChains(ruleset: Ruleset, req: ChainSearchRequest): ChainSearchResult {
  const needle = req.query.trim().toLowerCase();
  const limit = Math.max(0, Math.min(Math.trunc(req.limit ?? CHAIN_SEARCH_LIMIT), CHAIN_SEARCH_LIMIT));
  const chains: ChainFound[] = [];
  let total = 0;
  for (const table of ruleset.tables.values()) {
    const jumpsTo = needle ? jumpsByTarget(table.chains.values()) : new Map<string, Rule[]>();
    for (const chain of table.chains.values()) {
      let comment: string | null = null;
      if (needle && !chain.name.toLowerCase().includes(needle)) {
        comment = commentMatching(chain, jumpsTo, needle);
        if (comment === null) continue;
      }
      total += 1;
      if (chains.length < limit)
        chains.push({
          table: table.name,
          chain: chain.name,
          builtin: chain.builtin,
          ruleCount: chain.rules.length,
          comment,
        });
    }
  }
  return { total, chains };
}
