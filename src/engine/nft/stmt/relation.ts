// Relational expressions (nft(8), "RELATIONAL EXPRESSIONS"; kernel nft_cmp.c, nft_range.c, nft_bitwise.c,
// nft_lookup.c): `sel value`, `sel != value`, `sel < value`, `sel { set }`, `sel @set`, and `sel & mask == value`.
// On a bitmask type (ct state, tcp flags) the implicit operator tests for any of the listed bits; `==` and `!=` compare
// the whole value.
import { posOf, type Cursor } from '../cursor.ts';
import type { DataType, Scalar } from '../datatype.ts';
import type { KeyPart, NftEval, Pos, Selector, Stmt, StmtOutcome } from '../model.ts';
import type { RuleCtx, SetRef } from '../ruleContext.ts';
import { typesOf } from '../rule.ts';
import { lookup, printElement, printSetArg } from '../set.ts';
import type { Token } from '../tokenize.ts';
import { missingExplanation, readKey } from './missing.ts';
import {
  isRangeAhead,
  keyMatches,
  parseKey,
  parseKeyPart,
  parseSingle,
  printBits,
  printKey,
  printKeyPart,
  printRange,
} from '../values.ts';

export type Op = 'implicit' | '==' | '!=' | '<' | '>' | '<=' | '>=';
const OPS: Op[] = ['==', '!=', '<', '>', '<=', '>='];
const BINOPS = new Map<string, '&' | '|' | '^'>([
  ['&', '&'],
  ['and', '&'],
  ['|', '|'],
  ['or', '|'],
  ['^', '^'],
  ['xor', '^'],
]);
const WORD_OPS = new Map<string, Op>([
  ['eq', '=='],
  ['ne', '!='],
  ['lt', '<'],
  ['gt', '>'],
  ['le', '<='],
  ['ge', '>='],
]);

function printValue(type: DataType, v: number): string {
  if (type.bitmask && type.symbols) {
    const names = Object.entries(type.symbols).filter(([, b]) => b && (v & b) === b);
    if (names.length > 1) return `(${names.map(([n]) => n).join(' | ')})`;
  }
  return printKeyPart(type, { lo: v, hi: v });
}

/** `sel & 0x4000`, `sel | 0x10`, `sel ^ 0x4000` (nft_bitwise): a selector seen through a constant mask. */
export function parseBinop(c: Cursor, sel: Selector): Selector {
  const t = c.peek();
  const op = (t.kind === 'punct' || t.kind === 'word') && BINOPS.get(t.value);
  if (!op) return sel;
  c.next();
  const part = parseKeyPart(c, sel.type);
  if ('str' in part) c.unexpected(t);
  return masked(sel, op, part.lo);
}

/**
 * A function of its own: closures in parseBinop would have their context allocated on every call, even for the
 * 80,000 comparisons with no operator.
 */
function masked(sel: Selector, op: '&' | '|' | '^', m: number): Selector {
  const apply =
    op === '&'
      ? (x: number) => (x & m) >>> 0
      : op === '|'
        ? (x: number) => (x | m) >>> 0
        : (x: number) => (x ^ m) >>> 0;
  return {
    ...sel,
    text: `${sel.text} ${op} ${printValue(sel.type, m)}`,
    read(e) {
      const v = sel.read(e);
      return typeof v === 'number' ? apply(v) : undefined;
    },
    masked: { op, mask: m, base: sel },
    assign: undefined,
  };
}

/** A selector, or the one it is renamed to (a masked one keeps its mask). */
function renamed(sel: Selector, renames: ReadonlyMap<Selector, Selector>): Selector {
  const to = renames.get(sel);
  if (to) return to;
  const m = sel.masked;
  const base = m && renames.get(m.base);
  return base ? masked(base, m.op, m.mask) : sel;
}

/** The bits of a value one by one, lowest first, each by its name or in hex (`established | 0x80`). */
export function eachBit(v: number): number[] {
  const out: number[] = [];
  for (let bit = 1; bit !== 0 && bit <= v; bit = (bit << 1) >>> 0) if ((v & bit) !== 0) out.push(bit);
  return out;
}

const bitsJoined = (type: DataType, v: number) =>
  eachBit(v)
    .map((b) => type.print(b))
    .join(' | ');

function compare(op: Op, a: Scalar, b: KeyPart, bitmask: boolean): boolean {
  if ('str' in b) {
    const s = String(a);
    const eq = b.wildcard ? s.startsWith(b.str) : s === b.str;
    return op === '!=' ? !eq : eq;
  }
  const x = Number(a);
  switch (op) {
    case 'implicit':
      return bitmask ? (x & b.lo) !== 0 : x >= b.lo && x <= b.hi;
    case '==':
      return x >= b.lo && x <= b.hi;
    case '!=':
      // Exact even on a bitmask: nft 1.0.6 compiles `tcp flags != rst` to `cmp neq reg 1 0x04` (nft --debug=netlink).
      return !(x >= b.lo && x <= b.hi);
    case '<':
      return x < b.lo;
    case '>':
      return x > b.hi;
    case '<=':
      return x <= b.hi;
    case '>=':
      return x >= b.lo;
  }
}

const selectorsText = (sels: Selector[]) => (sels.length === 1 ? sels[0]!.text : sels.map((s) => s.text).join(' . '));

/*
 * Statements are classes, not object literals with closures: a 10,000-service ruleset holds 100,000 of them, and a
 * class instance is a few fields sharing one prototype (a literal with a getter even turns into a slow dictionary).
 * What is the same for every instance or follows from its fields (kind, types, needsConntrack) is a getter on the
 * prototype, not a field in each of 80,000 comparisons. Printed forms are made when first asked for.
 */

function readsConntrack(sels: readonly Selector[]): boolean {
  for (let i = 0; i < sels.length; i++) if (sels[i]!.needsConntrack === true) return true;
  return false;
}

/** `sel { … }`, `sel @set`, `sel != @set`: a set lookup. */
class SetMatch implements Stmt {
  readonly kind = 'match';
  constructor(
    readonly pos: Pos,
    readonly needsConntrack: boolean,
    readonly sels: Selector[],
    private readonly ref: SetRef,
    private readonly negated: boolean,
  ) {}

  /** The one value of `sel { value }`, which nft lists as `sel value`. */
  private single(): KeyPart[] | undefined {
    const set = this.ref.set;
    return set?.anonymous && (set.written ?? set.elements.length) === 1 && this.ref.keyTypes.length === 1
      ? set.elements[0]!.key
      : undefined;
  }

  /** `sel { 80 }`, `sel != { 80 }`: nft compares with the one value (merge.ts). */
  singleValue(): { neq: boolean; value: number } | undefined {
    const p = this.sels.length === 1 ? this.single()?.[0] : undefined;
    return p && !('str' in p) && p.lo === p.hi ? { neq: this.negated, value: p.lo } : undefined;
  }

  get equals(): number | undefined {
    const key = this.negated ? undefined : this.single();
    const p = key?.[0];
    return p && !('str' in p) && p.lo === p.hi ? p.lo : undefined;
  }

  /** The values of an anonymous set of single numbers this match looks up (`meta l4proto { tcp, udp }`). */
  anonymousValues(): number[] | undefined {
    const set = this.ref.set;
    if (this.negated || !set?.anonymous || this.sels.length !== 1) return undefined;
    const out: number[] = [];
    for (const el of set.elements) {
      const p = el.key[0];
      if (!p || 'str' in p || p.lo !== p.hi) return undefined;
      out.push(p.lo);
    }
    return out;
  }

  get text(): string {
    const { ref } = this;
    // nft turns a one-element anonymous set of a single value into a plain comparison, and lists it so; a
    // concatenation keeps its set (`ip saddr . tcp dport { 1.2.3.4 . 80 }`, checked with nft 1.0.6).
    // A set written with several elements that nft merged into one stays a set (`ip saddr { 10.0.0.0/23 }`).
    const one = this.single();
    const arg = one ? printKey(ref.keyTypes, one) : printSetArg(ref);
    return `${selectorsText(this.sels)} ${this.negated ? '!= ' : ''}${arg}`;
  }

  exec(e: NftEval): StmtOutcome {
    const { ref } = this;
    const v = readKey(this.sels, e);
    if (!Array.isArray(v)) return { kind: 'break', explain: missingExplanation(v, e) };
    if (!ref.set) return { kind: 'break' };
    const el = lookup(ref.set, v, e);
    const ok = (el !== undefined) !== this.negated;
    return {
      kind: ok ? 'next' : 'break',
      explain: {
        id: el ? 'nft.set-hit' : 'nft.set-miss',
        params: {
          expr: selectorsText(this.sels),
          value: printKey(ref.keyTypes, v.map(asPart)),
          set: ref.set.anonymous ? '{…}' : `@${ref.name}`,
          element: el ? printElement(ref.set, el) : '',
        },
        matched: ok,
      },
    };
  }
}

/** What few comparisons have: a concatenation, a mask or a range (one field, undefined for the rest). */
interface CompareExtra {
  /** A concatenation's parts, first included. */
  concat: KeyPart[] | undefined;
  /** `/ mask`: the listed bits under a mask. */
  mask: number | undefined;
  /** Written as a range (`udp sport 0-0`): listed as one whatever its bounds. */
  range: boolean;
  /** `esp spi 327680/16`: the leading bits of an integer field, listed as written (prefix_expr_print). */
  prefix?: number;
}

/** `sel value`, `sel != value`, `sel < value`, `tcp flags syn / syn,ack`: a comparison with a constant. */
class Compare implements Stmt {
  /** The listed form, made when first asked for. */
  private printed: string | undefined = undefined;
  constructor(
    readonly pos: Pos,
    readonly sels: Selector[],
    private readonly op: Op,
    /** The constant's (first) part: most comparisons have one, and keep no list for it. */
    private readonly first: KeyPart,
    /** Six fields, not nine: a 10,000-service ruleset holds 80,000 comparisons, nearly all without these. */
    private readonly extra: CompareExtra | undefined,
  ) {}

  private get concat(): KeyPart[] | undefined {
    return this.extra?.concat;
  }

  private get mask(): number | undefined {
    return this.extra?.mask;
  }

  private get range(): boolean {
    return this.extra?.range === true;
  }

  private get prefix(): number | undefined {
    return this.extra?.prefix;
  }

  get kind(): 'match' {
    return 'match';
  }

  /** A single value, range or prefix: no set (a getter, not a field: 80,000 comparisons carry no extra slot). */
  get holdsAnonymousSet(): false {
    return false;
  }

  get needsConntrack(): boolean {
    return readsConntrack(this.sels);
  }

  private get types(): DataType[] {
    return typesOf(this.sels);
  }

  /** The implicit operator on a bitmask type tests for any of the bits. */
  private get bitmask(): boolean {
    const { sels } = this;
    return sels.length === 1 && sels[0]!.type.bitmask === true && !sels[0]!.masked && this.mask === undefined;
  }

  get equals(): number | undefined {
    const { op, mask, sels } = this;
    const p = this.concat ? undefined : this.first;
    const plain = (op === 'implicit' || op === '==') && mask === undefined && !sels[0]!.masked;
    return plain && p && !('str' in p) && p.lo === p.hi ? p.lo : undefined;
  }

  /** `sel 80`, `sel == 80`, `sel != 80` of a plain field (no mask, range or flag test): what nft may merge. */
  singleValue(): { neq: boolean; value: number } | undefined {
    const { op, mask, sels, bitmask } = this;
    const p = this.concat ? undefined : this.first;
    if ((op !== 'implicit' && op !== '==' && op !== '!=') || this.range || this.prefix !== undefined) return undefined;
    if (mask !== undefined || bitmask || sels.length !== 1 || sels[0]!.masked || !p || 'str' in p) return undefined;
    return p.lo === p.hi ? { neq: op === '!=', value: p.lo } : undefined;
  }

  private opText(): string {
    return this.op === 'implicit' ? '' : `${this.op} `;
  }

  /** nftables src/expression.c must_print_eq_op: `==` is listed only on a bitmask type or a masked field
   * (`ct state == new`, `meta mark & 0xff == 0x1`); `tcp dport == 80` lists as `tcp dport 80`. */
  private listedOp(): string {
    const { op, sels, types } = this;
    const p = this.concat ? undefined : this.first;
    const keep = types[0]!.bitmask === true && p !== undefined && !('str' in p) && p.lo === p.hi;
    if (op === '==' && this.severalBits() === 'or') return '';
    // A masked field compared with the implicit operator is an equality, and says so: `tcp dport & 0xff 5` is listed
    // `tcp dport & 255 == 5` (nft 1.0.6; a flag test under a mask is listed in its own form: text).
    const m = sels[0]!.masked;
    if (op === 'implicit' && m && m.base.type.bitmask !== true) return '== ';
    return op === '==' && !keep && !m ? '' : this.opText();
  }

  private valueText(): string {
    const { mask, types } = this;
    const p = this.first;
    const value =
      this.prefix !== undefined && !('str' in p)
        ? `${types[0]!.print(p.lo)}/${this.prefix}`
        : this.range && !('str' in p)
          ? printRange(types[0]!, p)
          : this.severalBits() === 'number'
            ? (types[0]!.printNumeric ?? types[0]!.print)((p as { lo: number }).lo)
            : this.severalBits() === 'or'
              ? bitsJoined(types[0]!, (p as { lo: number }).lo)
              : printKey(types, this.concat ?? [p]);
    return value + (mask !== undefined ? ` / ${printBits(types[0]!, mask)}` : '');
  }

  /**
   * Several bits compared exactly (`==`, `!=`), as nft 1.0.6 lists them: a header field as a number (`tcp flags ==
   * 0x12`: payload_match_postprocess keeps the constant); a ct field as its bits joined by `|` in bit order, with no
   * `==` (`ct state established | related`, `ct state != established | related`: relational_binop_postprocess of
   * netlink_delinearize.c turns the constant into an OR of its bits, and expression.c must_print_eq_op prints `==`
   * only before a single value). nft reads that listing back as a test for any of the bits (`ct state
   * established,related`): its own listing is not a fixed point here, and the lab lists what nft lists. The JSON
   * keeps the operator (`{"op": "==", "right": {"|": ["established", "related"]}}`): jsonText.
   */
  private severalBits(): 'number' | 'or' | undefined {
    const { op, mask, sels, types } = this;
    const p = this.concat ? undefined : this.first;
    if ((op !== '==' && op !== '!=') || mask !== undefined || !p || 'str' in p || p.lo !== p.hi) return undefined;
    const sel = sels[0]!;
    const bits = p.lo;
    if (types[0]!.bitmask !== true || sel.masked || (bits & (bits - 1)) === 0) return undefined;
    return sel.needsConntrack ? 'or' : 'number';
  }

  /** What the JSON writer reads (json/write.ts): the listed text, unless the listing lost the operator. */
  get jsonText(): string | undefined {
    if (this.severalBits() !== 'or') return undefined;
    return `${selectorsText(this.sels)} ${this.opText()}${bitsJoined(this.types[0]!, (this.first as { lo: number }).lo)}`;
  }

  get text(): string {
    if (this.printed !== undefined) return this.printed;
    const { sels, first, op } = this;
    // nft lists `tcp flags & (syn | ack) == syn` as `tcp flags syn / syn,ack` (a flag test under a mask).
    const m = sels.length === 1 ? sels[0]!.masked : undefined;
    const asFlags =
      m && m.op === '&' && op === '==' && m.base.type.bitmask && !('str' in first) && (first.lo & ~m.mask) === 0;
    return (this.printed = asFlags
      ? `${m.base.text} ${printBits(m.base.type, (first as { lo: number }).lo)} / ${printBits(m.base.type, m.mask)}`
      : `${selectorsText(sels)} ${this.listedOp()}${this.valueText()}`);
  }

  /** The constant printed by the named field's type: `@nh,72,8 < 6` lists as `ip protocol < tcp`. */
  listedAs(renames: ReadonlyMap<Selector, Selector>): string {
    const sels = this.sels.map((s) => renamed(s, renames));
    return new Compare(this.pos, sels, this.op, this.first, this.extra).text;
  }

  exec(e: NftEval): StmtOutcome {
    const { first, concat, op, mask } = this;
    const v = readKey(this.sels, e);
    if (!Array.isArray(v)) return { kind: 'break', explain: missingExplanation(v, e) };
    const expr = selectorsText(this.sels);
    let ok: boolean;
    if (mask !== undefined) ok = ((Number(v[0]) & mask) === (first as { lo: number }).lo) !== (op === '!=');
    else if (concat) ok = keyMatches(concat, v) !== (op === '!=');
    else ok = compare(op, v[0]!, first, this.bitmask);
    return {
      kind: ok ? 'next' : 'break',
      explain: {
        id: 'nft.compare',
        params: {
          expr,
          op: this.opText().trim() || '==',
          value: this.valueText(),
          actual: printKey(this.types, v.map(asPart)),
        },
        matched: ok,
      },
    };
  }
}

/**
 * The text of `sel & mask == value` (`!=`) as the lab lists it: what nft lists a raw payload off byte boundaries as,
 * by the field at the bytes it loads (`tcp sport & 4080 == 16`, fold.ts).
 */
export function maskedTestText(pos: Pos, sel: Selector, mask: number, value: number, neq: boolean): string {
  return new Compare(pos, [masked(sel, '&', mask)], neq ? '!=' : '==', { lo: value, hi: value }, undefined).text;
}

/** A comparison of one field with one number (`tcp dport 80`, `ip ttl != 3`, `tcp dport { 80 }`), as nft's
 * rule_postprocess sees it (merge.ts). */
export function singleValueTest(s: Stmt): { sel: Selector; neq: boolean; value: number } | undefined {
  if (!(s instanceof Compare || s instanceof SetMatch)) return undefined;
  const v = s.singleValue();
  return v && { sel: s.sels[0]!, ...v };
}

/**
 * The transport protocols a match on `meta l4proto` or `ip protocol` leaves in nft's protocol context: one value
 * (`meta l4proto tcp`, `== tcp`), or the values of an anonymous set (`meta l4proto { tcp, udp }`); none for `!=`.
 */
export function protocolsMatched(s: Stmt): number[] | undefined {
  if (s.equals !== undefined) return [s.equals];
  return s instanceof SetMatch ? s.anonymousValues() : undefined;
}

export function parseRelation(c: Cursor, first: Token, sels: Selector[], ctx: RuleCtx): Stmt {
  const types = typesOf(sels);
  let op: Op = 'implicit';
  const opTok = c.peek();
  if (opTok.kind === 'punct' && (OPS as string[]).includes(opTok.value)) {
    op = opTok.value as Op;
    c.next();
  } else if (opTok.kind === 'word' && WORD_OPS.has(opTok.value)) {
    op = WORD_OPS.get(opTok.value)!;
    c.next();
  }
  const pos = posOf(first);
  if (c.isPunct('{') || c.isPunct('@')) {
    const ref: SetRef = ctx.setArg(c, types, 'set');
    return new SetMatch(pos, readsConntrack(sels), sels, ref, op === '!=');
  }
  const range = sels.length === 1 && isRangeAhead(c, types[0]!);
  const concat = types.length > 1 ? parseKey(c, types) : undefined;
  const prefix = concat ? undefined : integerPrefix(c, types[0]!);
  if (prefix) {
    const extra = prefix.len === undefined ? undefined : { concat, mask: undefined, range, prefix: prefix.len };
    return new Compare(pos, sels, op, prefix.part, extra);
  }
  const value = concat ? concat[0]! : parseSingle(c, types[0]!);
  // `tcp flags syn / syn,ack`: the listed bits under a mask.
  let mask: number | undefined;
  if (c.isWord('/') && sels.length === 1) {
    c.next();
    const m = parseKeyPart(c, types[0]!);
    if (!('str' in m)) mask = m.lo;
  }
  const extra = concat || mask !== undefined || range ? { concat, mask, range } : undefined;
  return new Compare(pos, sels, op, value, extra);
}

/**
 * `327680/16` compared with an integer field (`esp spi`, as nft lists `th sport 5` after `meta l4proto esp`): the
 * values whose leading `len` bits are those of the number (parser_bison.y prefix_rhs_expr). Only whole bytes short of
 * the field: nft then loads the leading bytes alone and lists the prefix back, masked (`esp spi 327681/16` lists
 * `esp spi 327680/16`); the whole field is the number (`esp spi 1/32` lists `esp spi 1`); another length nft lists as
 * a mask (`ip length 1024/6` is `ip length & 64512 == 1024`, `esp spi 5/0` `esp spi & 0 == 0`; nft 1.0.6), which the
 * lab does not write, and refuses.
 */
function integerPrefix(c: Cursor, type: DataType): { part: KeyPart; len?: number } | undefined {
  const t = c.peek();
  // A port too: `tcp dport 20480/8`, as nft lists the leading byte of the port (`@th,16,8 80` after tcp, nft 1.0.6).
  const numeric = type.name === 'integer' || type.name === 'inet_service';
  const m = numeric && t.kind === 'word' ? /^([^/]+)\/(\d+)$/.exec(t.value) : null;
  if (!m) return undefined;
  const v = type.parse(m[1]!);
  const len = Number(m[2]);
  if (typeof v !== 'number' || len % 8 || len === 0) return undefined;
  if (len > type.bits) c.fail(t, `Prefix length ${len} is invalid for type of ${type.bits} bits width`);
  c.next();
  if (len === type.bits) return { part: { lo: v, hi: v } };
  const size = 2 ** (type.bits - len);
  const lo = v - (v % size);
  return { part: { lo, hi: lo + size - 1 }, len };
}

function asPart(v: Scalar): KeyPart {
  return typeof v === 'number' ? { lo: v, hi: v } : { str: v, wildcard: false };
}
