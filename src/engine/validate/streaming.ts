// The table checks of validate/index.ts for a parse that keeps no rules (`check`): each rule is looked at once as
// it is appended and then dropped, so it dies young; only what the checks after COMMIT need is kept — per jump, its
// chain, target name and position; per rule whose placement can be refused, the few fields that decide it. A
// 170,000-rule dump then keeps a few arrays instead of a million long-lived objects the GC must copy and mark.
// The diagnostics are the ones validateRuleset gives on the whole model (a test compares them on every dump).
import type { Chain, Diagnostic, MatchUse, Rule, Ruleset, SourcePos, Table } from '../model/types.ts';
import { ownString, type RuleSink } from '../parse/builder.ts';
import { diag } from '../parse/messages.ts';
import type { ExtensionLookup } from '../parse/rule.ts';
import { IntList } from './intList.ts';
import {
  checkRulePlacement,
  findLoops,
  hasPlacementRule,
  hookMasks,
  type ChainGraph,
  type PlacedRule,
} from './index.ts';

/** What one table's checks need, collected while its rules stream past. */
class TableFacts {
  rules = 0;
  /**
   * The table's chains numbered as declared, which is their order in `table.chains` (a command that deletes or
   * renames one stops the streaming parse: see RuleSink). Jumps and placements then keep numbers, not chains.
   */
  readonly chains: Chain[];
  readonly numberOf = new Map<string, number>();
  /** The chain of the last append: the next one is nearly always it or the one declared after it. */
  lastFrom = 0;
  /**
   * Per jump or goto to a chain, in the order written: the number of the chain it is in, of the chain it targets
   * (-1 - k while no such chain exists yet, its name then `pendingNames[k]`: it may be declared later), where.
   */
  readonly jumpFrom = new IntList();
  readonly jumpTo = new IntList();
  readonly jumpLine = new IntList();
  readonly jumpCol = new IntList();
  readonly pendingNames: string[] = [];
  /**
   * Per rule whose placement can be refused: the number of its chain, where it and its target are written, and the
   * other fields that decide (shared by consecutive rules that differ only in where they are: see placedFacts).
   */
  readonly placedChain = new IntList();
  readonly placedLine = new IntList();
  readonly placedCol = new IntList();
  readonly placedTargetCol = new IntList();
  readonly placed: PlacedRule[] = [];

  constructor(table: Table) {
    this.chains = [...table.chains.values()];
    for (let i = 0; i < this.chains.length; i++) this.numberOf.set(this.chains[i]!.name, i);
  }

  numberOfChain(chain: Chain): number {
    const last = this.lastFrom;
    if (this.chains[last] === chain) return last;
    const n = this.chains[last + 1] === chain ? last + 1 : this.numberOf.get(chain.name)!;
    this.lastFrom = n;
    return n;
  }
}

const NO_MATCHES: MatchUse[] = [];
const NO_RAW: string[] = [];

/** Whether `r`, which has no match with hook limits, decides its placement as `facts` do but for its position. */
function sharable(facts: PlacedRule, r: Rule): boolean {
  const a = facts.target;
  const b = r.target;
  if (facts.inIface !== r.inIface || facts.outIface !== r.outIface) return false;
  if (a === null || b === null) return a === b;
  return a.kind === b.kind && a.name === b.name && a.goto === b.goto && a.known === b.known;
}

export class StreamingValidator implements RuleSink {
  needsModel = false;
  /** By table object: `*filter` read twice starts a new table, and only the tables of the final ruleset count. */
  private readonly facts = new Map<Table, TableFacts>();
  private lastTable: Table | undefined;
  private lastFacts: TableFacts | undefined;
  private lastJumpName = '';
  private lastJumpTo = -1;
  private lastJumpFacts: TableFacts | undefined;
  private lastShared: PlacedRule | undefined;

  constructor(private readonly lookup: ExtensionLookup) {}

  /** The table's facts; made when the table is first seen, numbering the chains it has then. */
  private factsOf(table: Table): TableFacts {
    let f = this.lastFacts;
    if (this.lastTable !== table || f === undefined) {
      f = this.facts.get(table);
      if (f === undefined) this.facts.set(table, (f = new TableFacts(table)));
      this.lastTable = table;
      this.lastFacts = f;
    }
    return f;
  }

  chainAdded(table: Table, chain: Chain): void {
    const f = this.factsOf(table);
    // Already numbered if its table was first seen just now.
    if (f.chains.length === table.chains.size) return;
    f.numberOf.set(chain.name, f.chains.length);
    f.chains.push(chain);
  }

  append(table: Table, chain: Chain, rules: readonly Rule[]): void {
    const f = this.factsOf(table);
    const from = f.numberOfChain(chain);
    for (let k = 0; k < rules.length; k++) {
      const r = rules[k]!;
      f.rules++;
      const t = r.target;
      if (t !== null && t.kind === 'chain') {
        f.jumpFrom.push(from);
        f.jumpTo.push(this.jumpTarget(f, t.name));
        f.jumpLine.push(r.line);
        f.jumpCol.push(t.col);
      }
      if (hasPlacementRule(r, chain.builtin, this.lookup)) {
        f.placedChain.push(from);
        f.placedLine.push(r.line);
        f.placedCol.push(r.col);
        f.placedTargetCol.push(r.target?.col ?? 0);
        f.placed.push(this.placedFacts(r));
      }
    }
  }

  /**
   * The number of the chain a jump names, or -1 - k with its name (copied) kept as pendingNames[k] while there is
   * none. The last one found is compared first: a short string compare instead of a lookup in a 60,000-chain map
   * (kube-proxy's 50,000 endpoint chains each jump to KUBE-MARK-MASQ).
   */
  private jumpTarget(f: TableFacts, name: string): number {
    if (this.lastJumpFacts === f && this.lastJumpName === name) return this.lastJumpTo;
    const n = f.numberOf.get(name);
    if (n === undefined) return -1 - (f.pendingNames.push(ownString(name)) - 1);
    this.lastJumpFacts = f;
    this.lastJumpName = name;
    this.lastJumpTo = n;
    return n;
  }

  /**
   * Only the matches that have hook limits: the others (comments, ports …) can never be refused for their place.
   * The target without its data unless its hooks depend on it (SET, TCPMSS). A rule with no such match whose
   * target keeps no data shares the facts of the rule before it when they differ only in position: 50,000
   * kube-proxy DNAT rules then keep one object, not 50,000 long-lived ones the GC must copy and mark.
   */
  private placedFacts(r: Rule): PlacedRule {
    let matches = NO_MATCHES;
    for (const m of r.matches) {
      if (!m.known || !this.lookup.findMatch(m.name)?.hooks) continue;
      if (matches === NO_MATCHES) matches = [m];
      else matches.push(m);
    }
    let target = r.target;
    if (target !== null && target.data !== null) {
      if (this.lookup.findTarget(target.name)?.hooksFor)
        return { line: r.line, col: r.col, inIface: r.inIface, outIface: r.outIface, matches, target };
      const last = this.lastShared;
      if (matches === NO_MATCHES && last !== undefined && sharable(last, r)) return last;
      target = { ...target, data: null, raw: NO_RAW };
    }
    if (matches !== NO_MATCHES)
      return { line: r.line, col: r.col, inIface: r.inIface, outIface: r.outIface, matches, target };
    const last = this.lastShared;
    if (last !== undefined && sharable(last, r)) return last;
    return (this.lastShared = { line: r.line, col: r.col, inIface: r.inIface, outIface: r.outIface, matches, target });
  }

  /** The rules the final ruleset holds, per table. */
  ruleCount(ruleset: Ruleset): number {
    let n = 0;
    for (const table of ruleset.tables.values()) n += this.facts.get(table)?.rules ?? 0;
    return n;
  }

  /** validateRuleset's diagnostics for the tables of the final ruleset. */
  finish(ruleset: Ruleset): Diagnostic[] {
    const out: Diagnostic[] = [];
    for (const table of ruleset.tables.values()) {
      const f = this.facts.get(table);
      if (f !== undefined) validateTable(table, f, this.lookup, out);
    }
    return out;
  }
}

/** The jump graph of ChainGraph from the jumps recorded; jumps to chains never declared are reported. */
function jumpGraph(table: Table, f: TableFacts, out: Diagnostic[]): ChainGraph {
  const n = f.chains.length;
  const jumps = f.jumpTo.length;
  // Each jump's target, now that every chain is declared (-1: none), and how many jumps each chain makes.
  const to = new Int32Array(jumps);
  const calleeStart = new Int32Array(n + 1);
  for (let e = 0; e < jumps; e++) {
    let j = f.jumpTo.data[e]!;
    if (j < 0) {
      const name = f.pendingNames[-1 - j]!;
      j = f.numberOf.get(name) ?? -1;
      if (j < 0) {
        const at = { line: f.jumpLine.data[e]!, col: f.jumpCol.data[e]! };
        out.push(diag('error', 'jump-missing', at, { chain: name, table: table.name }));
      }
    }
    to[e] = j;
    if (j >= 0) calleeStart[f.jumpFrom.data[e]! + 1]!++;
  }
  for (let i = 0; i < n; i++) calleeStart[i + 1]! += calleeStart[i]!;
  // Each chain's jumps in the order written (a counting sort by chain is stable).
  const callee = new Int32Array(calleeStart[n]!);
  const edge = new Int32Array(calleeStart[n]!);
  const next = calleeStart.slice(0, n);
  for (let e = 0; e < jumps; e++) {
    if (to[e]! < 0) continue;
    const k = next[f.jumpFrom.data[e]!]!++;
    callee[k] = to[e]!;
    edge[k] = e;
  }
  const jumpAt = (k: number): SourcePos => ({ line: f.jumpLine.data[edge[k]!]!, col: f.jumpCol.data[edge[k]!]! });
  return { chains: f.chains, calleeStart, callee, jumpAt };
}

/** Placed rule k with its own position (its facts may be shared). */
function placedRule(f: TableFacts, k: number): PlacedRule {
  const shared = f.placed[k]!;
  const line = f.placedLine.data[k]!;
  const col = f.placedCol.data[k]!;
  let target = shared.target;
  const targetCol = f.placedTargetCol.data[k]!;
  if (target !== null && target.col !== targetCol) target = { ...target, col: targetCol };
  return { ...shared, line, col, target };
}

function validateTable(table: Table, f: TableFacts, lookup: ExtensionLookup, out: Diagnostic[]): void {
  const graph = jumpGraph(table, f, out);
  findLoops(graph, out);
  const masks = hookMasks(graph);
  for (let k = 0; k < f.placed.length; k++) {
    const c = f.placedChain.data[k]!;
    checkRulePlacement(placedRule(f, k), table, f.chains[c]!, masks[c]!, lookup, out);
  }
}
