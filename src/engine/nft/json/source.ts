// A JSON ruleset is read as the nft commands it stands for (`add table`, `add chain`, `add rule` …): the same parser
// then builds the same model. Each piece of that command text is owned by the JSON value it was written from, and
// every token the parser sees carries that value's line and column in the JSON, so an error, a rule's position or a
// jump target points into the JSON the user wrote.
import type { Node } from 'jsonc-parser';
import { NftError } from '../cursor.ts';
import type { TokenSource } from '../cursor.ts';
import type { Pos } from '../model.ts';
import { Lexer, type Token } from '../tokenize.ts';

/** Marks a word standing for a statement the lab does not know (its text is kept aside, see opaque()). */
export const OPAQUE_MARK = '\u0001';

/** 1-based line and column of offsets in a text (binary search over its line starts). */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The position of [offset, offset + length): the end is cut at the end of the first line. */
  pos(offset: number, length: number): Pos {
    const line = this.lineOf(offset);
    const col = offset - this.starts[line]! + 1;
    const lineEnd = this.starts[line + 1] ?? Infinity;
    const end = Math.min(offset + Math.max(length, 1), lineEnd - 1 > offset ? lineEnd - 1 : offset + 1);
    return { line: line + 1, col, endCol: col + (end - offset) };
  }

  /** Offset of a 1-based line and column. */
  offset(line: number, col: number): number {
    return (this.starts[line - 1] ?? 0) + col - 1;
  }
}

interface Span {
  start: number;
  end: number;
  node: Node;
}

/** The command text being written, with the JSON value that owns each piece of it. */
export class CommandText {
  private readonly parts: string[] = [];
  private length = 0;
  private readonly spans: Span[] = [];
  private readonly opaques: string[] = [];

  constructor(
    readonly json: LineIndex,
    private readonly root: Node,
  ) {}

  write(s: string): void {
    this.parts.push(s);
    this.length += s.length;
  }

  /** Writes what `fn` writes as the text of `node` (an inner call owns its own part). */
  own<T>(node: Node, fn: () => T): T {
    const start = this.length;
    const out = fn();
    this.spans.push({ start, end: this.length, node });
    return out;
  }

  /** Where the text is now: reset() takes back what was written since. */
  mark(): { parts: number; length: number; spans: number } {
    return { parts: this.parts.length, length: this.length, spans: this.spans.length };
  }

  /** The text written since the mark. */
  since(m: ReturnType<CommandText['mark']>): string {
    return this.parts.slice(m.parts).join('');
  }

  reset(m: ReturnType<CommandText['mark']>): void {
    this.parts.length = m.parts;
    this.length = m.length;
    this.spans.length = m.spans;
  }

  /** A statement the lab does not know: one token whose text is `text`. */
  opaque(text: string): void {
    this.write(`${OPAQUE_MARK}${this.opaques.length} `);
    this.opaques.push(text);
  }

  /** The JSON position of a node. */
  posOf(node: Node): Pos {
    return this.json.pos(node.offset, node.length);
  }

  fail(node: Node, message: string): never {
    throw new NftError(message, this.posOf(node));
  }

  /** The tokens of the command text, each placed at the JSON value it was written from. */
  tokens(): TokenSource {
    const text = this.parts.join('');
    // Spans were pushed inner first (own() pushes after its body), so the first span to claim a character is the
    // innermost one holding it.
    const owner = new Int32Array(text.length + 1).fill(-1);
    this.spans.forEach((s, k) => {
      for (let i = s.start; i < s.end; i++) if (owner[i] === -1) owner[i] = k;
    });
    const lines = new LineIndex(text);
    const lexer = new Lexer(text);
    const place = (t: Token): Token => {
      const k = owner[lines.offset(t.line, t.col)] ?? -1;
      const node = k >= 0 ? this.spans[k]!.node : this.root;
      const pos = this.posOf(node);
      const placed: Token = { ...t, line: pos.line, col: pos.col, endCol: pos.endCol, pos };
      if (t.kind === 'word' && t.value.startsWith(OPAQUE_MARK)) {
        placed.kind = 'opaque';
        placed.value = this.opaques[Number(t.value.slice(1))]!;
      }
      return placed;
    };
    return { next: () => place(lexer.next()) };
  }
}
