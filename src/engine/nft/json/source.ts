// A JSON ruleset is read as the nft commands it stands for (`add table`, `add chain`, `add rule` …): the same parser
// then builds the same model. Each piece of that command text is owned by the JSON value it was written from, and
// every token the parser sees carries that value's place in the JSON, so an error, a rule's position or a
// jump target points into the JSON the user wrote.
import type { Node } from 'jsonc-parser';
import { NftError } from '../cursor.ts';
import type { TokenSource } from '../cursor.ts';
import { spanPos, type Pos } from '../position.ts';
import { Lexer, type Token } from '../tokenize.ts';

/** Marks a word standing for a statement the lab does not know (its text is kept aside, see opaque()). */
export const OPAQUE_MARK = '\u0001';

/** The position of a JSON value (never empty: an error there has something to underline). */
export const jsonPos = (offset: number, length: number): Pos => spanPos(offset, Math.max(length, 1));

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

  constructor(private readonly root: Node) {}

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
    return jsonPos(node.offset, node.length);
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
    const lexer = new Lexer(text);
    const place = (t: Token): Token => {
      const k = owner[t.start] ?? -1;
      const node = k >= 0 ? this.spans[k]!.node : this.root;
      const placed: Token = { ...t, start: node.offset, end: node.offset + Math.max(node.length, 1), placed: true };
      if (t.kind === 'word' && t.value.startsWith(OPAQUE_MARK)) {
        placed.kind = 'opaque';
        placed.value = this.opaques[Number(t.value.slice(1))]!;
      }
      return placed;
    };
    return { next: () => place(lexer.next()) };
  }
}
