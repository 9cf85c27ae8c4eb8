// Assignments (nft(8), "META STATEMENT", "CONNTRACK STATEMENT"; kernel nft_meta_set_eval, nft_ct_set_eval):
// `meta mark set 0x1`, `meta mark set meta mark | 0x4000`, `ct mark set meta mark`, `ct zone set 7`.
import { posOf, type Cursor } from '../cursor.ts';
import type { Selector, Stmt } from '../model.ts';
import type { Token } from '../tokenize.ts';
import { parseKeyPart, printKeyPart } from '../values.ts';
import { parseBinop } from './relation.ts';

export function parseAssign(
  c: Cursor,
  first: Token,
  target: Selector,
  selectorAt: (c: Cursor) => Selector | undefined,
): Stmt {
  const setTok = c.peek(-1);
  if (!target.assign) c.fail(setTok, `syntax error, unexpected set`);
  let source = selectorAt(c);
  let text: string;
  if (source) {
    source = parseBinop(c, source);
    text = source.text;
  } else {
    const part = parseKeyPart(c, target.type);
    if ('str' in part) c.unexpected(c.peek(-1));
    const v = part.lo;
    source = { text: printKeyPart(target.type, part), type: target.type, read: () => v };
    source = parseBinop(c, source);
    text = source.text;
  }
  const from = source;
  const assign = target.assign!;
  return {
    kind: 'assign',
    text: `${target.text} set ${text}`,
    pos: posOf(first),
    needsConntrack: target.needsConntrack || from.needsConntrack,
    exec(e) {
      const v = from.read(e);
      if (typeof v !== 'number') return { kind: 'break' };
      const out = assign(e, v);
      return { ...out, explain: { id: 'nft.assign', params: { expr: target.text, value: v }, matched: true } };
    },
  };
}
