// A rule of nft text whose statements are read again from the text when first asked for (a trace reaching it, a
// listing showing it). Loading reads every rule in full, so every error is found in place, but keeps of each only
// what the checks after the whole text need (validate.ts: jumps and gotos, statements with a placement rule; index.ts:
// statements not simulated; program.ts: conntrack). The rest of a 10,000-service kube-proxy ruleset's 80,000 rules
// (comparisons, constants, numgen maps) dies young instead of being copied from one heap generation to the next:
// the copying was a third of the load's cpu.
import { Cursor } from './cursor.ts';
import type { NftRule, NftSet, NftTable, Pos, Stmt, Verdict } from './model.ts';
import type { RuleCtx, SetRef } from './ruleContext.ts';
import { Lexer } from './tokenize.ts';

/** What the checks after loading read of a statement (a Stmt has all of it). */
export type CheckedStmt = Pick<Stmt, 'pos' | 'text' | 'simulated' | 'needsConntrack' | 'targets' | 'refuse'>;

/** Where a table's rules are read again from: the text, the table, and a context whose named sets are linked. */
export class RuleSource {
  private lexer: Lexer | undefined;

  constructor(
    private readonly text: string,
    readonly table: NftTable,
    private readonly ctx: RuleCtx,
    private readonly parseRule: (c: Cursor, ctx: RuleCtx, id: number, pos: Pos) => NftRule,
  ) {}

  /** A lazy rule of this table made from a rule just read (rule.ts RuleMaker): no list of its statements kept. */
  readonly lazy = (id: number, pos: Pos, stmts: readonly Stmt[], count: number, comment: string | undefined): NftRule =>
    new LazyRule(id, pos, comment, checkedOf(stmts, count), this);

  /** The statements of the rule at `pos`, read again (the text was read once without an error). */
  stmts(rule: LazyRule): Stmt[] {
    const lexer = (this.lexer ??= new Lexer(this.text));
    lexer.seek(rule.pos);
    const c = new Cursor(lexer);
    c.family = this.table.family;
    return this.parseRule(c, this.ctx, rule.id, rule.pos).stmts;
  }
}

/**
 * The jumps and gotos of an anonymous verdict map (`numgen random mod 3 vmap { 0 : goto a, … }`), each with its
 * element's position, without the map: validation visits them as the map statement did.
 */
class KnownTargets implements CheckedStmt {
  constructor(
    readonly pos: Pos,
    /** Verdict, position, verdict, position, … */
    private readonly list: (Verdict | Pos)[],
    readonly needsConntrack: boolean,
  ) {}

  get text(): string {
    return '';
  }

  targets(visit: (verdict: Verdict, pos: Pos) => void): void {
    const list = this.list;
    for (let i = 0; i < list.length; i += 2) visit(list[i] as Verdict, list[i + 1] as Pos);
  }
}

/** Verdicts and positions of the map being read, reused from map to map; each keeps an exact-size copy. */
const found: (Verdict | Pos)[] = [];
let foundCount = 0;
const collect = (verdict: Verdict, pos: Pos): void => {
  found[foundCount++] = verdict;
  found[foundCount++] = pos;
};

function anonymousTargets(stmt: Stmt): KnownTargets {
  foundCount = 0;
  stmt.targets!(collect);
  return new KnownTargets(stmt.pos, found.slice(0, foundCount), stmt.needsConntrack === true);
}

/** The anonymous set a statement looks up, when it has one (its targets are known once the rule is read). */
function isAnonymousLookup(stmt: Stmt): boolean {
  const ref = (stmt as { ref?: SetRef }).ref;
  return ref !== undefined && ref.set !== undefined && ref.set.anonymous;
}

/**
 * What the checks after loading need of a rule's statements, in their order: none, the one (nearly every rule of a
 * kube-proxy ruleset has one: its jump, its dnat), or a list.
 */
export type Checked = CheckedStmt | CheckedStmt[] | undefined;

export function checkedOf(stmts: readonly Stmt[], count: number): Checked {
  let first: CheckedStmt | undefined;
  let out: CheckedStmt[] | undefined;
  for (let i = 0; i < count; i++) {
    const s = stmts[i]!;
    if (!(s.targets || s.refuse || s.simulated === false || s.needsConntrack === true)) continue;
    const kept = s.targets && !s.refuse && s.simulated !== false && isAnonymousLookup(s) ? anonymousTargets(s) : s;
    // Array literals of the exact size: push() leaves room for 17.
    if (first === undefined) first = kept;
    else out = out === undefined ? [first, kept] : out.concat(kept);
  }
  return out ?? first;
}

export class LazyRule implements NftRule {
  private body: Stmt[] | undefined = undefined;
  /** Given by the handle counter once the rule is read (handles.ts). */
  handle = 0;
  constructor(
    readonly id: number,
    readonly pos: Pos,
    readonly comment: string | undefined,
    /** What validation, diagnostics and conntrack detection read (checkedOf). */
    readonly checked: Checked,
    private readonly source: RuleSource,
  ) {}

  get stmts(): Stmt[] {
    return (this.body ??= this.source.stmts(this));
  }
}

/** Calls `visit` for each statement the checks after loading walk: a lazy rule's kept ones, or an eager rule's. */
export function forCheckedStmts(rule: NftRule, visit: (stmt: CheckedStmt) => void): void {
  const list: Checked = rule instanceof LazyRule ? rule.checked : rule.stmts;
  if (list === undefined) return;
  if (!Array.isArray(list)) return visit(list as CheckedStmt);
  for (let i = 0; i < list.length; i++) visit(list[i]!);
}

/** Whether some statement the checks walk satisfies `test`. */
export function someCheckedStmt(rule: NftRule, test: (stmt: CheckedStmt) => boolean): boolean {
  const list: Checked = rule instanceof LazyRule ? rule.checked : rule.stmts;
  if (list === undefined) return false;
  return Array.isArray(list) ? list.some(test) : test(list as CheckedStmt);
}

/** A named set linked when the rule is read again (validation linked and checked the first reading's). */
export function linkNow(table: NftTable, ref: SetRef): void {
  ref.set = table.sets.get(ref.name) as NftSet | undefined;
}
