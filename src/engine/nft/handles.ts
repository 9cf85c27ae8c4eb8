// The handles the kernel gives a table's objects (`nft -a list ruleset`, `nft -j list ruleset`). nf_tables_api.c
// numbers chains, sets (anonymous ones too) and rules of a table from one counter, `++table->hgenerator`, in the
// order the transaction creates them. nft creates a table block's new chains first, then its named objects (counters,
// quotas), then its sets, then its flowtables, then its rules
// (nftables src/cmd.c, expansion of a table); a command (`add chain`, `add set`, `add rule`, `insert rule`) creates
// its object where it stands; a rule's anonymous sets are created just before the rule. Checked with nft 1.0.6: a
// block `chain a {2 rules} set s1 chain b {…} map m1` then `add rule`, `add chain`, `add set`, `insert rule`
// numbers a=1 b=2 s1=3 m1=4, then a's rules, then 12, 13, 14, 15.
import type { NftChain, NftFlowtable, NftObject, NftRule, NftSet, NftTable, Stmt } from './model.ts';

/** Statements whose `{ … }` nft keeps as an anonymous set or map (a kernel object with a handle of its own), also
 * the map of `meta mark set ip saddr map { … }` (nft 1.0.6: the rule after it is numbered one further). */
const ANONYMOUS_KINDS = new Set(['match', 'vmap', 'assign', 'dnat', 'snat', 'masquerade', 'redirect']);

/**
 * Whether nft keeps an anonymous set or map for this statement. nft turns a one-element set of a single value into a
 * plain comparison, which the lab lists without braces (`ip daddr { 10.0.0.0/8 }` lists as `ip daddr 10.0.0.0/8`).
 */
export function makesAnonymousSet(stmt: Stmt): boolean {
  // The statement's own answer first: its text is printed when asked for, and a 10,000-service ruleset holds 80,000
  // comparisons and 10,000 vmaps (printing each at load doubled the parse's allocations).
  if (!ANONYMOUS_KINDS.has(stmt.kind)) return false;
  return stmt.holdsAnonymousSet ?? stmt.text.includes(' { ');
}

interface Block {
  table: NftTable;
  chains: NftChain[];
  objects: NftObject[];
  sets: NftSet[];
  flowtables: NftFlowtable[];
  rules: NftRule[];
  /** How many anonymous sets each of `rules` makes (they are numbered just before it). */
  anonymousSets: number[];
}

export class HandleCounter {
  private readonly last = new Map<NftTable, number>();
  private block: Block | undefined;

  private next(table: NftTable, objects = 1): number {
    const h = (this.last.get(table) ?? 0) + objects;
    this.last.set(table, h);
    return h;
  }

  /** A table block opens: what it creates is numbered when it closes. */
  openBlock(table: NftTable): void {
    this.block = { table, chains: [], objects: [], sets: [], flowtables: [], rules: [], anonymousSets: [] };
  }

  closeBlock(): void {
    const b = this.block;
    if (!b) return;
    this.block = undefined;
    for (const chain of b.chains) this.newChain(chain);
    for (const obj of b.objects) this.newObject(b.table, obj);
    for (const set of b.sets) this.newSet(b.table, set);
    for (const ft of b.flowtables) this.newFlowtable(b.table, ft);
    b.rules.forEach((rule, i) => this.newRule(b.table, rule, b.anonymousSets[i]!));
  }

  newChain(chain: NftChain): void {
    if (this.block) this.block.chains.push(chain);
    else chain.handle = this.next(chain.table);
  }

  newObject(table: NftTable, obj: NftObject): void {
    if (this.block) this.block.objects.push(obj);
    else obj.handle = this.next(table);
  }

  newFlowtable(table: NftTable, ft: NftFlowtable): void {
    if (this.block) this.block.flowtables.push(ft);
    else ft.handle = this.next(table);
  }

  newSet(table: NftTable, set: NftSet): void {
    if (this.block) this.block.sets.push(set);
    else set.handle = this.next(table);
  }

  /** `anonymousSets`: how many the rule makes (rule.ts anonymousSetsOfLastRule; a lazy rule has no statements yet). */
  newRule(table: NftTable, rule: NftRule, anonymousSets: number): void {
    if (this.block) {
      this.block.rules.push(rule);
      this.block.anonymousSets.push(anonymousSets);
    } else rule.handle = this.next(table, anonymousSets + 1);
  }

  /** `flush ruleset`: the tables are gone (a table made again starts from 1). */
  forget(): void {
    this.last.clear();
    this.block = undefined;
  }
}
