// The nft scanner's view of the text: words, quoted strings, punctuation and line ends, each with where it starts and
// ends in the text (nft's FILE:LINE:COL is worked out from that only for an error, position.ts). Addresses, prefixes, ranges, `ip:port` and kube-proxy's chain names
// (`endpoint-…/80`) stay one word; a `.` or `:` standing alone is the concatenation or map operator.

/** `opaque`: a statement of a JSON ruleset the lab does not know, as one token (json/source.ts). */
export type TokenKind = 'word' | 'string' | 'punct' | 'nl' | 'eof' | 'opaque';

export interface Token {
  kind: TokenKind;
  /** The word, the string without its quotes, or the punctuation. */
  value: string;
  /** Offset of its first character in the text. */
  start: number;
  /** Offset just after it (same line). */
  end: number;
  /** Its start and end are those of the JSON value it was written from (json/source.ts), not of a word scanned here. */
  placed: boolean;
}

/** Two-character operators, by their first character (the second is always `=`). */
const PUNCT2: (string | undefined)[] = [];
for (const op of ['!=', '==', '<=', '>=']) PUNCT2[op.charCodeAt(0)] = op;

/** Characters that end a word: white space, punctuation, quotes and comments. */
const BREAKS = new Uint8Array(128);
for (const ch of ' \t\r\n{}();,@$!=<>|&^"#') BREAKS[ch.charCodeAt(0)] = 1;
/** Punctuation tokens of one character. */
const PUNCT1 = new Uint8Array(128);
for (const ch of '{}();,@$!=<>|&^') PUNCT1[ch.charCodeAt(0)] = 1;

const NL = 10;
const SPACE = 32;
const TAB = 9;
const CR = 13;
const HASH = 35;
const QUOTE = 34;
const BACKSLASH = 92;
const COLON = 58;
const EQUALS = 61;

const WORD_CACHE_SIZE = 1 << 14;
const MAX_INTERNED = 96;

/** Reads one token at a time, so a 10,000-service ruleset never holds all its tokens at once. */
export class Lexer {
  private i = 0;
  /** Where the map operator split off a `80:` word is (returned next), or -1. */
  private pending = -1;
  private readonly words: (string | undefined)[] = new Array<string | undefined>(WORD_CACHE_SIZE);
  /** The hash of the word in each slot: a different word is told apart without reading its characters. */
  private readonly hashes = new Int32Array(WORD_CACHE_SIZE);

  constructor(private readonly text: string) {}

  /**
   * The word at [i, j), the same string as the last time these characters were read when the cache still holds it:
   * a 10,000-service ruleset names each chain several times (`add chain`, its rules, the jump to it), and one string
   * per name is one allocation and one hash (V8 keeps a string's hash) for every Map lookup of it.
   */
  private word(i: number, j: number, hash: number): string {
    const len = j - i;
    if (len > MAX_INTERNED) return this.text.slice(i, j);
    const slot = (hash ^ (hash >>> 15)) & (WORD_CACHE_SIZE - 1);
    const known = this.words[slot];
    if (known !== undefined && this.hashes[slot] === hash && known.length === len && this.text.startsWith(known, i))
      return known;
    const w = this.text.slice(i, j);
    this.words[slot] = w;
    this.hashes[slot] = hash;
    return w;
  }

  private set(t: Token, kind: TokenKind, value: string, start: number, end: number): Token {
    t.kind = kind;
    t.value = value;
    t.start = start;
    t.end = end;
    t.placed = false;
    return t;
  }

  next(): Token {
    return this.nextInto({ kind: 'eof', value: '', start: 0, end: 0, placed: false });
  }

  /** The token starting at `offset` (a position's end, found again for an error: position.ts). */
  tokenAt(offset: number): Token {
    this.seek(offset);
    return this.next();
  }

  /** Reads on from `offset`, the start of a token (a rule read again: lazyRule.ts). */
  seek(offset: number): void {
    this.i = offset;
    this.pending = -1;
  }

  /**
   * The next token, written into `t` (a token the caller no longer needs): the cursor reuses a ring of them, so a
   * 10,000-service ruleset does not make 1.5 million token objects (100 MB of garbage).
   */
  nextInto(t: Token): Token {
    if (this.pending >= 0) {
      const at = this.pending;
      this.pending = -1;
      return this.set(t, 'word', ':', at, at + 1);
    }
    const text = this.text;
    const n = text.length;
    let i = this.i;
    while (i < n) {
      const code = text.charCodeAt(i);
      if (code === NL) {
        this.i = i + 1;
        return this.set(t, 'nl', '\n', i, i + 1);
      }
      if (code === SPACE || code === TAB || code === CR) {
        i++;
        continue;
      }
      if (code === BACKSLASH && text.charCodeAt(i + 1) === NL) {
        // A backslash at the end of a line continues the statement on the next one.
        i += 2;
        continue;
      }
      if (code === HASH) {
        while (i < n && text.charCodeAt(i) !== NL) i++;
        continue;
      }
      if (code === QUOTE) {
        let j = i + 1;
        while (j < n && text.charCodeAt(j) !== QUOTE && text.charCodeAt(j) !== NL) j++;
        const end = Math.min(j + 1, n);
        this.i = end;
        return this.set(t, 'string', text.slice(i + 1, j), i, end);
      }
      if (code < 128 && PUNCT1[code]) {
        // `!=`, `==`, `<=`, `>=` from a table: a slice per punctuation token was a string allocation each.
        const two = text.charCodeAt(i + 1) === EQUALS ? PUNCT2[code] : undefined;
        const len = two === undefined ? 1 : 2;
        this.i = i + len;
        return this.set(t, 'punct', two ?? text[i]!, i, i + len);
      }
      let j = i;
      let hash = 0;
      while (j < n) {
        const c = text.charCodeAt(j);
        if (c < 128 && BREAKS[c]) break;
        hash = (Math.imul(hash, 31) + c) | 0;
        j++;
      }
      this.i = j;
      // `80: accept` — a trailing colon before a space is the map operator, not part of the key.
      if (j - i > 1 && text.charCodeAt(j - 1) === COLON && text.charCodeAt(j - 2) !== COLON) {
        this.pending = j - 1;
        return this.set(t, 'word', text.slice(i, j - 1), i, j - 1);
      }
      return this.set(t, 'word', this.word(i, j, hash), i, j);
    }
    this.i = i;
    return this.set(t, 'eof', '', i, i);
  }
}

export function tokenize(text: string): Token[] {
  const lexer = new Lexer(text);
  const out: Token[] = [];
  for (;;) {
    const t = lexer.next();
    out.push(t);
    if (t.kind === 'eof') return out;
  }
}
