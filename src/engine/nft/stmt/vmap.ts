// Verdict maps (nft(8), "VERDICT MAPS"; kernel nft_lookup.c with NFT_SET_MAP of verdicts): the key is looked up and
// the element's verdict is the rule's; no element stops the rule (NFT_BREAK). The trace names the element that
// matched ("10.96.0.10 . tcp . 80 : goto service-…").
import { posOf, type Cursor } from '../cursor.ts';
import type { NftEval, Pos, Selector, Stmt, StmtOutcome, Verdict } from '../model.ts';
import { mapValueNeeded, type RuleCtx, type SetRef } from '../ruleContext.ts';
import { mapKeyTypes } from '../expr/raw.ts';
import { typesOf } from '../rule.ts';
import { lookup, printElement, printSetArg } from '../set.ts';
import type { Token } from '../tokenize.ts';
import { missingExplanation, readKey } from './missing.ts';

/** A class, not a literal with closures and a getter (a slow dictionary object): one per service in kube-proxy. */
class VmapStmt implements Stmt {
  constructor(
    readonly pos: Pos,
    readonly sels: Selector[],
    private readonly ref: SetRef,
  ) {}

  // On the prototype, not in each of 10,000 instances.
  get kind(): 'vmap' {
    return 'vmap';
  }

  get terminal(): true {
    return true;
  }

  /** `vmap { … }`, not a named map (`vmap @service-ips`, linked after the parse: no set yet) (handles.ts). */
  get holdsAnonymousSet(): boolean {
    return this.ref.set?.anonymous === true;
  }

  get needsConntrack(): boolean {
    return this.sels.some((s) => s.needsConntrack === true);
  }

  private expr(): string {
    return this.sels.map((s) => s.text).join(' . ');
  }

  get text(): string {
    return `${this.expr()} vmap ${printSetArg(this.ref)}`;
  }

  targets(visit: (verdict: Verdict, pos: Pos) => void): void {
    const elements = this.ref.set?.elements;
    if (!elements) return;
    for (let i = 0; i < elements.length; i++) {
      const el = elements[i]!;
      if (el.data?.kind === 'verdict') visit(el.data.verdict, el.pos);
    }
  }

  exec(e: NftEval): StmtOutcome {
    const set = this.ref.set;
    const values = readKey(this.sels, e);
    if (!Array.isArray(values)) return { kind: 'break', explain: missingExplanation(values, e) };
    if (!set) return { kind: 'break' };
    const el = lookup(set, values, e);
    if (!el || el.data?.kind !== 'verdict')
      return { kind: 'break', explain: { id: 'nft.vmap-miss', params: { expr: this.expr() }, matched: false } };
    return {
      kind: 'verdict',
      verdict: el.data.verdict,
      explain: { id: 'nft.vmap-hit', params: { element: printElement(set, el) }, matched: true },
    };
  }
}

export function parseVmap(c: Cursor, first: Token, sels: Selector[], ctx: RuleCtx): Stmt {
  // Before the map, which may be long: the cursor reuses token objects.
  const pos = posOf(first);
  const start = first.start;
  const ref = mapValueNeeded(c, ctx.setArg(c, mapKeyTypes(typesOf(sels)), 'vmap'), start, 'verdict');
  return new VmapStmt(pos, sels, ref);
}
