// A rules text read piece by piece (`nflab check` reads a 25 MB dump in 64 KB pieces): never one big string, and
// every line, line number and column exactly as in the whole text. A source is an Iterable of strings whose
// concatenation is the text; it may be iterated more than once (a check that must fall back to the whole model reads
// it again).

/**
 * The pieces cut at line ends: each piece but the last ends with '\n', so each starts at the start of a line (what
 * a per-piece `^` in a multiline regular expression needs). Pieces already cut so pass through unchanged.
 */
export function* linePieces(source: Iterable<string>): Generator<string, void, undefined> {
  let carry = '';
  for (const piece of source) {
    const text = carry === '' ? piece : carry + piece;
    const end = text.lastIndexOf('\n') + 1;
    if (end === text.length) {
      carry = '';
      if (text !== '') yield text;
    } else {
      carry = text.slice(end);
      if (end > 0) yield text.slice(0, end);
    }
  }
  if (carry !== '') yield carry;
}

/** The whole text of a source (for the rare paths that need it: nftables text, refusals, the whole model). */
export function joinPieces(source: Iterable<string>): string {
  const parts: string[] = [];
  for (const piece of source) parts.push(piece);
  return parts.length === 1 ? parts[0]! : parts.join('');
}

/**
 * Lines as `text.split('\n')` gives them (a text with N line ends has N + 1 lines, the last one maybe empty), cut one
 * at a time from the pieces.
 */
export class LineReader {
  private piece = '';
  private next = 0;
  /** True once the last line has been read. */
  ended = false;
  private readonly pieces: Iterator<string>;

  constructor(source: Iterable<string>) {
    this.pieces = source[Symbol.iterator]();
  }

  /** The next line without its '\n' ('' once ended). */
  readLine(): string {
    for (;;) {
      const piece = this.piece;
      const end = piece.indexOf('\n', this.next);
      if (end >= 0) {
        const line = piece.slice(this.next, end);
        this.next = end + 1;
        return line;
      }
      // The rest of this piece is the start of a line that goes on in the next piece, or the last line.
      const rest = this.next === 0 ? piece : piece.slice(this.next);
      const more = this.ended ? undefined : this.pieces.next();
      if (more === undefined || more.done === true) {
        this.ended = true;
        this.piece = '';
        this.next = 0;
        return rest;
      }
      this.piece = rest === '' ? more.value : rest + more.value;
      this.next = 0;
    }
  }
}
