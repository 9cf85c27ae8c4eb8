// A rules text read piece by piece (`nflab check` reads a 25 MB dump in 64 KB pieces): never one big string, and
// every line, line number and column exactly as in the whole text. A source is an Iterable of strings whose
// concatenation is the text; it may be iterated more than once (a check that must fall back to the whole model reads
// it again).

/**
 * The pieces cut at line ends: each piece but the last ends with '\n', so each starts at the start of a line (what
 * a per-piece `^` in a multiline regular expression needs). Pieces already cut so pass through unchanged.
 */
export function* linePieces(source: Iterable<string>): Generator<string, void, undefined> {
  // Only the new piece is searched for a line end: a long line over many pieces is appended to, not searched again.
  let carry = '';
  for (const piece of source) {
    const end = piece.lastIndexOf('\n') + 1;
    if (end === 0) {
      carry += piece;
      continue;
    }
    const whole = end === piece.length ? piece : piece.slice(0, end);
    yield carry === '' ? whole : carry + whole;
    carry = end === piece.length ? '' : piece.slice(end);
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

  /** The line nextLine() found: text[start, end). */
  text = '';
  start = 0;
  end = 0;

  /**
   * readLine without making a string: the next line is text[start, end), nearly always a range of the piece being
   * read (a line over several pieces is joined into a string of its own).
   */
  nextLine(): void {
    const end = this.piece.indexOf('\n', this.next);
    if (end >= 0) {
      this.text = this.piece;
      this.start = this.next;
      this.end = end;
      this.next = end + 1;
      return;
    }
    const line = this.readLine();
    this.text = line;
    this.start = 0;
    this.end = line.length;
  }

  /** The next line without its '\n' ('' once ended). */
  readLine(): string {
    const end = this.piece.indexOf('\n', this.next);
    if (end >= 0) {
      const line = this.piece.slice(this.next, end);
      this.next = end + 1;
      return line;
    }
    // The rest of this piece starts a line that goes on in the next pieces, or is the last line. Only each new
    // piece is searched for its end: a long line over many pieces is appended to, not searched again.
    let line = this.next === 0 ? this.piece : this.piece.slice(this.next);
    this.piece = '';
    this.next = 0;
    for (;;) {
      const more = this.ended ? undefined : this.pieces.next();
      if (more === undefined || more.done === true) {
        this.ended = true;
        return line;
      }
      const nl = more.value.indexOf('\n');
      if (nl < 0) {
        line += more.value;
        continue;
      }
      this.piece = more.value;
      this.next = nl + 1;
      return line === '' ? more.value.slice(0, nl) : line + more.value.slice(0, nl);
    }
  }
}
