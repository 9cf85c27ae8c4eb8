// Verdict statements (nft(8), "VERDICT STATEMENT"): accept and drop end the base chain; jump pushes a return address,
// goto does not; return goes back to the caller (at the base chain: its policy); continue goes on; queue hands the
// packet to user space.
import { posOf, type Cursor } from '../cursor.ts';
import type { Pos, Stmt, StmtOutcome, Verdict } from '../model.ts';
import type { Token } from '../tokenize.ts';
import { parseVerdict, printVerdict } from '../values.ts';

/** One per rule that ends in a verdict: a class instance, not an object with two closures. */
class VerdictStmt implements Stmt {
  /** Made on the first packet that reaches the rule (most of 50,000 jump rules are never traced). */
  private outcome: StmtOutcome | undefined;
  constructor(
    readonly pos: Pos,
    private readonly verdict: Verdict,
  ) {}

  // On the prototype, not in each of 40,000 instances.
  get kind(): 'verdict' {
    return 'verdict';
  }

  get terminal(): true {
    return true;
  }

  get text(): string {
    return printVerdict(this.verdict);
  }

  targets(visit: (verdict: Verdict, pos: Pos) => void): void {
    const v = this.verdict;
    if (v.kind === 'jump' || v.kind === 'goto') visit(v, v.pos);
  }

  exec(): StmtOutcome {
    return (this.outcome ??= { kind: 'verdict', verdict: this.verdict });
  }
}

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
    return new VerdictStmt(posOf(first), verdict);
  },
};
