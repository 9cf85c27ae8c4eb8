// Variables of `nft -f` files (nft(8), "VARIABLES"): `define name = value`, `redefine name = value`,
// `undefine name`, and `$name` wherever a value may stand (`tcp dport $ports`, `elements = $nets`,
// `ip daddr { $web, 1.1.1.1 }`). They are expanded between the scanner and the parser, as tokens: a value keeps the
// position of its definition, so an error in it is reported there, as nft does (`define p = 70000` → "Service out of
// range" at 70000). A variable lives in the block it is defined in (a table or chain body) and the blocks inside it
// (nftables scope_alloc per block); nft 1.0.6's messages: "unknown identifier 'x'" at the name after `$`,
// "redefinition of symbol 'x'" at the name of a second `define`.
import { NftError, posOf, unexpectedMessage, type TokenSource } from './cursor.ts';
import type { Token } from './tokenize.ts';

const DEFINERS = new Set(['define', 'redefine', 'undefine']);
/** What may join two parts of a value: a concatenation, a range, a list of bits, a bit union. */
const JOINERS = new Set(['.', '-', ',', '|', '/']);

export class DefineExpander implements TokenSource {
  /** Variables per open block, innermost last (the first is the file's). */
  private readonly scopes: Map<string, Token[]>[] = [new Map()];
  /** Tokens of a variable being expanded, handed out before the scanner's next one. */
  private readonly queue: Token[] = [];
  private queued = 0;
  /** The last token handed out ended a statement (or none was): `define` may start here. */
  private atStart = true;

  constructor(private readonly tokens: TokenSource) {}

  next(): Token {
    for (;;) {
      const t = this.queued < this.queue.length ? this.queue[this.queued++]! : this.raw();
      if (t.kind === 'word' && this.atStart && DEFINERS.has(t.value)) {
        this.definition(t);
        continue;
      }
      if (t.kind === 'punct') {
        if (t.value === '{') this.scopes.push(new Map());
        else if (t.value === '}' && this.scopes.length > 1) this.scopes.pop();
      }
      this.atStart = t.kind === 'nl' || (t.kind === 'punct' && (t.value === ';' || t.value === '{' || t.value === '}'));
      return t;
    }
  }

  /** The scanner's next token, with `$name` replaced by the variable's tokens. */
  private raw(): Token {
    if (this.queued === this.queue.length && this.queued > 0) {
      this.queue.length = 0;
      this.queued = 0;
    }
    const t = this.tokens.next();
    if (t.kind !== 'punct' || t.value !== '$') return t;
    const name = this.tokens.next();
    if (name.kind !== 'word' || name.start !== t.end) throw new NftError("syntax error, unexpected '$'", posOf(t));
    const value = this.lookup(name.value);
    if (!value) throw new NftError(`unknown identifier '${name.value}'`, posOf(name));
    this.queue.push(...value.slice(1));
    return value[0]!;
  }

  private lookup(name: string): Token[] | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const v = this.scopes[i]!.get(name);
      if (v) return v;
    }
    return undefined;
  }

  /** `define name = value` up to the end of its line or `;` (the terminator is left for the parser). */
  private definition(verb: Token): void {
    const name = this.raw();
    if (name.kind !== 'word') throw new NftError(unexpectedMessage(name, 'string'), posOf(name));
    const scope = this.scopes[this.scopes.length - 1]!;
    if (verb.value === 'undefine') {
      scope.delete(name.value);
      this.pushBack(this.raw());
      return;
    }
    if (verb.value === 'define' && scope.has(name.value))
      throw new NftError(`redefinition of symbol '${name.value}'`, posOf(name));
    const eq = this.raw();
    if (eq.kind !== 'punct' || eq.value !== '=') throw new NftError(unexpectedMessage(eq, "'='"), posOf(eq));
    scope.set(name.value, this.value());
  }

  /** One value: parts joined by `.`, `-`, `,`, `|` or `/`; a part is a word, a string or a `{ … }` or `( … )` group. */
  private value(): Token[] {
    const out: Token[] = [];
    for (;;) {
      const part = this.raw();
      if (part.kind === 'nl' || part.kind === 'eof' || (part.kind === 'punct' && !'{('.includes(part.value)))
        throw new NftError(unexpectedMessage(part), posOf(part));
      out.push(part);
      if (part.kind === 'punct') this.group(out);
      const after = this.raw();
      if (isWordOrPunct(after) && JOINERS.has(after.value)) {
        out.push(after);
        continue;
      }
      if (after.kind !== 'nl' && after.kind !== 'eof' && !(after.kind === 'punct' && after.value === ';'))
        throw new NftError(unexpectedMessage(after, 'newline or semicolon'), posOf(after));
      this.pushBack(after);
      return out;
    }
  }

  /** The rest of a `{ … }` or `( … )` group, nested groups and newlines inside included. */
  private group(out: Token[]): void {
    let depth = 1;
    while (depth > 0) {
      const t = this.raw();
      if (t.kind === 'eof') throw new NftError(unexpectedMessage(t), posOf(t));
      if (t.kind === 'punct' && (t.value === '{' || t.value === '(')) depth++;
      if (t.kind === 'punct' && (t.value === '}' || t.value === ')')) depth--;
      out.push(t);
    }
  }

  private pushBack(t: Token): void {
    this.queue.splice(this.queued, 0, t);
  }
}

const isWordOrPunct = (t: Token) => t.kind === 'word' || t.kind === 'punct';
