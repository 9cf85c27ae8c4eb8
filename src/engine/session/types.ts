// The plain JSON shapes a session answers with: they cross postMessage (and comlink) unchanged.
import type { Counters, Diagnostic, HookName, TableName } from '../model/types.ts';
import type { HookStop } from '../trace/hooks.ts';
import type { TraceResponse, TraceResult } from '../trace/types.ts';
import type { LostMeaning } from '../translate/types.ts';
export type { LostMeaning };

export type TableOrder = 'nft' | 'legacy';

export interface RuleOutline {
  id: number;
  /** 1-based position in its chain, as the TRACE notation counts. */
  index: number;
  /** The rule as iptables-save prints it. */
  text: string;
  /** Target name (ACCEPT, DNAT, KUBE-SVC-…) or null for a rule without -j. */
  target: string | null;
  /** True when the target is a user chain (a jump or goto). */
  targetIsChain: boolean;
  line: number;
}

export interface ChainPage {
  /** How many rules the chain has. */
  total: number;
  /** 0-based position of rules[0] in the chain. */
  from: number;
  rules: RuleOutline[];
}

export interface ChainOutline {
  name: string;
  builtin: boolean;
  policy: 'ACCEPT' | 'DROP' | null;
  counters: Counters;
  /** The rules themselves are fetched per chain (chainPage): a kube-proxy dump has tens of thousands. */
  ruleCount: number;
}

export interface TableOutline {
  name: TableName;
  chains: ChainOutline[];
}

/** A stop at a hook, in kernel priority order: a table's built-in chain, or the connection tracker. */
export interface HookTableOutline {
  /** An iptables table, conntrack, or 'nft' for a native nftables base chain (named by `nft`). */
  table: HookStop | 'nft';
  /** Names the stop among the hook's: the table name, 'conntrack', or nftStopKey(…) of a base chain. */
  key: string;
  /** A native base chain: its family, table, chain and type (its priority is `priority`). */
  nft?: NftStopView;
  priority: number;
  /** Does the ruleset define this table? iptables-nft walks only those. */
  defined: boolean;
  /** Rules in the table's built-in chain for this hook (0 when undefined). */
  ruleCount: number;
  policy: 'ACCEPT' | 'DROP' | null;
}

export interface NftStopView {
  family: string;
  table: string;
  chain: string;
  type: 'filter' | 'nat' | 'route';
}

/** The key of a native base chain's stop at a hook (trace steps name their base chain the same way). */
export function nftStopKey(family: string, table: string, chain: string): string {
  return `nft:${family}:${table}:${chain}`;
}

export interface HookOutline {
  hook: HookName;
  tables: HookTableOutline[];
}

export interface RulesetSummaryView {
  tables: number;
  chains: number;
  rules: number;
}

/** What loading a ruleset into a session answers. */
export interface LoadResult {
  /** The id later calls name the ruleset by. */
  rulesetId: number;
  /** False when iptables-restore would refuse the text (some diagnostic is an error). */
  ok: boolean;
  diagnostics: Diagnostic[];
  summary: RulesetSummaryView;
  outline: TableOutline[];
  /** The stops at each hook for the table order asked for. */
  hooks: HookOutline[];
}

export interface SaveResult {
  /** False when iptables-restore would refuse the input: `text` then holds what could be read. */
  ok: boolean;
  text: string;
  diagnostics: Diagnostic[];
}

export interface TraceHead {
  traceId: number;
  /** The response with each run's steps cut to the first chunk, and its REJECT reply held back until complete. */
  response: TraceResponse;
  /** Per run: how many steps it has in all. */
  totals: number[];
  /** Per run: the REJECT reply, to attach once every step has arrived. */
  replies: (TraceResult | null)[];
}

/** One native nftables chain as the chain panel lists it: its rules as `nft list ruleset` prints them. */
export interface NftChainView {
  family: string;
  table: string;
  chain: string;
  /** A base chain's declaration. */
  base?: { type: string; hook: string; priority: number; policy: 'accept' | 'drop' };
  rules: { index: number; text: string; line: number }[];
}

/** Which rules the translate view asks for: one table, one chain of it, or all; a window of them. */
export interface TranslationRequest {
  table?: TableName;
  chain?: string;
  /** 0-based, in iptables-save order over the rules asked for. */
  from?: number;
  to?: number;
}

/** One rule beside the nftables rule iptables-nft stores for it (iptables-translate's line). */
export interface RuleTranslationView {
  id: number;
  table: TableName;
  chain: string;
  /** 1-based position in its chain. */
  index: number;
  /** `-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT` */
  iptables: string;
  /**
   * `nft 'add rule ip filter INPUT tcp dport 22 counter accept'` (after an `nft 'add set …'` line when the rule needs
   * a set), or iptables-translate's own `nft # -t filter -A … ` when not translatable.
   */
  nft: string;
  translated: boolean;
  /** The extensions without a translation, in the rule's order. */
  untranslated: string[];
  /** What iptables-translate's line drops or changes (empty when it means what the rule means). */
  lost: LostMeaning[];
}

export interface TranslationPage {
  /** How many rules were asked for (before the window). */
  total: number;
  from: number;
  rules: RuleTranslationView[];
}
