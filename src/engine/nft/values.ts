// Constants as nft reads them against the type of the expression they are compared with: single values, ranges
// (`80-90`, `10.0.2.100-10.0.2.120`), prefixes (`10.0.0.0/8`), bit lists (`established,related`, `(syn | ack)`),
// concatenations (`10.0.2.2 . tcp . 80`) and verdicts; and how each is printed back.
import { formatIPv4 } from '../net/ipv4.ts';
import { Cursor, NftError, posOf } from './cursor.ts';
import type { DataType, Scalar } from './datatype.ts';
import type { KeyPart, Verdict } from './model.ts';
import type { Token } from './tokenize.ts';
import { tokenName } from './tokenName.ts';

/**
 * V8 stores an object field that has held a fraction or a number past 2^31 (172.30.0.10 is 2,887,647,242) as a double
 * in a box of its own, and from then on boxes that field in every object of the same shape: each `{ lo, hi }` would
 * carry two 16-byte boxes, 120,000 of them in a 10,000-service ruleset. A field that has held something other than a
 * number keeps small integers in place and a large one as a shared number (`{ lo: v, hi: v }`: one box). This first
 * `{ lo, hi }` made, before any other, gives the shape such fields.
 */
const TAGGED_FIELDS = { lo: null as unknown, hi: null as unknown };
void TAGGED_FIELDS;

function scalar(c: Cursor, t: Token, type: DataType, text = t.value): Scalar {
  const v = type.parse(text);
  if (v !== undefined && typeof v !== 'object') return v;
  // A keyword is a token of its own to nft's parser (`tcp dport counter`: "unexpected counter"); any other word is a
  // symbol the type could not read.
  if (t.kind === 'word' && tokenName(text) === text) c.unexpected(t);
  if (v === undefined) c.fail(t, type.parseError ?? `Could not parse ${type.desc}`);
  c.fail(t, v.error);
}

/** One component: a value, a range or a prefix (numbers), or an interface name (strings, `eth*` a prefix). */
export function parseKeyPart(c: Cursor, type: DataType): KeyPart {
  const t = c.peek();
  if (type.string) {
    if (t.kind !== 'word' && t.kind !== 'string') c.unexpected(t);
    c.next();
    const wildcard = t.value.endsWith('*');
    const str = String(scalar(c, t, type, wildcard ? t.value.slice(0, -1) : t.value));
    return { str, wildcard };
  }
  if (type.bitmask && c.isPunct('(')) {
    c.next();
    let bits = 0;
    do bits |= Number(scalar(c, c.word(), type));
    while (c.eatPunct('|'));
    c.expectPunct(')');
    return { lo: bits, hi: bits };
  }
  if (t.kind !== 'word' && t.kind !== 'string') c.unexpected(t);
  c.next();
  const text = t.value;
  const direct = type.parse(text);
  if (direct !== undefined && typeof direct !== 'object') {
    let v = Number(direct);
    // `established,related` and `syn | ack`: a list of bits is their union (a bitmask constant, not a set); inside
    // `{ … }` a comma separates elements, so there only `|` joins (nftables src/parser_bison.y: a flag list is a
    // basic_rhs_expr `|` chain, or a comma list outside a set).
    while (type.bitmask && isBitJoin(c)) {
      c.next();
      v |= Number(scalar(c, c.word(), type));
    }
    return { lo: v, hi: v };
  }
  const slash = text.indexOf('/');
  if (slash > 0 && type.name === 'ipv4_addr') {
    const addr = Number(scalar(c, t, type, text.slice(0, slash)));
    const len = Number(text.slice(slash + 1));
    if (!/^\d+$/.test(text.slice(slash + 1)) || len > 32) c.fail(t, `Invalid prefix length ${text.slice(slash + 1)}`);
    const mask = len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
    const lo = (addr & mask) >>> 0;
    return { lo, hi: (lo | (~mask >>> 0)) >>> 0 };
  }
  const dash = findRangeDash(text);
  if (dash > 0) {
    const lo = Number(scalar(c, t, type, text.slice(0, dash)));
    const hi = Number(scalar(c, t, type, text.slice(dash + 1)));
    if (hi < lo) c.fail(t, 'Range has zero or negative size');
    return { lo, hi };
  }
  if (c.isWord('-') && c.peek(1).kind === 'word') {
    c.next();
    const hiTok = c.word();
    return { lo: Number(scalar(c, t, type)), hi: Number(scalar(c, hiTok, type)) };
  }
  const v = Number(scalar(c, t, type));
  return { lo: v, hi: v };
}

/**
 * Whether the next constant is written as a range (`80-90`, `0-0`, `1.1.1.0-1.1.1.255`), not read. nft compares with
 * a range expression (nft_range) and lists it as one even when it is a single value or a prefix (nft 1.0.6 lists
 * `udp sport 0-0` and `ip saddr 1.1.1.0-1.1.1.255` as written).
 */
export function isRangeAhead(c: Cursor, type: DataType): boolean {
  const t = c.peek();
  if (type.string || t.kind !== 'word') return false;
  const direct = type.parse(t.value);
  if (direct !== undefined && typeof direct !== 'object') return false;
  if (type.name === 'ipv4_addr' && t.value.indexOf('/') > 0) return false;
  return findRangeDash(t.value) > 0 || (c.isWord('-', 1) && c.peek(2).kind === 'word');
}

/** `,` or `|` before another bit; inside `{ … }` a comma separates elements, so only `|` joins there. */
function isBitJoin(c: Cursor): boolean {
  if (c.peek(1).kind !== 'word') return false;
  return c.isPunct('|') || (c.isPunct(',') && c.setDepth === 0);
}

function findRangeDash(text: string): number {
  // A dash between two value characters; `-5` alone is a negative number, never a range.
  for (let i = 1; i < text.length - 1; i++) if (text[i] === '-' && /[0-9a-f.]/i.test(text[i - 1]!)) return i;
  return -1;
}

/** A constant of one type, as parseKey reads it: a small single value is the shared part. */
export function parseSingle(c: Cursor, type: DataType): KeyPart {
  const part = parseKeyPart(c, type);
  return isSmall(part) ? smallPart(part.lo) : part;
}

/** A concatenation `a . b . c` of constants of the given types. */
export function parseKey(c: Cursor, types: DataType[]): KeyPart[] {
  if (types.length === 1) {
    const part = parseKeyPart(c, types[0]!);
    return isSmall(part) ? smallKey(part.lo) : [part];
  }
  // map() makes an exact-size array (push() would leave room for 17 parts in each of 100,000 keys).
  return types.map((type, k) => {
    if (k > 0) {
      const dot = c.peek();
      if (!(dot.kind === 'word' && dot.value === '.')) c.unexpected(dot, "'.'");
      c.next();
    }
    const part = parseKeyPart(c, type);
    return isSmall(part) ? smallPart(part.lo) : part;
  });
}

/*
 * Keys are never changed once read, so a single small value (a port, a protocol, a numgen index) is one shared
 * object: a 10,000-service ruleset holds tens of thousands of `tcp`, `80` and `0`…`2` key parts. Each is made the
 * first time it is read: making all 65,536 up front cost every start of the CLI and the worker ~70 ms (mostly GC).
 */
const SMALL = 1 << 16;
const SMALL_PARTS: (KeyPart | undefined)[] = [];
const SMALL_KEYS: (KeyPart[] | undefined)[] = [];
const smallPart = (v: number): KeyPart => (SMALL_PARTS[v] ??= Object.freeze({ lo: v, hi: v }));
const smallKey = (v: number): KeyPart[] => (SMALL_KEYS[v] ??= Object.freeze([smallPart(v)]) as KeyPart[]);
const isSmall = (p: KeyPart): p is { lo: number; hi: number } =>
  !('str' in p) && p.lo === p.hi && p.lo >= 0 && p.lo < SMALL && Number.isInteger(p.lo);

/** `inSet`: an element of `{ … }`, where nft lists several bits as `syn | ack` (a comma would end the element). */
export function printKeyPart(type: DataType, p: KeyPart, inSet = false): string {
  if ('str' in p) return p.wildcard ? `"${p.str}*"` : type.print(p.str);
  if (p.lo === p.hi) {
    if (type.bitmask && type.symbols) return printBits(type, p.lo, inSet ? ' | ' : ',');
    return type.print(p.lo);
  }
  if (type.name === 'ipv4_addr') {
    const size = p.hi - p.lo + 1;
    const len = 32 - Math.log2(size);
    if (Number.isInteger(len) && p.lo % size === 0) return `${formatIPv4(p.lo)}/${len}`;
  }
  return printRange(type, p);
}

/** `lo-hi`, bounds printed numerically (nftables src/expression.c range_expr_print). */
export function printRange(type: DataType, p: { lo: number; hi: number }): string {
  const bound = type.printNumeric ?? type.print;
  return `${bound(p.lo)}-${bound(p.hi)}`;
}

export function printBits(type: DataType, v: number, separator = ','): string {
  const names: string[] = [];
  for (const [name, bit] of Object.entries(type.symbols ?? {})) if (bit && (v & bit) === bit) names.push(name);
  return names.length && names.reduce((a, n) => a | type.symbols![n]!, 0) === v ? names.join(separator) : type.print(v);
}

export function printKey(types: DataType[], key: KeyPart[], inSet = false): string {
  return key.map((p, i) => printKeyPart(types[i] ?? types[0]!, p, inSet)).join(' . ');
}

export const VERDICT_WORDS = ['accept', 'drop', 'return', 'continue', 'queue', 'jump', 'goto'];

export function parseVerdict(c: Cursor): Verdict {
  const t = c.word('verdict');
  switch (t.value) {
    case 'accept':
    case 'drop':
    case 'return':
    case 'continue':
    case 'queue':
      return { kind: t.value };
    case 'jump':
    case 'goto': {
      // The chain name may be a variable (parser_bison.y chain_expr: string or '$' identifier).
      const at = c.peek();
      if (at.kind !== 'word' && at.kind !== 'string') c.unexpected(at, "string or '$'");
      const name = c.name();
      return { kind: t.value, chain: name.value, pos: posOf(name) };
    }
    default:
      throw new NftError(`syntax error, unexpected ${t.value}`, posOf(t));
  }
}

export function printVerdict(v: Verdict): string {
  return v.kind === 'jump' || v.kind === 'goto' ? `${v.kind} ${v.chain}` : v.kind;
}

export function keyString(parts: readonly Scalar[]): string {
  return parts.join('\u0001');
}

/** Does the value (one scalar per component) fall in the element's key? */
export function keyMatches(key: KeyPart[], values: readonly Scalar[]): boolean {
  for (let i = 0; i < key.length; i++) {
    const p = key[i]!;
    const v = values[i];
    if (v === undefined) return false;
    if ('str' in p) {
      const s = String(v);
      if (p.wildcard ? !s.startsWith(p.str) : s !== p.str) return false;
    } else if (typeof v !== 'number' || v < p.lo || v > p.hi) return false;
  }
  return true;
}

export function isExact(key: KeyPart[]): boolean {
  return key.every((p) => ('str' in p ? !p.wildcard : p.lo === p.hi));
}

export function exactString(key: KeyPart[]): string {
  return keyString(key.map((p) => ('str' in p ? p.str : p.lo)));
}
