// Verdict maps (nft(8), "VERDICT MAPS"; kernel nft_lookup.c with NFT_SET_MAP of verdicts): the key is looked up and
// the element's verdict is the rule's; no element stops the rule (NFT_BREAK). The trace names the element that
// matched ("10.96.0.10 . tcp . 80 : goto service-…").
import { posOf, type Cursor } from '../cursor.ts';
import type { Scalar } from '../datatype.ts';
import type { Selector, Stmt, StmtOutcome } from '../model.ts';
import type { RuleCtx } from '../ruleContext.ts';
import { lookup, printElement, printSetArg } from '../set.ts';
import type { Token } from '../tokenize.ts';

export function parseVmap(c: Cursor, first: Token, sels: Selector[], ctx: RuleCtx): Stmt {
  const text = sels.map((s) => s.text).join(' . ');
  const ref = ctx.setArg(
    c,
    sels.map((s) => s.type),
    'vmap',
  );
  return {
    kind: 'vmap',
    pos: posOf(first),
    terminal: true,
    needsConntrack: sels.some((s) => s.needsConntrack),
    get text() {
      return `${text} vmap ${printSetArg(ref)}`;
    },
    targets() {
      const out = [];
      for (const el of ref.set?.elements ?? [])
        if (el.data?.kind === 'verdict' && (el.data.verdict.kind === 'jump' || el.data.verdict.kind === 'goto'))
          out.push({ verdict: el.data.verdict, pos: el.pos });
      return out;
    },
    exec(e): StmtOutcome {
      const values: Scalar[] = [];
      for (const s of sels) {
        const v = s.read(e);
        if (v === undefined || !ref.set) return { kind: 'break' };
        values.push(v);
      }
      const el = lookup(ref.set!, values, e);
      if (!el || el.data?.kind !== 'verdict')
        return { kind: 'break', explain: { id: 'nft.vmap-miss', params: { expr: text }, matched: false } };
      return {
        kind: 'verdict',
        verdict: el.data.verdict,
        explain: { id: 'nft.vmap-hit', params: { element: printElement(ref.set!, el) }, matched: true },
      };
    },
  };
}
