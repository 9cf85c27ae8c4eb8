// The table checks of validate/index.ts for a parse that keeps no rules (`check`): each rule is looked at once as
// it is appended and then dropped, so it dies young; only what the checks after COMMIT need is kept — per jump, its
// chain, target name and position; per rule whose placement can be refused, the few fields that decide it. A
// 170,000-rule dump then keeps a few arrays instead of a million long-lived objects the GC must copy and mark.
// The diagnostics are the ones validateRuleset gives on the whole model (a test compares them on every dump).
import type { Chain, Diagnostic, MatchUse, Rule, Ruleset, SourcePos, Table } from '../model/types.ts';
import { ownString, type RuleSink } from '../parse/builder.ts';
import { diag } from '../parse/messages.ts';
import type { ExtensionLookup } from '../parse/rule.ts';
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
   * Per jump or goto to a chain, in the order written: the chain it is in, the chain it targets (its name while no
   * such chain exists yet: it may be made later), where. A name cut from the input would keep the piece of text it
   * was cut from alive; a chain, found now, costs nothing to keep and no lookup by name later.
   */
  readonly jumpFrom: Chain[] = [];
  readonly jumpTo: (Chain | string)[] = [];
  readonly jumpLine: number[] = [];
  readonly jumpCol: number[] = [];
  /** Per rule whose placement can be refused: its chain and the fields that decide. */
  readonly placedChain: Chain[] = [];
  readonly placed: PlacedRule[] = [];
}

const NO_MATCHES: MatchUse[] = [];
const NONE: number[] = [];

export class StreamingValidator implements RuleSink {
  needsModel = false;
  /** By table object: `*filter` read twice starts a new table, and only the tables of the final ruleset count. */
  private readonly facts = new Map<Table, TableFacts>();
  private lastTable: Table | undefined;
  private lastFacts: TableFacts | undefined;
  private lastJump: Chain | undefined;
  private lastJumpTable: Table | undefined;

  constructor(private readonly lookup: ExtensionLookup) {}

  append(table: Table, chain: Chain, rules: readonly Rule[]): void {
    let f = this.lastFacts;
    if (this.lastTable !== table || f === undefined) {
      f = this.facts.get(table);
      if (f === undefined) this.facts.set(table, (f = new TableFacts()));
      this.lastTable = table;
      this.lastFacts = f;
    }
    for (let k = 0; k < rules.length; k++) {
      const r = rules[k]!;
      f.rules++;
      const t = r.target;
      if (t !== null && t.kind === 'chain') {
        f.jumpFrom.push(chain);
        f.jumpTo.push(this.jumpTarget(table, t.name));
        f.jumpLine.push(r.line);
        f.jumpCol.push(t.col);
      }
      if (hasPlacementRule(r, chain.builtin, this.lookup)) {
        f.placedChain.push(chain);
        f.placed.push(this.placedFacts(r));
      }
    }
  }

  /**
   * The chain a jump names, or its name (copied) while there is none. The last one found is compared first: a
   * short string compare instead of a lookup in a 60,000-chain map (kube-proxy's 50,000 endpoint chains each
   * jump to KUBE-MARK-MASQ).
   */
  private jumpTarget(table: Table, name: string): Chain | string {
    const last = this.lastJump;
    if (last !== undefined && last.name === name && this.lastJumpTable === table) return last;
    const chain = table.chains.get(name);
    if (chain === undefined) return ownString(name);
    this.lastJump = chain;
    this.lastJumpTable = table;
    return chain;
  }

  /**
   * Only the matches that have hook limits: the others (comments, ports …) can never be refused for their place.
   * The target without its data unless its hooks depend on it (SET, TCPMSS): 50,000 kube-proxy DNAT targets then
   * keep no address ranges.
   */
  private placedFacts(r: Rule): PlacedRule {
    let matches = NO_MATCHES;
    for (const m of r.matches) {
      if (!m.known || !this.lookup.findMatch(m.name)?.hooks) continue;
      if (matches === NO_MATCHES) matches = [m];
      else matches.push(m);
    }
    let target = r.target;
    if (target !== null && target.data !== null && !this.lookup.findTarget(target.name)?.hooksFor)
      target = { ...target, data: null };
    return { line: r.line, col: r.col, inIface: r.inIface, outIface: r.outIface, matches, target };
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
      if (f !== undefined) this.validateTable(table, f, out);
    }
    return out;
  }

  private validateTable(table: Table, f: TableFacts, out: Diagnostic[]): void {
    const chains = [...table.chains.values()];
    // By the chain object: a lookup without hashing and comparing names.
    const index = new Map<Chain, number>();
    for (let i = 0; i < chains.length; i++) index.set(chains[i]!, i);
    const indexOf = (to: Chain | string): number | undefined => {
      const chain = typeof to === 'string' ? table.chains.get(to) : to;
      return chain === undefined ? undefined : index.get(chain);
    };
    const callees: number[][] = new Array<number[]>(chains.length).fill(NONE);
    const edges: number[][] = new Array<number[]>(chains.length).fill(NONE);
    // Consecutive jumps mostly share their chain or their target (kube-proxy's 50,000 `-j KUBE-MARK-MASQ`).
    let lastFrom: Chain | undefined;
    let fromIndex = -1;
    let lastTo: Chain | string | undefined;
    let lastIndex: number | undefined;
    for (let e = 0; e < f.jumpTo.length; e++) {
      const to = f.jumpTo[e]!;
      const j = to === lastTo ? lastIndex : indexOf(to);
      lastTo = to;
      lastIndex = j;
      if (j === undefined) {
        const name = to as string;
        out.push(
          diag(
            'error',
            'jump-missing',
            { line: f.jumpLine[e]!, col: f.jumpCol[e]! },
            { chain: name, table: table.name },
          ),
        );
        continue;
      }
      const from = f.jumpFrom[e]!;
      if (from !== lastFrom) {
        lastFrom = from;
        fromIndex = index.get(from)!;
      }
      if (callees[fromIndex] === NONE) {
        callees[fromIndex] = [j];
        edges[fromIndex] = [e];
      } else {
        callees[fromIndex]!.push(j);
        edges[fromIndex]!.push(e);
      }
    }
    const graph: ChainGraph = {
      chains,
      callees,
      jumpAt: (i: number, k: number): SourcePos => {
        const e = edges[i]![k]!;
        return { line: f.jumpLine[e]!, col: f.jumpCol[e]! };
      },
    };
    findLoops(graph, out);
    const masks = hookMasks(graph);
    for (let k = 0; k < f.placed.length; k++) {
      const chain = f.placedChain[k]!;
      checkRulePlacement(f.placed[k]!, table, chain, masks[index.get(chain)!]!, this.lookup, out);
    }
  }
}
