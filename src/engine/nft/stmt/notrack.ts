// notrack (nft(8); kernel nft_ct.c, nft_notrack_eval): the packet will not be tracked (before conntrack runs).
import { posOf, type Cursor } from '../cursor.ts';
import type { Stmt } from '../model.ts';
import type { Token } from '../tokenize.ts';

export const notrackModule = {
  name: 'notrack',
  keywords: ['notrack'],
  parse(_c: Cursor, first: Token): Stmt {
    const out = { kind: 'notrack' as const, explain: { id: 'nft.notrack', params: {}, matched: true } };
    return { kind: 'notrack', text: 'notrack', pos: posOf(first), needsConntrack: true, exec: () => out };
  },
};
