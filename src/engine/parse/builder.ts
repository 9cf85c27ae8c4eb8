// The ruleset being built while commands are applied in order, with iptables' command semantics.
import {
  BUILTIN_CHAINS,
  TABLES,
  type Chain,
  type Counters,
  type Diagnostic,
  type HookName,
  type Rule,
  type Ruleset,
  type SourcePos,
  type Table,
  type TableName,
} from '../model/types.ts';

/** One bit per hook, and per table the bits of its built-in chains: no hashing of a name cut from the input. */
const HOOK_BITS: Record<HookName, number> = { PREROUTING: 1, INPUT: 2, FORWARD: 4, OUTPUT: 8, POSTROUTING: 16 };
const TABLE_HOOKS: Record<TableName, number> = {
  raw: 0,
  mangle: 0,
  nat: 0,
  filter: 0,
  security: 0,
};
for (const table of TABLES) for (const hook of BUILTIN_CHAINS[table]) TABLE_HOOKS[table] |= HOOK_BITS[hook];

/**
 * The hook bit of a name, 0 for any other name. A switch compares lengths first: far cheaper than a Set lookup,
 * which hashes the name (every chain declaration and every jump of a big dump asks).
 */
function hookBit(name: string): number {
  switch (name) {
    case 'PREROUTING':
      return 1;
    case 'INPUT':
      return 2;
    case 'FORWARD':
      return 4;
    case 'OUTPUT':
      return 8;
    case 'POSTROUTING':
      return 16;
    default:
      return 0;
  }
}

export function isTableName(name: string): name is TableName {
  return (TABLES as readonly string[]).includes(name);
}

export function isBuiltinChain(table: TableName, chain: string): chain is HookName {
  return (TABLE_HOOKS[table] & hookBit(chain)) !== 0;
}

/** Is `chain` a built-in chain of some table other than `table` (e.g. PREROUTING in filter)? */
export function isBuiltinElsewhere(table: TableName, chain: string): boolean {
  const bit = hookBit(chain);
  return bit !== 0 && (TABLE_HOOKS[table] & bit) === 0;
}

/**
 * The counters of every rule and chain loaded without any: shared and frozen (counters are replaced, never changed
 * in place), so a 60,000-chain, 170,000-rule dump keeps no zero pair of its own per rule or chain.
 */
export const ZERO_COUNTERS: Counters = Object.freeze({ packets: 0, bytes: 0 });

export function newTable(name: TableName, pos: SourcePos): Table {
  const chains = new Map<string, Chain>();
  for (const hook of BUILTIN_CHAINS[name]) {
    chains.set(hook, {
      name: hook,
      builtin: true,
      policy: 'ACCEPT',
      counters: ZERO_COUNTERS,
      rules: [],
      pos,
    });
  }
  return { name, chains };
}

/**
 * A copy of `text` that does not point into the whole input: names cut from a 20 MB dump would otherwise keep
 * every Map lookup by chain name walking into that big string.
 */
export function ownString(text: string): string {
  return text.length < 13 ? text : (' ' + text).slice(1);
}

/**
 * Where appended rules go instead of into their chain, for a caller that keeps no model (`check`: see
 * validate/streaming.ts). Commands that need the rules already loaded (-I, -D, -X, -E, -F …) set `needsModel`,
 * which stops the parse: the caller then parses again with the whole model.
 */
export interface RuleSink {
  append(table: Table, chain: Chain, rules: readonly Rule[]): void;
  /** A user chain was just added at the end of `table.chains`. */
  chainAdded(table: Table, chain: Chain): void;
  needsModel: boolean;
}

/** Remembered chain lookups: a dump names the same few chains on consecutive lines. */
const CACHE_SIZE = 2;
/** How many chains past the last one found are compared before asking the map. */
const LOOKAHEAD = 4;

export class RulesetBuilder {
  readonly ruleset: Ruleset = { tables: new Map() };
  readonly diagnostics: Diagnostic[] = [];
  /** Set: rules are handed to it and not kept in their chains. */
  sink: RuleSink | undefined;
  private nextId = 1;
  private cacheTables: (Table | undefined)[] = new Array<Table | undefined>(CACHE_SIZE);
  private cacheNames: string[] = new Array<string>(CACHE_SIZE).fill('');
  private cacheChains: (Chain | undefined)[] = new Array<Chain | undefined>(CACHE_SIZE);
  private cacheNext = 0;

  /**
   * Per table, its chains in the Map's (insertion) order and where the last lookup found one: iptables-save lists
   * rules chain by chain in the order it declared the chains, so the chain after the last one found is nearly always
   * the next one asked for. Dropped when chains are deleted or renamed, rebuilt on the next lookup.
   */
  private order = new Map<Table, { chains: Chain[]; last: number }>();

  /**
   * `table.chains.get(name)`, but comparing `name` with the last few names asked and with the chain declared after
   * the last one found first: on a 60,000-chain table a map lookup by a string cut from the input costs far more
   * than a short string compare.
   */
  findChain(table: Table, name: string): Chain | undefined {
    for (let k = 0; k < CACHE_SIZE; k++) {
      if (this.cacheTables[k] === table && this.cacheNames[k] === name) return this.cacheChains[k];
    }
    let order = this.order.get(table);
    if (order === undefined) this.order.set(table, (order = { chains: [...table.chains.values()], last: -1 }));
    // The next few declared chains (some may have no rules), then the map; a bounded scan keeps this O(1).
    const chains = order.chains;
    const end = Math.min(chains.length, order.last + 1 + LOOKAHEAD);
    let chain: Chain | undefined;
    for (let i = order.last + 1; i < end; i++) {
      if (chains[i]!.name === name) {
        chain = chains[i];
        order.last = i;
        break;
      }
    }
    if (chain === undefined) chain = table.chains.get(name);
    const k = this.cacheNext;
    this.cacheNext = (k + 1) % CACHE_SIZE;
    this.cacheTables[k] = table;
    this.cacheNames[k] = name;
    this.cacheChains[k] = chain;
    return chain;
  }

  /** Must be called whenever chains are deleted or renamed (addChain keeps the lookups up to date itself). */
  chainsChanged(): void {
    this.cacheTables.fill(undefined);
    this.order.clear();
  }

  table(name: TableName, pos: SourcePos): Table {
    let t = this.ruleset.tables.get(name);
    if (!t) {
      t = newTable(name, pos);
      this.ruleset.tables.set(name, t);
    }
    return t;
  }

  /** iptables-restore's `*table` starts the table afresh (it is flushed, unless --noflush). */
  resetTable(name: TableName, pos: SourcePos): Table {
    const t = newTable(name, pos);
    this.ruleset.tables.set(name, t);
    this.chainsChanged();
    return t;
  }

  newRuleId(): number {
    return this.nextId++;
  }

  /**
   * `name` is kept as given, a slice of the text read: a copy (ownString) made two more strings per chain for the
   * young generation to copy (61,000 chains: half the GC work of reading their declarations), and the rules of a
   * model already point into that text (their comments). Map lookups are alike either way: a copy was a slice too.
   */
  addChain(table: Table, name: string, pos: SourcePos): Chain {
    const chain: Chain = { name, builtin: false, policy: null, counters: ZERO_COUNTERS, rules: [], pos };
    table.chains.set(name, chain);
    // A remembered "no such chain" may be this name; the declaration order gains one chain at its end. Cleared
    // slot by slot: fill() is a call into the runtime, once per declared chain.
    for (let k = 0; k < CACHE_SIZE; k++) this.cacheTables[k] = undefined;
    this.order.get(table)?.chains.push(chain);
    this.sink?.chainAdded(table, chain);
    return chain;
  }

  /** Rules of the table that jump or go to `chain`. */
  referencesTo(table: Table, chain: string): Rule[] {
    const refs: Rule[] = [];
    for (const c of table.chains.values()) {
      for (const r of c.rules) if (r.target?.kind === 'chain' && r.target.name === chain) refs.push(r);
    }
    return refs;
  }
}
