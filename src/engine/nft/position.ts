// Where a piece of the model was written, as one number, turned into nft's line and column only when something asks
// (an error, a diagnostic, the chain panel). A 10,000-service kube-proxy ruleset holds some 300,000 positions: as
// { line, col, endCol } objects they were 16 MB and a fifth of the objects the parse made.
import { Lexer } from './tokenize.ts';

/**
 * A position. A token's is its offset in the text: a small integer, which V8 keeps in the field itself (no
 * allocation); its end is found again by scanning that one token when an error needs it. A position with an end of
 * its own (`@name` as one span, a JSON value) is -(offset × 2^21 + length) - 1.
 */
export type Pos = number;

const SPAN = 2 ** 21;

/** The position of [offset, offset + length), which is not one token of the nft text. */
export function spanPos(offset: number, length: number): Pos {
  return -(offset * SPAN + Math.min(Math.max(length, 0), SPAN - 1)) - 1;
}

export const posOffset = (p: Pos): number => (p >= 0 ? p : Math.floor((-p - 1) / SPAN));

/** A position in nft's terms: 1-based line and column, and the column just after it on the same line. */
export interface LineCol {
  line: number;
  col: number;
  endCol: number;
}

/** Line and column of positions in one text (line starts found on the first question, then binary search). */
export class SourceLines {
  private starts: number[] | undefined;
  private lexer: Lexer | undefined;

  constructor(private readonly text: string) {}

  private lineStarts(): number[] {
    if (this.starts) return this.starts;
    const starts = [0];
    const text = this.text;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    return (this.starts = starts);
  }

  /** The 0-based line holding an offset. */
  private lineOf(offset: number): number {
    const starts = this.lineStarts();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Where a position is. A span's end is cut at the end of its first line; a token's is where the scanner ended
   * it (an unterminated string takes its newline). */
  where(p: Pos): LineCol {
    const offset = posOffset(p);
    const starts = this.lineStarts();
    const line = this.lineOf(offset);
    const col = offset - starts[line]! + 1;
    if (p >= 0) {
      const t = (this.lexer ??= new Lexer(this.text)).tokenAt(p);
      return { line: line + 1, col, endCol: col + (t.end - t.start) };
    }
    const lineEnd = starts[line + 1] ?? Infinity;
    const end = Math.min(offset + ((-p - 1) % SPAN), lineEnd - 1 > offset ? lineEnd - 1 : offset + 1);
    return { line: line + 1, col, endCol: col + (end - offset) };
  }

  /** The line and column alone (no scan for the end). */
  lineCol(p: Pos): { line: number; col: number } {
    const offset = posOffset(p);
    const line = this.lineOf(offset);
    return { line: line + 1, col: offset - this.lineStarts()[line]! + 1 };
  }

  line(p: Pos): number {
    return this.lineOf(posOffset(p)) + 1;
  }
}
