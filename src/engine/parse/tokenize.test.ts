import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TokenPool, tokenizeLine, tokenizeRange } from './tokenize.ts';

const words = (line: string, shell = true) => tokenizeLine(line, shell).tokens.map((t) => t.text);

describe('tokenizeLine', () => {
  it('splits on blanks and keeps the 1-based column span of every word', () => {
    const { tokens } = tokenizeLine('  -A INPUT\t-j ACCEPT', false);
    expect(tokens.map((t) => [t.text, t.col, t.endCol])).toEqual([
      ['-A', 3, 5],
      ['INPUT', 6, 11],
      ['-j', 12, 14],
      ['ACCEPT', 15, 21],
    ]);
  });

  it('reads double and single quotes, escapes and glued pieces as one word, as a shell does', () => {
    expect(words('--comment "a b" \'c d\' e\\ f x"y z"w')).toEqual(['--comment', 'a b', 'c d', 'e f', 'xy zw']);
    expect(words('"say \\"hi\\" \\\\ \\n"')).toEqual(['say "hi" \\ \\n']);
    expect(words("'no \\escape'")).toEqual(['no \\escape']);
  });

  it('reads a word that is one double-quoted text like any other quoted word (its own fast path)', () => {
    const spans = (line: string) => tokenizeLine(line, false).tokens.map((t) => [t.text, t.col, t.endCol, t.quoted]);
    expect(spans('--comment "a b"')).toEqual([
      ['--comment', 1, 10, false],
      ['a b', 11, 16, true],
    ]);
    expect(spans('"" x')).toEqual([
      ['', 1, 3, true],
      ['x', 4, 5, false],
    ]);
    expect(spans('"a"b "c"\t"d" "e\\"f"')).toEqual([
      ['ab', 1, 5, true],
      ['c', 6, 9, true],
      ['d', 10, 13, true],
      ['e"f', 14, 20, true],
    ]);
    expect(spans('"end"\r')).toEqual([['end', 1, 6, true]]);
  });

  it('marks quoted words, so "-j" in quotes is a value', () => {
    const { tokens } = tokenizeLine('--log-prefix "-j"', false);
    expect(tokens[1]).toMatchObject({ text: '-j', quoted: true, col: 14, endCol: 18 });
    expect(tokens[0]!.quoted).toBe(false);
  });

  it('treats # as a comment only in scripts, and only at the start of a word', () => {
    expect(words('-A X -j ACCEPT # why', true)).toEqual(['-A', 'X', '-j', 'ACCEPT']);
    expect(words('-A X -j ACCEPT # why', false)).toEqual(['-A', 'X', '-j', 'ACCEPT', '#', 'why']);
    expect(words('--comment a#b', true)).toEqual(['--comment', 'a#b']);
  });

  it('reports an unterminated quote at its opening', () => {
    expect(tokenizeLine('-m comment --comment "open', false).error).toEqual({ col: 22, code: 'unterminated-quote' });
    expect(tokenizeLine("x 'open", false).error).toEqual({ col: 3, code: 'unterminated-quote' });
  });

  it('gives the same words with a reused token pool', () => {
    const pool = new TokenPool();
    const a = tokenizeLine('-A INPUT -m comment --comment "x y" -j ACCEPT', false, pool).tokens.map((t) => ({ ...t }));
    const b = tokenizeLine('-A FORWARD -j DROP', false, pool).tokens.map((t) => ({ ...t }));
    expect(a).toEqual(tokenizeLine('-A INPUT -m comment --comment "x y" -j ACCEPT', false).tokens);
    expect(b).toEqual(tokenizeLine('-A FORWARD -j DROP', false).tokens);
  });

  it('reads a line in place in a longer text as it reads the line alone: what follows it is never read', () => {
    // The text around it may hold the quote or backslash a broken line lacks: `"open` must stay unterminated.
    const piece = fc.stringMatching(/^[-a-z "'\\\t#]{0,12}$/);
    fc.assert(
      fc.property(piece, piece, piece, fc.boolean(), (before, line, after, shell) => {
        const text = `${before}\n${line}\n${after}`;
        const start = before.length + 1;
        const alone = tokenizeLine(line, shell);
        const inPlace = tokenizeRange(text, start, start + line.length, shell);
        expect(inPlace).toEqual(alone);
      }),
    );
    expect(tokenizeRange('x\n-A "open\n" y', 2, 10, false).error).toEqual({ col: 4, code: 'unterminated-quote' });
  });

  it('reads the lines of a text one after another with one pool as it reads each line alone', () => {
    // The pool remembers where the next quote, backslash, tab or carriage return is from one line to the next.
    const line = fc.stringMatching(/^[-a-z "'\\\t\r#]{0,16}$/);
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 6 }), fc.boolean(), (lines, shell) => {
        const text = lines.join('\n');
        const pool = new TokenPool();
        let start = 0;
        for (const one of lines) {
          const got = tokenizeRange(text, start, start + one.length, shell, pool);
          const copy = { tokens: got.tokens.map((t) => ({ ...t })), ...(got.error ? { error: got.error } : {}) };
          expect(copy).toEqual(tokenizeLine(one, shell));
          start += one.length + 1;
        }
      }),
      { numRuns: 300 },
    );
  });
});
