// Verdict statements (nft(8), "VERDICT STATEMENT"): accept and drop end the base chain; jump pushes a return address,
// goto does not; return goes back to the caller (at the base chain: its policy); continue goes on; queue hands the
// packet to user space.
import { posOf, type Cursor } from '../cursor.ts';
import type { Stmt } from '../model.ts';
import type { Token } from '../tokenize.ts';
import { parseVerdict, printVerdict } from '../values.ts';

export const verdictModule = {
  name: 'verdict',
  keywords: ['accept', 'drop', 'return', 'continue', 'queue', 'jump', 'goto'],
  parse(c: Cursor, first: Token): Stmt {
    c.i--;
    const verdict = parseVerdict(c);
    if (verdict.kind === 'queue') {
      // `queue num 3 bypass`, `queue flags bypass to 1-3`: kept as written, traced as a queue.
      while (!c.atStatementEnd() && !c.isWord('comment')) c.next();
    }
    const outcome = { kind: 'verdict' as const, verdict };
    return {
      kind: 'verdict',
      text: printVerdict(verdict),
      pos: posOf(first),
      terminal: true,
      targets: () => (verdict.kind === 'jump' || verdict.kind === 'goto' ? [{ verdict, pos: verdict.pos }] : []),
      exec: () => outcome,
    };
  },
};
