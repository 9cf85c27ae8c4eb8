// What nft's evaluation and the kernel's commit check once the whole text is read: named sets exist and have the
// expression's type (nft: "No such file or directory", "datatype mismatch"); jumps and gotos lead to existing regular
// chains (nf_tables_api.c: nft_verdict_init -ENOENT, a base chain -EOPNOTSUPP); no jump loops (nft_chain_validate:
// -EMLINK "Too many links"); each statement is allowed in every base chain that reaches it (nft_*_validate).
import { NftError } from './cursor.ts';
import { objectKey } from './objects.ts';
import type { DataType } from './datatype.ts';
import { forCheckedStmts, type CheckedStmt } from './lazyRule.ts';
import type { NftChain, NftRule, NftRuleset, NftSet, NftTable, Pos, StmtPlace, Verdict } from './model.ts';
import type { SetRef } from './ruleContext.ts';
import type { SetUpdateRef } from './setDynamic.ts';
import type { ParseState } from './parse.ts';
import { markUpdatedFromRules } from './setDynamic.ts';
import { settleElements } from './setIntervals.ts';
import { posOffset } from './position.ts';
import { IntList } from '../validate/intList.ts';

const NOENT = 'Could not process rule: No such file or directory';
const NOTSUPP = 'Could not process rule: Operation not supported';

/** Each named set's elements as nft leaves them once every command has added its own (setIntervals.ts). */
function settleSets(st: ParseState): void {
  for (const table of st.ruleset.tables) for (const set of table.sets.values()) settleElements(set);
}

/** A rule naming a counter or quota the table does not hold (or holds as the other kind): nft 1.0.6 refuses it at
 * the name, "No such file or directory" (checked in a netns); a missing flowtable over the whole `flow add @ft`. */
function checkObjectRefs(st: ParseState): void {
  for (const { ref, table } of st.objectRefs)
    if (ref.kind === 'flowtable' ? !table.flowtables.has(ref.name) : !table.objects.has(objectKey(ref.kind, ref.name)))
      throw new NftError(NOENT, ref.pos);
}

function linkSets(st: ParseState): void {
  for (const { ref, table } of st.refs) {
    const set = table.sets.get(ref.name);
    if (!set) throw new NftError('No such file or directory', ref.pos);
    if (ref.update) checkSetUpdate(ref.update, ref.keyTypes, set);
    if (!sameTypes(ref.keyTypes, set.keyTypes)) {
      // nft 1.0.6 (evaluate.c expr_evaluate_lookup, expr_evaluate_map), checked in a throw-away netns.
      const expr = descs(ref.keyTypes);
      const key = descs(set.keyTypes);
      throw new NftError(
        ref.need === 'set'
          ? `datatype mismatch, expected ${expr}, expression has type ${key}`
          : `datatype mismatch, map expects ${key}, mapping expression has type ${expr}`,
        ref.pos,
      );
    }
    // A plain set where a map is needed: nft 1.0.6 says "Expression is not a map" at `@name`.
    if (ref.need !== 'set' && !set.map) throw new NftError('Expression is not a map', ref.pos);
    if (ref.value) checkMapValue(ref.value, set);
    ref.set = set;
    if (ref.update) markUpdatedFromRules(set);
  }
}

const descs = (types: readonly DataType[]) => types.map((t) => t.desc).join(' . ');

function sameTypes(want: readonly DataType[], have: readonly DataType[]): boolean {
  if (want.length !== have.length) return false;
  return want.length === 1 ? sameBase(want[0]!.name, have[0]!.name) : want.every((t, i) => t.name === have[i]!.name);
}

/**
 * A map's values must be what the statement needs (evaluate.c stmt_evaluate_arg → "datatype mismatch: expected
 * packet mark, expression has type IPv4 address", at the whole lookup `ip saddr map @m`; nft 1.0.6): a verdict for
 * `vmap`, the mark for `meta mark set … map`, an address for NAT, with a port (`address . port`) only after a
 * transport header match (stmt_evaluate_nat_map: "transport protocol mapping is only valid after transport
 * protocol match").
 */
function checkMapValue(need: NonNullable<SetRef['value']>, set: NftSet): void {
  const data = set.dataType ?? [];
  const has = data === 'verdict' ? 'netfilter verdict' : descs(data);
  const mismatch = (expected: string) =>
    new NftError(`datatype mismatch: expected ${expected}, expression has type ${has}`, need.pos);
  if (need.types === 'verdict') {
    if (data !== 'verdict') throw mismatch('netfilter verdict');
    return;
  }
  const wanted = need.types;
  if (data === 'verdict') throw mismatch(descs(wanted.slice(0, 1)));
  if (need.nat) {
    if (data[0]?.name !== 'ipv4_addr') throw mismatch(wanted[0]!.desc);
    if (data.length > 1 && !need.nat.transport)
      throw new NftError('transport protocol mapping is only valid after transport protocol match', need.pos);
    return;
  }
  if (!sameTypes(wanted, data)) throw mismatch(descs(wanted));
}

/**
 * `update @s { tcp dport }` on a set of addresses: "datatype mismatch: expected IPv4 address, expression has type
 * internet network service" at the key; a timeout on a set without the timeout flag is refused by the kernel
 * (nft_dynset_init: -EOPNOTSUPP). Both checked with nft 1.0.6.
 */
function checkSetUpdate(update: SetUpdateRef, keyTypes: readonly DataType[], set: NftSet): void {
  if (!sameTypes(keyTypes, set.keyTypes))
    throw new NftError(
      `datatype mismatch: expected ${descs(set.keyTypes)}, expression has type ${descs(keyTypes)}`,
      update.keyPos,
    );
  const timeouts = set.flags.includes('timeout') || set.extra.some((x) => x.startsWith('timeout '));
  if (update.timeout && !timeouts) throw new NftError(NOTSUPP, update.stmtPos);
}

function sameBase(a: string, b: string): boolean {
  const base = (n: string) => (n === 'mark' || n === 'integer' ? 'integer' : n === 'iface_index' ? 'ifname' : n);
  return base(a) === base(b);
}

const RECENT_TARGETS = 8;

type Edge = { from: NftChain; to: NftChain; rule: NftRule; pos: Pos };

/**
 * Calls `visit` for every jump and goto, chain by chain (a missing or base chain target is refused at the first one
 * met), and `restricted` for every statement with a placement rule.
 */
function walkRules(
  ruleset: NftRuleset,
  visit: (from: NftChain, to: NftChain, rule: NftRule, pos: Pos) => void,
  restricted?: (chain: NftChain, rule: NftRule, stmt: CheckedStmt) => void,
): void {
  let from: NftChain;
  let rule: NftRule;
  let table: NftTable;
  // The targets found last, compared by name before the table's Map: most jumps of a kube-proxy ruleset go to one
  // chain (mark-for-masquerade) between a few others.
  const recent: (NftChain | undefined)[] = new Array<NftChain | undefined>(RECENT_TARGETS).fill(undefined);
  let recentAt = 0;
  const find = (name: string): NftChain | undefined => {
    for (let k = 0; k < RECENT_TARGETS; k++) {
      const ch = recent[k];
      if (ch !== undefined && ch.name === name && ch.table === table) return ch;
    }
    const ch = table.chains.get(name);
    if (ch) recent[(recentAt = (recentAt + 1) % RECENT_TARGETS)] = ch;
    return ch;
  };
  // One visitor for the whole walk (the statements call it back): no list or closure per statement.
  const onTarget = (verdict: Verdict, pos: Pos): void => {
    if (verdict.kind !== 'jump' && verdict.kind !== 'goto') return;
    const to = find(verdict.chain);
    if (!to) throw new NftError(NOENT, pos);
    if (to.base) throw new NftError(NOTSUPP, verdict.pos);
    visit(from, to, rule, pos);
  };
  const onStmt = (stmt: CheckedStmt): void => {
    if (stmt.targets) stmt.targets(onTarget);
    if (stmt.refuse && restricted) restricted(from, rule, stmt);
  };
  // Indexed loops and forEach: these run once over 80,000 rules, and for…of made an iterator result per step.
  const onChain = (chain: NftChain): void => {
    from = chain;
    const rules = chain.rules;
    for (let r = 0; r < rules.length; r++) {
      rule = rules[r]!;
      forCheckedStmts(rule, onStmt);
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

/** Items grouped by chain number: those of chain i are order[start[i]] … order[start[i + 1] - 1]. */
interface Grouped {
  start: Int32Array;
  order: Int32Array;
}

/** Counting sort of items 0…n-1 by their chain (items of one chain keep their order). */
function groupBy(chainOf: IntList, chains: number): Grouped {
  const start = new Int32Array(chains + 1);
  for (let k = 0; k < chainOf.length; k++) start[chainOf.data[k]! + 1]!++;
  for (let i = 0; i < chains; i++) start[i + 1]! += start[i]!;
  const next = start.slice(0, chains);
  const order = new Int32Array(chainOf.length);
  for (let k = 0; k < chainOf.length; k++) order[next[chainOf.data[k]!]!++] = k;
  return { start, order };
}

/**
 * Chains as small integers (their creation number, unique over the ruleset) with each one's callees and the
 * statements with a placement rule in its rules, in flat integer arrays: the walks below index them instead of
 * hashing 40,000 chain objects in Maps or keeping a list per chain.
 */
interface Graph {
  /** The chain of each number. */
  chains: NftChain[];
  /** The callee of jump k is calleeOf[k]; jumps grouped by caller. */
  calleeOf: Int32Array;
  jumps: Grouped;
  /** Statement k with a placement rule and its rule; grouped by chain. */
  restrictedStmt: CheckedStmt[];
  restrictedRule: NftRule[];
  restricted: Grouped;
}

function graphOf(ruleset: NftRuleset, size: number): Graph {
  const chains: NftChain[] = new Array<NftChain>(size);
  const callerOf = new IntList();
  const calleeOf = new IntList();
  const stmtChain = new IntList();
  const restrictedStmt: CheckedStmt[] = [];
  const restrictedRule: NftRule[] = [];
  walkRules(
    ruleset,
    (from, to) => {
      callerOf.push(from.created);
      calleeOf.push(to.created);
    },
    (chain, rule, stmt) => {
      stmtChain.push(chain.created);
      restrictedRule.push(rule);
      restrictedStmt.push(stmt);
    },
  );
  for (const table of ruleset.tables) table.chains.forEach((ch) => (chains[ch.created] = ch));
  return {
    chains,
    calleeOf: calleeOf.data,
    jumps: groupBy(callerOf, size),
    restrictedStmt,
    restrictedRule,
    restricted: groupBy(stmtChain, size),
  };
}

/** Is there any cycle at all? One depth-first pass (white/grey/black), linear in chains and jumps. */
function hasCycle(g: Graph): boolean {
  const n = g.chains.length;
  const { start, order } = g.jumps;
  const state = new Uint8Array(n); // 0: unseen, 1: on the path, 2: done
  // The path as chain numbers, and for each the next of its jumps to follow.
  const stack = new Int32Array(n);
  const next = new Int32Array(n);
  for (let root = 0; root < n; root++) {
    if (state[root] !== 0 || start[root] === start[root + 1]) continue;
    state[root] = 1;
    let top = 0;
    stack[0] = root;
    next[0] = start[root]!;
    while (top >= 0) {
      const ch = stack[top]!;
      const k = next[top]!;
      if (k >= start[ch + 1]!) {
        state[ch] = 2;
        top--;
        continue;
      }
      next[top] = k + 1;
      const to = g.calleeOf[order[k]!]!;
      if (state[to] === 1) return true;
      if (state[to] === 0) {
        state[to] = 1;
        stack[++top] = to;
        next[top] = start[to]!;
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
  const places = new Map<string, { place: StmtPlace; bases: number[] }>();
  for (const table of ruleset.tables)
    table.chains.forEach((base) => {
      if (!base.base) return;
      const place = { type: base.base.type, hook: base.base.hook, family: table.family };
      const key = `${place.type} ${place.hook} ${place.family}`;
      const known = places.get(key);
      if (known) known.bases.push(base.created);
      else places.set(key, { place, bases: [base.created] });
    });
  if (places.size === 0) return;
  let first: { pos: Pos; message: string } | undefined;
  const { start, order } = g.jumps;
  const rStart = g.restricted.start;
  const rOrder = g.restricted.order;
  const seen = new Uint32Array(g.chains.length);
  // A chain is pushed once per jump to it at most, plus the base chains.
  const stack = new Int32Array(order.length + g.chains.length);
  let walk = 0;
  for (const { place, bases } of places.values()) {
    walk++;
    let top = 0;
    for (const b of bases) stack[top++] = b;
    while (top > 0) {
      const ch = stack[--top]!;
      if (seen[ch] === walk) continue;
      seen[ch] = walk;
      for (let k = rStart[ch]!; k < rStart[ch + 1]!; k++) {
        const item = rOrder[k]!;
        const rule = g.restrictedRule[item]!;
        const why = g.restrictedStmt[item]!.refuse!(place);
        if (why && (!first || posOffset(rule.pos) < posOffset(first.pos))) first = { pos: rule.pos, message: why };
      }
      for (let k = start[ch]!; k < start[ch + 1]!; k++) stack[top++] = g.calleeOf[order[k]!]!;
    }
  }
  if (first) throw new NftError(first.message, first.pos);
}

export function validate(st: ParseState): void {
  settleSets(st);
  linkSets(st);
  checkObjectRefs(st);
  const g = graphOf(st.ruleset, st.created);
  checkLoops(st.ruleset, g);
  checkPlacement(st.ruleset, g);
}
