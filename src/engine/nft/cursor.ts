// A cursor over the tokens with nft's error conventions: a refusal is thrown as an NftError carrying the position
// nft reports, and caught once at the top of the parse (the engine never lets it escape).
import type { Family } from './model.ts';
import { spanPos, type Pos } from './position.ts';
import { punctName, tokenName } from './tokenName.ts';
import { Lexer, type Token } from './tokenize.ts';

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
        : t.kind === 'punct'
          ? punctName(t.value)
          : t.kind === 'opaque'
            ? `'${t.value}'`
            : t.kind === 'string'
              ? 'quoted string'
              : tokenName(t.value);
  return `syntax error, unexpected ${what}${expecting ? `, expecting ${expecting}` : ''}`;
}

/** The token's position (a number: nothing is allocated). */
export const posOf = (t: Token): Pos => (t.placed ? spanPos(t.start, t.end - t.start) : t.start);

/** A token's text from its `skip`th character on (the port of `10.0.0.1:80`). */
export const posFrom = (t: Token, skip: number): Pos =>
  t.placed ? spanPos(t.start + skip, t.end - t.start - skip) : t.start + skip;

/** From the start of one token to the end of another (`@name`, `priority filter + 10`). */
export const spanOf = (from: Token, to: Token): Pos => spanPos(from.start, to.end - from.start);

/** How many tokens the cursor keeps: far more than the parser looks back (one) or holds on to (a statement's first). */
const RING = 1 << 14;
const MASK = RING - 1;

/**
 * Tokens are pulled from the lexer as the parser looks ahead into a ring of the last RING read, so memory stays flat
 * on large rulesets. With the text's own lexer the ring's token objects are written over in place once it has gone
 * round: a parser must take a token's position (posOf) before reading RING more tokens. `i` is the absolute index of
 * the next token.
 */
export class Cursor {
  i = 0;
  /** Tokens read from the source so far. */
  private filled = 0;
  private ended = false;
  private readonly ring: Token[] = [];
  private readonly lexer: Lexer | undefined;
  /** The family of the table being parsed (some statements depend on it). */
  family: Family = 'ip';
  /** A transport header was matched earlier in this rule (NAT to a port needs one). */
  transport = false;
  /** The protocol an earlier transport header field of this rule named (`udp sport`: udp), or the protocols a
   * `meta l4proto` match named, for nft's conflict check (rule.ts checkProtocol). */
  transportProto: string | readonly string[] | undefined = undefined;
  /** Inside an anonymous set or an `elements = { … }` list (a comma separates elements there). */
  setDepth = 0;

  constructor(private readonly source: TokenSource) {
    this.lexer = source instanceof Lexer ? source : undefined;
  }

  peek(k = 0): Token {
    let at = this.i + k;
    while (at >= this.filled && !this.ended) this.fill();
    // Before the first token: the first; past the end: the end of file.
    if (at < this.filled - RING || at < 0) at = Math.max(0, this.filled - RING);
    else if (at >= this.filled) at = this.filled - 1;
    return this.ring[at & MASK]!;
  }

  private fill(): void {
    const slot = this.filled & MASK;
    const old = this.ring[slot];
    const t = old && this.lexer ? this.lexer.nextInto(old) : this.source.next();
    this.ring[slot] = t;
    this.filled++;
    if (t.kind === 'eof') this.ended = true;
  }

  next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.i++;
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
