// Splits one line into words the way a POSIX shell (and iptables-restore) does, keeping where each word starts.

export interface Token {
  text: string;
  /** 1-based column of the first character of the word (its opening quote when quoted). */
  col: number;
  /** Column just after the word. */
  endCol: number;
  /** Some part of the word was quoted: `"--x"` is then a value, never an option or a comment. */
  quoted: boolean;
}

export interface TokenizeResult {
  tokens: Token[];
  /** Set when the line ends inside a quote. */
  error?: { col: number; code: 'unterminated-quote' };
}

/**
 * Token objects reused from one line to the next: a big dump has millions of words, and none of them outlives its
 * line (the parser copies what it keeps). The array from `begin()` is only valid until the next line.
 */
export class TokenPool {
  private readonly objects: Token[] = [];
  private readonly line: Token[] = [];
  private count = 0;
  /** The result of every line read without error: the same list, refilled. */
  readonly result: TokenizeResult = { tokens: this.line };
  /**
   * In `specialIn` (the text being read), the first special character at or after `specialFrom` is at `specialAt`
   * (see nextSpecial). Kept per pool, so no text outlives the parse that read it.
   */
  specialIn = '';
  specialFrom = 0;
  specialAt = 0;

  begin(): Token[] {
    // Refilled in place and cut to length by end(): `length = 0` would drop the list's backing store, and the
    // pushes after it allocate a new one for every line.
    this.count = 0;
    return this.line;
  }

  add(text: string, col: number, endCol: number, quoted: boolean): void {
    const k = this.count++;
    let t = this.objects[k];
    if (t === undefined) {
      t = { text, col, endCol, quoted };
      this.objects.push(t);
    } else {
      t.text = text;
      t.col = col;
      t.endCol = endCol;
      t.quoted = quoted;
    }
    if (k < this.line.length) this.line[k] = t;
    else this.line.push(t);
  }

  /** The line's words are all added: the list holds exactly them. */
  end(): void {
    if (this.line.length !== this.count) this.line.length = this.count;
  }
}

const SPACE = 32;
const TAB = 9;
const CR = 13;
const DQUOTE = 34;
const SQUOTE = 39;
const BACKSLASH = 92;
const HASH = 35;

/**
 * Recently seen short words, by a hash of their length and a few characters: a dump repeats the same few words
 * (`-A`, `-m`, `comment`, `--comment`, `-j` …) on every line, and reusing one string for each instead of cutting a
 * new copy saves most of the tokenizer's allocation and makes later comparisons of these words pointer compares.
 * Only words shorter than V8's sliced-string threshold are kept (those are copies, so nothing here points into the
 * input). Which string object a word gets is never observable: equal words are equal strings.
 */
const WORD_CACHE_BITS = 8;
const WORD_CACHE_MAX_LENGTH = 12;
const wordCache: (string | undefined)[] = new Array<string | undefined>(1 << WORD_CACHE_BITS).fill(undefined);

/** line[start, start + word.length) equals word; a loop of charCodeAt (inlined) beats a startsWith call here. */
function sameChars(line: string, start: number, word: string): boolean {
  for (let k = 0; k < word.length; k++) if (line.charCodeAt(start + k) !== word.charCodeAt(k)) return false;
  return true;
}

function plainWord(line: string, start: number, end: number): string {
  const length = end - start;
  if (length > WORD_CACHE_MAX_LENGTH) return line.slice(start, end);
  const slot =
    (length * 97 + line.charCodeAt(start + 1) * 31 + line.charCodeAt(end - 1) * 7 + line.charCodeAt(start)) &
    ((1 << WORD_CACHE_BITS) - 1);
  const cached = wordCache[slot];
  if (cached !== undefined && cached.length === length && sameChars(line, start, cached)) return cached;
  const word = line.slice(start, end);
  wordCache[slot] = word;
  return word;
}

/**
 * Where the double quote opened at `open` closes, when the quoted text has no backslash and the word ends there
 * (a blank or the line's end `n` follows); -1 otherwise (the general reading handles it).
 */
function wholeQuote(line: string, open: number, n: number): number {
  let j = open + 1;
  while (j < n) {
    const d = line.charCodeAt(j);
    if (d === DQUOTE) break;
    if (d === BACKSLASH) return -1;
    j++;
  }
  if (j === n) return -1;
  if (j + 1 === n) return j;
  const after = line.charCodeAt(j + 1);
  return after === SPACE || after === TAB || after === CR ? j : -1;
}

function flatten(text: string): string {
  // Number() reads the whole string, which makes V8 flatten a concatenation in place.
  void Number(text);
  return text;
}

/**
 * Tokenises a line. `shellComments`: an unquoted word starting with `#` ends the line (scripts);
 * iptables-restore only knows whole-line comments, so dumps pass false.
 */
export function tokenizeLine(line: string, shellComments: boolean, pool?: TokenPool): TokenizeResult {
  return tokenizeRange(line, 0, line.length, shellComments, pool);
}

/**
 * tokenizeLine on line[lineStart, lineEnd) (no '\n' inside), columns counted from lineStart: a dump's rule line is
 * read where it lies in the piece of text read, with no string of its own (a 25 MB dump has 230,000 lines).
 */
export function tokenizeRange(
  line: string,
  lineStart: number,
  lineEnd: number,
  shellComments: boolean,
  pool?: TokenPool,
): TokenizeResult {
  if (pool !== undefined && !shellComments) return tokenizePooled(line, lineStart, lineEnd, pool);
  const tokens: Token[] = pool ? pool.begin() : [];
  const n = lineEnd;
  /** Index minus base is the 1-based column. */
  const base = lineStart - 1;
  let i = lineStart;
  // One pass of character compares: words are short, and a loop beats calling indexOf or a regular expression
  // for each (a big dump has millions of words).
  while (i < n) {
    let c = line.charCodeAt(i);
    if (c === SPACE || c === TAB || c === CR) {
      i++;
      continue;
    }
    if (shellComments && c === HASH) break;
    const start = i;
    i = plainEnd(line, i, n);
    c = i < n ? line.charCodeAt(i) : SPACE;
    if (c === SPACE || c === TAB || c === CR) {
      // A plain word (the overwhelming majority).
      if (pool) pool.add(plainWord(line, start, i), start - base, i - base, false);
      else tokens.push({ text: line.slice(start, i), col: start - base, endCol: i - base, quoted: false });
      continue;
    }
    const word = readQuotedWord(line, start, i, n);
    if (word === undefined) return unterminated(tokens, QUOTED.errorAt - base, pool);
    i = QUOTED.end;
    if (pool) pool.add(word, start - base, i - base, QUOTED.quoted);
    else tokens.push({ text: word, col: start - base, endCol: i - base, quoted: QUOTED.quoted });
  }
  if (pool === undefined) return { tokens };
  pool.end();
  return pool.result;
}

/**
 * Where the next quote, backslash, tab or carriage return is in a piece of text, remembered from one word and line
 * to the next: in a dump most words hold none, and knowing that the next one is further on lets a word be cut with
 * one indexOf (a memchr) instead of a loop comparing every character six times.
 */
const SPECIAL = /[\t\r"'\\]/g;

/** The first index >= from of a special character in text (text.length if none), remembered in the pool. */
function nextSpecial(pool: TokenPool, text: string, from: number): number {
  if (pool.specialIn === text && from >= pool.specialFrom && from <= pool.specialAt) return pool.specialAt;
  SPECIAL.lastIndex = from;
  const at = SPECIAL.test(text) ? SPECIAL.lastIndex - 1 : text.length;
  pool.specialIn = text;
  pool.specialFrom = from;
  pool.specialAt = at;
  return at;
}

/** tokenizeRange for a dump's line read into a pool: its plain words cut with indexOf (see nextSpecial). */
function tokenizePooled(line: string, lineStart: number, n: number, pool: TokenPool): TokenizeResult {
  pool.begin();
  const base = lineStart - 1;
  let i = lineStart;
  while (i < n) {
    const c = line.charCodeAt(i);
    if (c === SPACE) {
      i++;
      continue;
    }
    const special = nextSpecial(pool, line, i);
    if (special > i) {
      let end = line.indexOf(' ', i);
      if (end < 0 || end > n) end = n;
      if (end <= special) {
        pool.add(plainWord(line, i, end), i - base, end - base, false);
        i = end;
        continue;
      }
    } else if (c === TAB || c === CR) {
      i++;
      continue;
    }
    // A word with a quote or a backslash (or a plain word that ends at a tab or a carriage return).
    const start = i;
    i = plainEnd(line, i, n);
    const d = i < n ? line.charCodeAt(i) : SPACE;
    if (d === SPACE || d === TAB || d === CR) {
      pool.add(plainWord(line, start, i), start - base, i - base, false);
      continue;
    }
    const word = readQuotedWord(line, start, i, n);
    if (word === undefined) return unterminated(pool.result.tokens, QUOTED.errorAt - base, pool);
    i = QUOTED.end;
    pool.add(word, start - base, i - base, QUOTED.quoted);
  }
  pool.end();
  return pool.result;
}

/** The end of the run of characters from `i` that are neither blank, nor a quote, nor a backslash (`n` at most). */
function plainEnd(line: string, i: number, n: number): number {
  while (i < n) {
    const c = line.charCodeAt(i);
    if (c === SPACE || c === TAB || c === CR || c === DQUOTE || c === SQUOTE || c === BACKSLASH) return i;
    i++;
  }
  return n;
}

/** Where readQuotedWord's word ended, whether some of it was quoted, or where its unclosed quote is. */
const QUOTED = { end: 0, quoted: false, errorAt: 0 };

/**
 * The word that starts at `start` and has a quote or backslash at `from` (line[start, from) is plain), read as a shell
 * does; its end and whether some of it was quoted in QUOTED. Undefined when a quote is not closed on the line
 * (QUOTED.errorAt: where that is reported).
 */
function readQuotedWord(line: string, start: number, from: number, n: number): string | undefined {
  let i = from;
  let c = line.charCodeAt(i);
  const close = i === start && c === DQUOTE ? wholeQuote(line, i, n) : -1;
  if (close > 0) {
    // A whole word in double quotes without a backslash (kube-proxy's comments, LOG prefixes): one slice.
    QUOTED.end = close + 1;
    QUOTED.quoted = true;
    return line.slice(i + 1, close);
  }
  let text = line.slice(start, i);
  let quoted = false;
  while (i < n) {
    c = line.charCodeAt(i);
    if (c === SPACE || c === TAB || c === CR) break;
    if (c === BACKSLASH) {
      if (i + 1 < n) text += line[i + 1];
      i += 2;
      continue;
    }
    if (c === SQUOTE) {
      const close = line.indexOf("'", i + 1);
      if (close < 0 || close >= n) {
        QUOTED.errorAt = i;
        return undefined;
      }
      text += line.slice(i + 1, close);
      quoted = true;
      i = close + 1;
      continue;
    }
    if (c === DQUOTE) {
      quoted = true;
      const close = line.indexOf('"', i + 1);
      const slash = line.indexOf('\\', i + 1);
      // Fast path: no backslash inside, the quoted text is one slice (kube-proxy's comments, LOG prefixes).
      if (close >= 0 && close < n && (slash < 0 || slash > close)) {
        text += line.slice(i + 1, close);
        i = close + 1;
        continue;
      }
      i++;
      let closed = false;
      let from = i;
      while (i < n) {
        const d = line.charCodeAt(i);
        if (d === DQUOTE) {
          closed = true;
          break;
        }
        // Inside double quotes a backslash escapes only $ ` " \ (POSIX sh).
        if (d === BACKSLASH && i + 1 < n && '$`"\\'.includes(line[i + 1]!)) {
          text += line.slice(from, i) + line[i + 1];
          i += 2;
          from = i;
          continue;
        }
        i++;
      }
      if (!closed) {
        QUOTED.errorAt = start;
        return undefined;
      }
      text += line.slice(from, i);
      i++;
      continue;
    }
    const plainFrom = i;
    i = plainEnd(line, i, n);
    text += line.slice(plainFrom, i);
  }
  QUOTED.end = i;
  QUOTED.quoted = quoted;
  // Flatten: a string built from pieces would otherwise stay a tree of pieces for as long as the rule lives.
  return quoted ? flatten(text) : text;
}

function unterminated(tokens: Token[], col: number, pool: TokenPool | undefined): TokenizeResult {
  pool?.end();
  return { tokens, error: { col, code: 'unterminated-quote' } };
}
