// A text read in pieces (`nflab check` reads 64 KB at a time) gives the lines of the whole text, however it is cut.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { joinPieces, LineReader, linePieces } from './pieces.ts';

/** Texts made of the characters that matter here: line ends, CR, a backslash, a BOM, a multi-byte character. */
const text = fc.string({ unit: fc.constantFrom('a', ' ', '\n', '\r', '\\', '\ufeff', '€', '*'), maxLength: 60 });

/** The text cut at arbitrary offsets (some pieces empty). */
const cut = text.chain((t) =>
  fc.array(fc.integer({ min: 0, max: t.length }), { maxLength: 8 }).map((cuts) => {
    const at = [0, ...cuts.sort((a, b) => a - b), t.length];
    return { text: t, pieces: at.slice(1).map((end, k) => t.slice(at[k], end)) };
  }),
);

function readAll(pieces: Iterable<string>): string[] {
  const reader = new LineReader(pieces);
  const lines: string[] = [];
  while (!reader.ended) lines.push(reader.readLine());
  return lines;
}

describe('a text read in pieces', () => {
  it('gives the lines text.split gives, wherever it is cut', () =>
    fc.assert(
      fc.property(cut, ({ text, pieces }) => {
        expect(readAll(pieces)).toEqual(text.split('\n'));
      }),
    ));

  it('gives the same lines as ranges of what it read (nextLine), read alone or between readLine calls', () =>
    fc.assert(
      fc.property(cut, fc.array(fc.boolean()), ({ text, pieces }, ranged) => {
        const reader = new LineReader(pieces);
        const lines: string[] = [];
        for (let k = 0; !reader.ended; k++) {
          if (ranged[k] === false) lines.push(reader.readLine());
          else {
            reader.nextLine();
            lines.push(reader.text.slice(reader.start, reader.end));
          }
        }
        expect(lines).toEqual(text.split('\n'));
      }),
    ));

  it('is cut again at line ends only: each piece but the last ends one line, together they are the text', () =>
    fc.assert(
      fc.property(cut, ({ text, pieces }) => {
        const lines = [...linePieces(pieces)];
        expect(lines.join('')).toBe(text);
        for (const piece of lines.slice(0, -1)) expect(piece.endsWith('\n')).toBe(true);
        for (const piece of lines) expect(piece).not.toBe('');
      }),
    ));

  it('a long line over many small pieces is read in one pass (appended to, not searched again)', () => {
    const long = 'x'.repeat(300_000);
    const pieces = [...long, '\n', ...'yz'];
    expect(readAll(pieces)).toEqual([long, 'yz']);
    expect([...linePieces(pieces)]).toEqual([long + '\n', 'yz']);
  });

  it('an empty text is one empty line; no piece at all is the same', () => {
    expect(readAll([''])).toEqual(['']);
    expect(readAll([])).toEqual(['']);
    expect(joinPieces(['a\n', 'b'])).toBe('a\nb');
  });
});
