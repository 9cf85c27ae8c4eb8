// A cursor over the tokens with nft's error conventions: a refusal is thrown as an NftError carrying the position
// nft reports, and caught once at the top of the parse (the engine never lets it escape).
import type { Family, Pos } from './model.ts';
import type { Token } from './tokenize.ts';

export class NftError extends Error {
  constructor(
    message: string,
    readonly pos: Pos,
    /** A catalog code of the lab's own (parse:<code>) when the message is not nft's words. */
    readonly code = 'nft',
    readonly params: Record<string, string> = { message },
  ) {
    super(message);
  }
}

/** Where the cursor reads its tokens from: the text's lexer, or a JSON ruleset's (json/source.ts). */
export interface TokenSource {
  next(): Token;
}

/** bison's wording: "syntax error, unexpected X[, expecting Y]". */
export function unexpectedMessage(t: Token, expecting?: string): string {
  const what =
    t.kind === 'nl'
      ? 'newline'
      : t.kind === 'eof'
        ? 'end of file'
        : t.kind === 'punct' || t.kind === 'opaque'
          ? `'${t.value}'`
          : t.kind === 'string'
            ? 'quoted string'
            : t.value;
  return `syntax error, unexpected ${what}${expecting ? `, expecting ${expecting}` : ''}`;
}

/** The token's position, made once per token: a rule and its first statement share it (never changed once made). */
export const posOf = (t: Token): Pos => (t.pos ??= { line: t.line, col: t.col, endCol: t.endCol });

/**
 * Tokens are pulled from the lexer as the parser looks ahead; those far behind are dropped (the parser looks back at
 * most one token), so memory stays flat on large rulesets. `i` is the absolute index of the next token.
 */
export class Cursor {
  i = 0;
  /** Absolute index of buf[0]. */
  private base = 0;
  private readonly buf: Token[] = [];
  /** The family of the table being parsed (some statements depend on it). */
  family: Family = 'ip';
  /** A transport header was matched earlier in this rule (NAT to a port needs one). */
  transport = false;
  /** Inside an anonymous set or an `elements = { … }` list (a comma separates elements there). */
  setDepth = 0;

  constructor(private readonly lexer: TokenSource) {}

  peek(k = 0): Token {
    const at = Math.max(this.i + k, this.base) - this.base;
    while (this.buf.length <= at) {
      const last = this.buf[this.buf.length - 1];
      this.buf.push(last?.kind === 'eof' ? last : this.lexer.next());
    }
    return this.buf[at]!;
  }

  next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.i++;
    if (this.i - this.base > 4096) {
      // Keep the last 8 read and those looked ahead; copyWithin, not splice (which returns the 4,088 dropped tokens
      // in a new array each time: 12 MB over a 10,000-service ruleset).
      const drop = this.i - this.base - 8;
      const buf = this.buf;
      buf.copyWithin(0, drop);
      buf.length -= drop;
      this.base += drop;
    }
    return t;
  }

  isWord(value?: string, k = 0): boolean {
    const t = this.peek(k);
    return t.kind === 'word' && (value === undefined || t.value === value);
  }

  isPunct(value: string, k = 0): boolean {
    const t = this.peek(k);
    return t.kind === 'punct' && t.value === value;
  }

  eatWord(value: string): boolean {
    if (!this.isWord(value)) return false;
    this.i++;
    return true;
  }

  eatPunct(value: string): boolean {
    if (!this.isPunct(value)) return false;
    this.i++;
    return true;
  }

  /** End of a statement: a newline, `;`, `}` or the end of the text. */
  atStatementEnd(): boolean {
    const t = this.peek();
    return t.kind === 'nl' || t.kind === 'eof' || (t.kind === 'punct' && (t.value === ';' || t.value === '}'));
  }

  skipNewlines(): void {
    while (this.peek().kind === 'nl' || this.isPunct(';')) this.i++;
  }

  fail(t: Token, message: string): never {
    throw new NftError(message, posOf(t));
  }

  unexpected(t: Token = this.peek(), expecting?: string): never {
    this.fail(t, unexpectedMessage(t, expecting));
  }

  word(expecting = 'string'): Token {
    const t = this.peek();
    if (t.kind !== 'word') this.unexpected(t, expecting);
    this.i++;
    return t;
  }

  /** A name: a word or a quoted string. */
  name(): Token {
    const t = this.peek();
    if (t.kind !== 'word' && t.kind !== 'string') this.unexpected(t, 'string');
    this.i++;
    return t;
  }

  expectPunct(value: string, expecting = `'${value}'`): Token {
    const t = this.peek();
    if (t.kind !== 'punct' || t.value !== value) this.unexpected(t, expecting);
    this.i++;
    return t;
  }
}
