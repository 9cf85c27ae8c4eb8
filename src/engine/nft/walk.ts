// Walking one nftables base chain (kernel nf_tables_core.c, nft_do_chain): rules in order, each statement in turn; a
// relation that does not hold stops the rule (NFT_BREAK); a verdict ends it. jump pushes a return address, goto does
// not; falling off a regular chain returns to the caller; a base chain without a verdict ends with its policy. What
// `nft monitor trace` would list goes to `walk`; with full detail every rule also becomes an explained step.
import type { Explanation, NatRequest, RejectWith } from '../ext/types.ts';
import type { NftChain, NftEval, NftRule, Stmt } from './model.ts';

export type NftEnd =
  | { kind: 'accept' }
  | { kind: 'drop'; chain: string; rule: number | 'policy' }
  | { kind: 'queue'; num: number }
  | { kind: 'reject'; with: RejectWith }
  | { kind: 'nat'; req: NatRequest }
  | { kind: 'limit' };

export interface StmtTrace {
  stmt: Stmt;
  matched: boolean;
  explain: Explanation[];
}

/** Where the walk reports to: the tracer's walk and steps, its effects on the packet's conntrack, its budget. */
export interface NftSink {
  full: boolean;
  entry(chain: NftChain, rule: number | 'policy', verdict: string): void;
  rule(chain: NftChain, rule: NftRule, index: number, stmts: StmtTrace[], verdict: string | undefined): void;
  chain(chain: NftChain, entry: NftEntry): void;
  notrack(): void;
  zone(zone: number): void;
  /** Counts one rule evaluation; false when the request's budget is spent. */
  budget(): boolean;
}

/**
 * How the walk came into a chain: the base chain at its hook; a jump or goto by rule `rule` of `from` (`back`: the chain
 * the packet returns to when the target ends, null when the base chain's policy decides then: a goto pushes no return
 * address, so it is the last jump's caller); or back in a caller after `from` ended (`ended`: it ran out of rules, or
 * else a `return` verdict), to go on after its rule `rule`, the jump.
 */
export type NftEntry =
  | { via: 'hook' }
  | { via: 'jump' | 'goto'; from: NftChain; rule: number; back: NftChain | null }
  | { via: 'return'; from: NftChain; rule: number; ended: boolean };

type RuleEnd =
  | { kind: 'break' }
  | { kind: 'continue' }
  | { kind: 'verdict'; verdict: import('./model.ts').Verdict }
  | { kind: 'nat'; req: NatRequest }
  | { kind: 'reject'; with: RejectWith };

function runRule(rule: NftRule, e: NftEval, sink: NftSink, trace: StmtTrace[] | undefined): RuleEnd {
  for (const stmt of rule.stmts) {
    const out = stmt.exec(e);
    if (trace)
      trace.push({
        stmt,
        matched: out.kind !== 'break',
        explain: out.explain ? [out.explain] : [],
      });
    switch (out.kind) {
      case 'next':
        continue;
      case 'break':
        return out;
      case 'notrack':
        sink.notrack();
        continue;
      case 'zone':
        sink.zone(out.zone);
        continue;
      case 'verdict':
        return out;
      case 'nat':
        return out;
      case 'reject':
        return out;
    }
  }
  return { kind: 'continue' };
}

export function walkNftChain(base: NftChain, e: NftEval, sink: NftSink): NftEnd {
  const frames: { chain: NftChain; pos: number }[] = [];
  let chain = base;
  let pos = 0;
  sink.chain(base, { via: 'hook' });
  /** Back to the last jump's caller (nft_do_chain pops the jump stack), after the rule that jumped. */
  const back = (ended: boolean) => {
    const from = chain;
    ({ chain, pos } = frames.pop()!);
    sink.chain(chain, { via: 'return', from, rule: pos, ended });
  };
  const policy = (): NftEnd => {
    const p = base.base?.policy ?? 'accept';
    sink.entry(base, 'policy', p);
    return p === 'accept' ? { kind: 'accept' } : { kind: 'drop', chain: base.name, rule: 'policy' };
  };
  for (;;) {
    if (pos >= chain.rules.length) {
      if (frames.length === 0) return policy();
      back(true);
      continue;
    }
    const rule = chain.rules[pos++]!;
    const index = pos;
    if (!sink.budget()) return { kind: 'limit' };
    const trace = sink.full ? [] : undefined;
    e.ruleId = rule.id;
    const end = runRule(rule, e, sink, trace);
    const word =
      end.kind === 'break'
        ? undefined
        : end.kind === 'continue'
          ? 'continue'
          : end.kind === 'nat'
            ? 'accept'
            : end.kind === 'reject'
              ? 'drop'
              : end.verdict.kind === 'jump' || end.verdict.kind === 'goto'
                ? `${end.verdict.kind} ${end.verdict.chain}`
                : end.verdict.kind;
    if (trace) sink.rule(chain, rule, index, trace, word);
    if (word === undefined) continue;
    sink.entry(chain, index, word);
    if (end.kind === 'nat') return { kind: 'nat', req: end.req };
    if (end.kind === 'reject') return { kind: 'reject', with: end.with };
    if (end.kind !== 'verdict') continue;
    const v = end.verdict;
    switch (v.kind) {
      case 'accept':
        return { kind: 'accept' };
      case 'drop':
        return { kind: 'drop', chain: chain.name, rule: index };
      case 'queue':
        return { kind: 'queue', num: 0 };
      case 'continue':
        continue;
      case 'return':
        if (frames.length === 0) return policy();
        back(false);
        continue;
      case 'jump':
      case 'goto': {
        const target = chain.table.chains.get(v.chain);
        if (!target) continue;
        const from = chain;
        if (v.kind === 'jump') frames.push({ chain, pos });
        chain = target;
        pos = 0;
        sink.chain(chain, { via: v.kind, from, rule: index, back: frames.at(-1)?.chain ?? null });
        continue;
      }
    }
  }
}
