// log (nft(8), "LOG STATEMENT"): writes to the kernel log and lets the packet go on.
import { posOf, type Cursor } from '../cursor.ts';
import type { Stmt } from '../model.ts';
import type { Token } from '../tokenize.ts';

const OPTIONS = ['prefix', 'level', 'group', 'snaplen', 'queue-threshold', 'flags'];

export const logModule = {
  name: 'log',
  keywords: ['log'],
  parse(c: Cursor, first: Token): Stmt {
    const parts: string[] = ['log'];
    while (c.isWord() && OPTIONS.includes(c.peek().value)) {
      const opt = c.next().value;
      const v = c.name();
      parts.push(opt, v.kind === 'string' ? `"${v.value}"` : v.value);
      if (opt === 'flags') while (c.eatPunct(',')) parts[parts.length - 1] += `,${c.word().value}`;
    }
    const prefix = parts.includes('prefix') ? parts[parts.indexOf('prefix') + 1]! : '';
    const next = { kind: 'next' as const, explain: { id: 'nft.log', params: { prefix }, matched: true } };
    return { kind: 'log', text: parts.join(' '), pos: posOf(first), exec: () => next };
  },
};
