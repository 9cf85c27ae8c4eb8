// The nft scanner's view of the text: words, quoted strings, punctuation and line ends, each with its 1-based line and
// column (nft reports errors as FILE:LINE:COL). Addresses, prefixes, ranges, `ip:port` and kube-proxy's chain names
// (`endpoint-…/80`) stay one word; a `.` or `:` standing alone is the concatenation or map operator.

export type TokenKind = 'word' | 'string' | 'punct' | 'nl' | 'eof';

export interface Token {
  kind: TokenKind;
  /** The word, the string without its quotes, or the punctuation. */
  value: string;
  line: number;
  col: number;
  /** Column just after the token (same line). */
  endCol: number;
}

const PUNCT2 = new Set(['!=', '==', '<=', '>=']);
const PUNCT1 = new Set(['{', '}', '(', ')', ';', ',', '@', '$', '!', '=', '<', '>', '|', '&', '^']);

function isWordChar(ch: string): boolean {
  return !/[\s{}();,@$!=<>|&^"#]/.test(ch);
}

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let line = 1;
  let lineStart = 0;
  let i = 0;
  const n = text.length;
  const push = (kind: TokenKind, value: string, start: number, end: number) =>
    out.push({ kind, value, line, col: start - lineStart + 1, endCol: end - lineStart + 1 });
  while (i < n) {
    const ch = text[i]!;
    if (ch === '\n') {
      push('nl', '\n', i, i + 1);
      i++;
      line++;
      lineStart = i;
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\r') {
      i++;
      continue;
    }
    if (ch === '\\' && text[i + 1] === '\n') {
      // A backslash at the end of a line continues the statement on the next one.
      i += 2;
      line++;
      lineStart = i;
      continue;
    }
    if (ch === '#') {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    if (ch === '"') {
      let j = i + 1;
      while (j < n && text[j] !== '"' && text[j] !== '\n') j++;
      push('string', text.slice(i + 1, j), i, Math.min(j + 1, n));
      i = Math.min(j + 1, n);
      continue;
    }
    const two = text.slice(i, i + 2);
    if (PUNCT2.has(two)) {
      push('punct', two, i, i + 2);
      i += 2;
      continue;
    }
    if (PUNCT1.has(ch)) {
      push('punct', ch, i, i + 1);
      i++;
      continue;
    }
    let j = i;
    while (j < n && isWordChar(text[j]!)) j++;
    const word = text.slice(i, j);
    // `80: accept` — a trailing colon before a space is the map operator, not part of the key.
    if (word.length > 1 && word.endsWith(':') && !word.endsWith('::')) {
      push('word', word.slice(0, -1), i, j - 1);
      push('word', ':', j - 1, j);
    } else push('word', word, i, j);
    i = j;
  }
  out.push({ kind: 'eof', value: '', line, col: i - lineStart + 1, endCol: i - lineStart + 1 });
  return out;
}
