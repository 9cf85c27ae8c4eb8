// What nft's evaluation and the kernel's commit check once the whole text is read: named sets exist and have the
// expression's type (nft: "No such file or directory", "datatype mismatch"); jumps and gotos lead to existing regular
// chains (nf_tables_api.c: nft_verdict_init -ENOENT, a base chain -EOPNOTSUPP); no jump loops (nft_chain_validate:
// -EMLINK "Too many links"); each statement is allowed in every base chain that reaches it (nft_*_validate).
import { NftError } from './cursor.ts';
import type { NftChain, NftRule, NftRuleset, NftTable, Pos, Stmt, StmtPlace, Verdict } from './model.ts';
import type { ParseState } from './parse.ts';
import { markUpdatedFromRules } from './setDynamic.ts';
import { settleElements } from './setIntervals.ts';

const NOENT = 'Could not process rule: No such file or directory';
const NOTSUPP = 'Could not process rule: Operation not supported';

/** Each named set's elements as nft leaves them once every command has added its own (setIntervals.ts). */
function settleSets(st: ParseState): void {
  for (const table of st.ruleset.tables) for (const set of table.sets.values()) settleElements(set);
}

function linkSets(st: ParseState): void {
  for (const { ref, table } of st.refs) {
    const set = table.sets.get(ref.name);
    if (!set) throw new NftError('No such file or directory', ref.pos);
    const want = ref.keyTypes.map((t) => t.name).join(' . ');
    const have = set.keyTypes.map((t) => t.name).join(' . ');
    if (want !== have && !(ref.keyTypes.length === 1 && sameBase(ref.keyTypes[0]!.name, set.keyTypes[0]!.name)))
      throw new NftError(
        `datatype mismatch, expected ${ref.keyTypes.map((t) => t.desc).join(' . ')}, expression has type ${set.keyTypes
          .map((t) => t.desc)
          .join(' . ')}`,
        ref.pos,
      );
    // A plain set where a map is needed: nft 1.0.6 says "Expression is not a map" at `@name`.
    if (ref.need !== 'set' && !set.map) throw new NftError('Expression is not a map', ref.pos);
    if (ref.need === 'vmap' && set.dataType !== 'verdict')
      throw new NftError(`@${ref.name} is not a verdict map`, ref.pos);
    if (ref.need === 'map' && set.dataType === 'verdict') throw new NftError(`@${ref.name} is not a map`, ref.pos);
    ref.set = set;
    if (ref.update) markUpdatedFromRules(set);
  }
}

function sameBase(a: string, b: string): boolean {
  const base = (n: string) => (n === 'mark' || n === 'integer' ? 'integer' : n === 'iface_index' ? 'ifname' : n);
  return base(a) === base(b);
}

type Edge = { from: NftChain; to: NftChain; rule: NftRule; pos: Pos };

/**
 * Calls `visit` for every jump and goto, chain by chain (a missing or base chain target is refused at the first one
 * met), and `restricted` for every statement with a placement rule.
 */
function walkRules(
  ruleset: NftRuleset,
  visit: (from: NftChain, to: NftChain, rule: NftRule, pos: Pos) => void,
  restricted?: (chain: NftChain, rule: NftRule, stmt: Stmt) => void,
): void {
  let from: NftChain;
  let rule: NftRule;
  let table: NftTable;
  // One visitor for the whole walk (the statements call it back): no list or closure per statement.
  const onTarget = (verdict: Verdict, pos: Pos): void => {
    if (verdict.kind !== 'jump' && verdict.kind !== 'goto') return;
    const to = table.chains.get(verdict.chain);
    if (!to) throw new NftError(NOENT, pos);
    if (to.base) throw new NftError(NOTSUPP, verdict.pos);
    visit(from, to, rule, pos);
  };
  // Indexed loops and forEach: these run once over 80,000 rules, and for…of made an iterator result per step.
  const onChain = (chain: NftChain): void => {
    from = chain;
    const rules = chain.rules;
    for (let r = 0; r < rules.length; r++) {
      rule = rules[r]!;
      const stmts = rule.stmts;
      for (let s = 0; s < stmts.length; s++) {
        const stmt = stmts[s]!;
        if (stmt.targets) stmt.targets(onTarget);
        if (stmt.refuse && restricted) restricted(from, rule, stmt);
      }
    }
  };
  for (table of ruleset.tables) table.chains.forEach(onChain);
}

/** Every jump and goto as an edge (made only to find the jump that closes a loop). */
function edges(ruleset: NftRuleset): Edge[] {
  const out: Edge[] = [];
  walkRules(ruleset, (from, to, rule, pos) => out.push({ from, to, rule, pos }));
  return out;
}

/**
 * Chains as small integers (their creation number, unique over the ruleset) with each one's callees and the
 * statements with a placement rule in its rules: the graph walks below index arrays instead of hashing 40,000
 * chain objects in Maps.
 */
interface Graph {
  callees: (NftChain[] | undefined)[];
  restricted: ({ rule: NftRule; stmt: Stmt }[] | undefined)[];
}

function graphOf(ruleset: NftRuleset, size: number): Graph {
  const callees: (NftChain[] | undefined)[] = new Array(size);
  const restricted: ({ rule: NftRule; stmt: Stmt }[] | undefined)[] = new Array(size);
  walkRules(
    ruleset,
    (from, to) => {
      const l = callees[from.created];
      if (l) l.push(to);
      else callees[from.created] = [to];
    },
    (chain, rule, stmt) => {
      const l = restricted[chain.created];
      if (l) l.push({ rule, stmt });
      else restricted[chain.created] = [{ rule, stmt }];
    },
  );
  return { callees, restricted };
}

/** Is there any cycle at all? One depth-first pass (white/grey/black), linear in chains and jumps. */
function hasCycle(g: Graph): boolean {
  const state = new Uint8Array(g.callees.length); // 0: unseen, 1: on the path, 2: done
  const next: number[] = [];
  for (let start = 0; start < g.callees.length; start++) {
    if (state[start] !== 0 || !g.callees[start]) continue;
    state[start] = 1;
    const stack: number[] = [start];
    next.length = 0;
    next.push(0);
    while (stack.length) {
      const top = stack.length - 1;
      const list = g.callees[stack[top]!];
      const k = next[top]!;
      if (!list || k >= list.length) {
        state[stack[top]!] = 2;
        stack.pop();
        next.pop();
        continue;
      }
      next[top] = k + 1;
      const to = list[k]!.created;
      if (state[to] === 1) return true;
      if (state[to] === 0) {
        state[to] = 1;
        stack.push(to);
        next.push(0);
      }
    }
  }
  return false;
}

/** The jump that closes a loop, in commit order (only looked for when there is one: it is quadratic). */
function checkLoops(ruleset: NftRuleset, g: Graph): void {
  if (!hasCycle(g)) return;
  // Commit order: rules in the order they were added (their ids).
  const ordered = edges(ruleset).sort((a, b) => a.rule.id - b.rule.id);
  const next = new Map<NftChain, NftChain[]>();
  const reaches = (from: NftChain, target: NftChain): boolean => {
    const seen = new Set<NftChain>();
    const stack = [from];
    while (stack.length) {
      const ch = stack.pop()!;
      if (ch === target) return true;
      if (seen.has(ch)) continue;
      seen.add(ch);
      stack.push(...(next.get(ch) ?? []));
    }
    return false;
  };
  for (const e of ordered) {
    if (reaches(e.to, e.from)) throw new NftError('Could not process rule: Too many links', e.rule.pos);
    next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  }
}

/**
 * Each statement with a placement rule, checked for every kind of base chain (type, hook, family) that reaches it;
 * the first refusal in the text is reported. Base chains of the same kind share one walk.
 */
function checkPlacement(ruleset: NftRuleset, g: Graph): void {
  const places = new Map<string, { place: StmtPlace; bases: NftChain[] }>();
  for (const table of ruleset.tables)
    for (const base of table.chains.values()) {
      if (!base.base) continue;
      const place = { type: base.base.type, hook: base.base.hook, family: table.family };
      const key = `${place.type} ${place.hook} ${place.family}`;
      const known = places.get(key);
      if (known) known.bases.push(base);
      else places.set(key, { place, bases: [base] });
    }
  if (places.size === 0) return;
  let first: { pos: Pos; message: string } | undefined;
  const seen = new Uint32Array(g.callees.length);
  let walk = 0;
  for (const { place, bases } of places.values()) {
    walk++;
    const stack = [...bases];
    while (stack.length) {
      const ch = stack.pop()!;
      if (seen[ch.created] === walk) continue;
      seen[ch.created] = walk;
      const here = g.restricted[ch.created];
      for (let k = 0; here && k < here.length; k++) {
        const { rule, stmt } = here[k]!;
        const why = stmt.refuse!(place);
        if (
          why &&
          (!first ||
            rule.pos.line < first.pos.line ||
            (rule.pos.line === first.pos.line && rule.pos.col < first.pos.col))
        )
          first = { pos: rule.pos, message: why };
      }
      const callees = g.callees[ch.created];
      if (callees) for (let k = 0; k < callees.length; k++) stack.push(callees[k]!);
    }
  }
  if (first) throw new NftError(first.message, first.pos);
}

export function validate(st: ParseState): void {
  settleSets(st);
  linkSets(st);
  const g = graphOf(st.ruleset, st.created);
  checkLoops(st.ruleset, g);
  checkPlacement(st.ruleset, g);
}
