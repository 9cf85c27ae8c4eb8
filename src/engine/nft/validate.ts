// What nft's evaluation and the kernel's commit check once the whole text is read: named sets exist and have the
// expression's type (nft: "No such file or directory", "datatype mismatch"); jumps and gotos lead to existing regular
// chains (nf_tables_api.c: nft_verdict_init -ENOENT, a base chain -EOPNOTSUPP); no jump loops (nft_chain_validate:
// -EMLINK "Too many links"); each statement is allowed in every base chain that reaches it (nft_*_validate).
import { NftError } from './cursor.ts';
import type { NftChain, NftRule, NftRuleset, Pos, Stmt } from './model.ts';
import type { ParseState } from './parse.ts';

const NOENT = 'Could not process rule: No such file or directory';
const NOTSUPP = 'Could not process rule: Operation not supported';

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
    if (ref.need === 'vmap' && set.dataType !== 'verdict')
      throw new NftError(`@${ref.name} is not a verdict map`, ref.pos);
    if (ref.need === 'map' && (!set.map || set.dataType === 'verdict'))
      throw new NftError(`@${ref.name} is not a map`, ref.pos);
    ref.set = set;
  }
}

function sameBase(a: string, b: string): boolean {
  const base = (n: string) => (n === 'mark' || n === 'integer' ? 'integer' : n === 'iface_index' ? 'ifname' : n);
  return base(a) === base(b);
}

type Edge = { from: NftChain; to: NftChain; rule: NftRule; pos: Pos };

function edges(ruleset: NftRuleset): Edge[] {
  const out: Edge[] = [];
  for (const table of ruleset.tables)
    for (const chain of table.chains.values())
      for (const rule of chain.rules)
        for (const stmt of rule.stmts)
          for (const { verdict, pos } of stmt.targets?.() ?? []) {
            if (verdict.kind !== 'jump' && verdict.kind !== 'goto') continue;
            const to = table.chains.get(verdict.chain);
            if (!to) throw new NftError(NOENT, pos);
            if (to.base) throw new NftError(NOTSUPP, verdict.pos);
            out.push({ from: chain, to, rule, pos });
          }
  // Commit order: rules in the order they were added (their ids).
  return out.sort((a, b) => a.rule.id - b.rule.id);
}

/** Is there any cycle at all? One depth-first pass (white/grey/black), linear in chains and jumps. */
function hasCycle(list: Edge[]): boolean {
  const out = new Map<NftChain, NftChain[]>();
  for (const e of list) {
    const l = out.get(e.from);
    if (l) l.push(e.to);
    else out.set(e.from, [e.to]);
  }
  const state = new Map<NftChain, 1 | 2>();
  for (const start of out.keys()) {
    if (state.has(start)) continue;
    const stack: { ch: NftChain; i: number }[] = [{ ch: start, i: 0 }];
    state.set(start, 1);
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const next = out.get(top.ch)?.[top.i++];
      if (next === undefined) {
        state.set(top.ch, 2);
        stack.pop();
      } else if (state.get(next) === 1) return true;
      else if (!state.has(next)) {
        state.set(next, 1);
        stack.push({ ch: next, i: 0 });
      }
    }
  }
  return false;
}

/** The jump that closes a loop, in commit order (only looked for when there is one: it is quadratic). */
function checkLoops(list: Edge[]): void {
  if (!hasCycle(list)) return;
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
  for (const e of list) {
    if (reaches(e.to, e.from)) throw new NftError('Could not process rule: Too many links', e.rule.pos);
    next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  }
}

function checkPlacement(ruleset: NftRuleset, list: Edge[]): void {
  const out = new Map<NftChain, NftChain[]>();
  for (const e of list) {
    const l = out.get(e.from);
    if (l) l.push(e.to);
    else out.set(e.from, [e.to]);
  }
  const errors: { pos: Pos; message: string }[] = [];
  for (const table of ruleset.tables)
    for (const base of table.chains.values()) {
      if (!base.base) continue;
      const place = { type: base.base.type, hook: base.base.hook, family: table.family };
      const seen = new Set<NftChain>();
      const stack = [base];
      while (stack.length) {
        const ch = stack.pop()!;
        if (seen.has(ch)) continue;
        seen.add(ch);
        for (const rule of ch.rules)
          for (const stmt of rule.stmts as Stmt[]) {
            const why = stmt.refuse?.(place);
            if (why) errors.push({ pos: rule.pos, message: why });
          }
        stack.push(...(out.get(ch) ?? []));
      }
    }
  errors.sort((a, b) => a.pos.line - b.pos.line || a.pos.col - b.pos.col);
  if (errors[0]) throw new NftError(errors[0].message, errors[0].pos);
}

export function validate(st: ParseState): void {
  linkSets(st);
  const list = edges(st.ruleset);
  checkLoops(list);
  checkPlacement(st.ruleset, list);
}
