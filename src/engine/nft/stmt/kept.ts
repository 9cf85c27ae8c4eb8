// A statement the lab keeps exactly as written and does not simulate: listed with its words, traced as matching.
import { posOf, type Cursor } from '../cursor.ts';
import type { Stmt } from '../model.ts';
import type { Token } from '../tokenize.ts';

/** `first` (already read) and the words up to the statement's end, braces and all. */
export function keptAsWritten(c: Cursor, first: Token): Stmt {
  const words: string[] = [first.value];
  let depth = 0;
  while (depth > 0 || !c.atStatementEnd()) {
    const t = c.next();
    if (t.kind === 'punct' && t.value === '{') depth++;
    if (t.kind === 'punct' && t.value === '}') depth--;
    words.push(t.kind === 'string' ? `"${t.value}"` : t.value);
  }
  const text = words.join(' ').replace(/ ,/g, ',');
  const next = { kind: 'next' as const, explain: { id: 'nft.not-simulated', params: { expr: text }, matched: true } };
  return { kind: 'unknown', text, pos: posOf(first), simulated: false, exec: () => next };
}
