// counter (nft(8), "COUNTER STATEMENT"): counts and lets the packet go on; the listed packets/bytes are kept.
import { posOf, type Cursor } from '../cursor.ts';
import type { Stmt } from '../model.ts';
import type { RuleCtx } from '../ruleContext.ts';
import type { Token } from '../tokenize.ts';
import { namedCounter } from './namedObject.ts';

export const counterModule = {
  name: 'counter',
  keywords: ['counter'],
  parse(c: Cursor, first: Token, ctx: RuleCtx): Stmt {
    if (c.isWord('name')) return namedCounter(c, first, ctx);
    let packets = 0;
    let bytes = 0;
    for (;;) {
      if (c.eatWord('packets')) packets = Number(c.word('number').value) || 0;
      else if (c.eatWord('bytes')) bytes = Number(c.word('number').value) || 0;
      else break;
    }
    const next = { kind: 'next' as const, explain: { id: 'nft.counter', params: {}, matched: true } };
    return {
      kind: 'counter',
      text: `counter packets ${packets} bytes ${bytes}`,
      pos: posOf(first),
      exec: () => next,
    };
  },
};
