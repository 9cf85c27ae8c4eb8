// The one list of nftables expressions and statements the lab knows: each keyword that starts one names its module.
// Adding an expression or a statement is adding its module here.
import { ctModule } from './expr/ct.ts';
import { fibModule } from './expr/fib.ts';
import { metaModule } from './expr/meta.ts';
import { numgenModule } from './expr/numgen.ts';
import { payloadModule } from './expr/payload.ts';
import type { Cursor } from './cursor.ts';
import type { Selector, Stmt } from './model.ts';
import type { RuleCtx } from './ruleContext.ts';
import { counterModule } from './stmt/counter.ts';
import { flowModule } from './stmt/flow.ts';
import { limitModule } from './stmt/limit.ts';
import { logModule } from './stmt/log.ts';
import { natModule } from './stmt/nat.ts';
import { notrackModule } from './stmt/notrack.ts';
import { quotaModule } from './stmt/quota.ts';
import { rejectModule } from './stmt/reject.ts';
import { setUpdateModule } from './stmt/setUpdate.ts';
import { verdictModule } from './stmt/verdict.ts';
import type { Token } from './tokenize.ts';

export interface SelectorModule {
  name: string;
  keywords: readonly string[];
  /** The words that may follow a keyword (`ip` → saddr, daddr…): the editor's completion reads them. */
  follows?: Readonly<Record<string, readonly string[]>>;
  /** Reads the rest of the expression; `first` (one of `keywords`) is already consumed. */
  parse(c: Cursor, first: Token): Selector;
}

export interface StatementModule {
  name: string;
  keywords: readonly string[];
  parse(c: Cursor, first: Token, ctx: RuleCtx): Stmt;
}

const SELECTORS: SelectorModule[] = [payloadModule, metaModule, ctModule, fibModule, numgenModule];

const STATEMENTS: StatementModule[] = [
  verdictModule,
  counterModule,
  logModule,
  limitModule,
  notrackModule,
  natModule,
  rejectModule,
  setUpdateModule,
  quotaModule,
  flowModule,
];

/**
 * Expressions and statements nft knows that the lab does not simulate (IPv6, bridge and ARP headers, sockets, quotas…):
 * kept as written, shown as "not simulated", treated as matching.
 */
export const NOT_SIMULATED = [
  'ip6',
  'icmpv6',
  'ether',
  'vlan',
  'arp',
  'sctp',
  'dccp',
  'esp',
  'ah',
  'comp',
  'udplite',
  'rt',
  'exthdr',
  'osf',
  'socket',
  'ipsec',
  'tproxy',
  'synproxy',
  'dup',
  'fwd',
  'hash',
  'jhash',
  'symhash',
  'secmark',
  'flow',
  'xt',
  'meter',
  'cgroupv2',
  'dccp',
  'igmp',
  'gre',
  'tunnel',
];

const bySelectorWord = new Map(SELECTORS.flatMap((m) => m.keywords.map((k) => [k, m] as const)));
const byStatementWord = new Map(STATEMENTS.flatMap((m) => m.keywords.map((k) => [k, m] as const)));

/** The words of the nft language the registry knows, for the editor's highlighting and completion. */
export interface NftVocabulary {
  /** Expression keywords, each with the words that may follow it. */
  expressions: Record<string, readonly string[]>;
  statements: readonly string[];
  notSimulated: readonly string[];
}

export function nftVocabulary(): NftVocabulary {
  const expressions: Record<string, readonly string[]> = {};
  for (const m of SELECTORS) for (const k of m.keywords) expressions[k] = m.follows?.[k] ?? [];
  return {
    expressions,
    statements: STATEMENTS.flatMap((m) => m.keywords),
    notSimulated: [...new Set(NOT_SIMULATED)],
  };
}

export function findSelector(word: string): SelectorModule | undefined {
  return bySelectorWord.get(word);
}

export function findStatement(word: string): StatementModule | undefined {
  return byStatementWord.get(word);
}
