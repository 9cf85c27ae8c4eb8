// The ruleset being built while commands are applied in order, with iptables' command semantics.
import {
  BUILTIN_CHAINS,
  TABLES,
  type Chain,
  type Diagnostic,
  type HookName,
  type Rule,
  type Ruleset,
  type SourcePos,
  type Table,
  type TableName,
} from '../model/types.ts';

const BUILTIN_SET: Record<TableName, ReadonlySet<string>> = {
  raw: new Set(BUILTIN_CHAINS.raw),
  mangle: new Set(BUILTIN_CHAINS.mangle),
  nat: new Set(BUILTIN_CHAINS.nat),
  filter: new Set(BUILTIN_CHAINS.filter),
  security: new Set(BUILTIN_CHAINS.security),
};

export function isTableName(name: string): name is TableName {
  return (TABLES as readonly string[]).includes(name);
}

export function isBuiltinChain(table: TableName, chain: string): chain is HookName {
  return BUILTIN_SET[table].has(chain);
}

/** Is `chain` a built-in chain of some table other than `table` (e.g. PREROUTING in filter)? */
export function isBuiltinElsewhere(table: TableName, chain: string): boolean {
  return !BUILTIN_SET[table].has(chain) && TABLES.some((t) => BUILTIN_SET[t].has(chain));
}

export function newTable(name: TableName, pos: SourcePos): Table {
  const chains = new Map<string, Chain>();
  for (const hook of BUILTIN_CHAINS[name]) {
    chains.set(hook, {
      name: hook,
      builtin: true,
      policy: 'ACCEPT',
      counters: { packets: 0, bytes: 0 },
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

/** Remembered chain lookups: a dump names the same few chains on consecutive lines. */
const CACHE_SIZE = 2;

export class RulesetBuilder {
  readonly ruleset: Ruleset = { tables: new Map() };
  readonly diagnostics: Diagnostic[] = [];
  private nextId = 1;
  private cacheTables: (Table | undefined)[] = new Array<Table | undefined>(CACHE_SIZE);
  private cacheNames: string[] = new Array<string>(CACHE_SIZE).fill('');
  private cacheChains: (Chain | undefined)[] = new Array<Chain | undefined>(CACHE_SIZE);
  private cacheNext = 0;

  /**
   * `table.chains.get(name)`, but comparing `name` with the last few names asked first: on a 60,000-chain table
   * a map lookup by a string cut from the input costs far more than a short string compare.
   */
  findChain(table: Table, name: string): Chain | undefined {
    for (let k = 0; k < CACHE_SIZE; k++) {
      if (this.cacheTables[k] === table && this.cacheNames[k] === name) return this.cacheChains[k];
    }
    const chain = table.chains.get(name);
    const k = this.cacheNext;
    this.cacheNext = (k + 1) % CACHE_SIZE;
    this.cacheTables[k] = table;
    this.cacheNames[k] = name;
    this.cacheChains[k] = chain;
    return chain;
  }

  /** Must be called whenever chains are added, deleted or renamed. */
  chainsChanged(): void {
    this.cacheTables.fill(undefined);
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

  addChain(table: Table, name: string, pos: SourcePos): Chain {
    name = ownString(name);
    const chain: Chain = { name, builtin: false, policy: null, counters: { packets: 0, bytes: 0 }, rules: [], pos };
    table.chains.set(name, chain);
    this.chainsChanged();
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
