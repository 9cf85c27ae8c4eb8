// Sets and maps (nft(8), "SETS", "MAPS"; kernel nft_set_hash.c, nft_set_rbtree.c, nft_lookup.c): exact keys are
// hashed, interval elements (prefixes, ranges) are searched; an element added from the packet path lives in the
// request's dynamic part of the set.
import { dynamicElementLive } from './setDynamic.ts';
import { sortAsBitmask, sortByData, sortsAsBitmask, sortsByData } from './elementOrder.ts';
import type { Cursor } from './cursor.ts';
import { NftError, posOf } from './cursor.ts';
import { spanPos } from './position.ts';
import { tokenName } from './tokenName.ts';
import type { Token } from './tokenize.ts';
import type { DataType, Scalar } from './datatype.ts';
import type { SetRef } from './ruleContext.ts';
import { readTimeWord } from './time.ts';
import type { ElementData, KeyPart, NftElement, NftEval, NftSet, Pos } from './model.ts';
import {
  exactString,
  isExact,
  keyMatches,
  keyString,
  parseKey,
  parseKeyPart,
  parseVerdict,
  printKey,
  printVerdict,
  VERDICT_WORDS,
} from './values.ts';

/** The set flags nft reads (nft(8), "SETS"), in the order it lists them. */
export const SET_FLAGS = ['constant', 'dynamic', 'interval', 'timeout'];

const NO_WORDS: string[] = Object.freeze([]) as unknown as string[];

export function newSet(
  name: string,
  keyTypes: DataType[],
  dataType: NftSet['dataType'],
  pos: Pos,
  anonymous: boolean,
): NftSet {
  return {
    name,
    map: dataType !== undefined,
    anonymous,
    keyTypes,
    dataType,
    // Only a declared set reads flags and declaration lines (parse.ts setBody): anonymous ones, one per kube-proxy
    // service, share one empty list.
    flags: anonymous ? NO_WORDS : [],
    extra: anonymous ? NO_WORDS : [],
    elements: [],
    exact: anonymous ? undefined : new Map(),
    ranged: [],
    pos,
  };
}

/** An anonymous set this small is searched in order (kube-proxy's numgen vmaps: 10,000 of three elements). */
const SMALL_ANONYMOUS = 8;

export function addElement(set: NftSet, el: NftElement): void {
  set.elements.push(el);
  if (!set.exact) {
    if (set.elements.length <= SMALL_ANONYMOUS) {
      set.ranged.push(el);
      return;
    }
    // Grown past small: hash the exact keys from now on.
    const listed = set.ranged;
    set.exact = new Map();
    set.ranged = [];
    for (const e of listed) place(set, e);
  }
  place(set, el);
}

function place(set: NftSet, el: NftElement): void {
  if (isExact(el.key)) set.exact!.set(exactString(el.key), el);
  else set.ranged.push(el);
}

/** `{ a, b . c : verdict, … }` after its opening brace, up to and including the closing one. */
export function parseElements(c: Cursor, set: NftSet): void {
  c.setDepth++;
  try {
    for (;;) {
      skipLineEnds(c);
      if (c.eatPunct('}')) return;
      // A set inside a set (`{ 1-5, $ports }` with `define ports = { 80-90, 100 }`) is flattened into it, and a
      // mapping after it maps each of its elements (nftables src/parser_bison.y set_list_member_expr; nft 1.0.6
      // lists `{ $a : accept }`, a = { 80, 443 }, as `{ 80 : accept, 443 : accept }`).
      if (c.isPunct('{')) {
        const keys = nestedKeys(c, set.keyTypes);
        const data = set.map ? elementData(c, set) : undefined;
        for (const el of keys) addElement(set, data ? { ...el, data } : el);
        if (nextElement(c)) continue;
        return;
      }
      const pos = posOf(c.peek());
      const key = parseKey(c, set.keyTypes);
      let comment: string | undefined;
      let counter: NftElement['counter'];
      for (;;) {
        if (c.eatWord('comment')) comment = c.name().value;
        else if (c.eatWord('timeout') || c.eatWord('expires')) readTimeWord(c);
        else if (c.isWord('counter')) counter = elementCounter(c, set);
        else break;
      }
      const data = set.map ? elementData(c, set) : undefined;
      // Every field made at once: one added later gives each of 40,000 elements an out-of-object property store.
      // No comment field when there is none (nearly all of them).
      const el: NftElement =
        counter !== undefined
          ? { key, data, comment, counter, pos }
          : comment === undefined
            ? { key, data, pos }
            : { key, data, comment, pos };
      addElement(set, el);
      if (nextElement(c)) continue;
      return;
    }
  } finally {
    c.setDepth--;
    if (set.anonymous) completeAnonymous(set);
  }
}

/**
 * An element's `counter [packets N bytes N]`. A named set must be declared with `counter` to hold element counters:
 * nft 1.0.6 refuses one otherwise, "missing statement in set declaration", over the counter (checked in a netns).
 */
function elementCounter(c: Cursor, set: NftSet): { packets: number; bytes: number } {
  const first = c.next();
  const out = { packets: 0, bytes: 0 };
  while (c.isWord('packets') || c.isWord('bytes')) {
    const k = c.next().value as 'packets' | 'bytes';
    out[k] = Number(c.word('number').value) || 0;
  }
  if (!set.anonymous && !set.extra.includes('counter'))
    throw new NftError('missing statement in set declaration', spanPos(first.start, c.peek(-1).end - first.start));
  return out;
}

/** Newlines between elements: nft allows them there, but not `;` ("unexpected semicolon, expecting comma or '}'"). */
function skipLineEnds(c: Cursor): void {
  while (c.peek().kind === 'nl') c.next();
}

/** After an element: true at a comma (another follows), false at the closing brace (consumed). */
function nextElement(c: Cursor): boolean {
  skipLineEnds(c);
  if (c.eatPunct(',')) return true;
  skipLineEnds(c);
  c.expectPunct('}', "comma or '}'");
  return false;
}

/** The keys of `{ a, b, { c } }`, flattened. */
function nestedKeys(c: Cursor, types: DataType[]): NftElement[] {
  const out: NftElement[] = [];
  c.expectPunct('{');
  do {
    skipLineEnds(c);
    if (c.isPunct('}')) break;
    if (c.isPunct('{')) out.push(...nestedKeys(c, types));
    else {
      const start = c.peek();
      out.push({ key: parseKey(c, types), data: undefined, pos: posOf(start) });
    }
    skipLineEnds(c);
  } while (c.eatPunct(','));
  c.expectPunct('}', "comma or '}'");
  return out;
}

/** `: value` of a map element. */
function elementData(c: Cursor, set: NftSet): ElementData {
  if (!c.isWord(':')) c.unexpected(c.peek(), "':'");
  c.next();
  return parseData(c, set);
}

/**
 * An anonymous set is complete once read: its lists are made exact-size (push() left room for 17 elements), and a
 * small one, all of whose elements are searched in order, keeps one list for both (kube-proxy: 10,000 numgen vmaps).
 */
export function completeAnonymous(set: NftSet): void {
  set.elements = set.elements.slice();
  set.ranged = set.ranged.length === set.elements.length ? set.elements : set.ranged.slice();
}

/**
 * A verdict map's value that is no verdict, as nft 1.0.6 refuses it (checked in a netns). In a rule's `vmap { … }`
 * the grammar wants a verdict there: "syntax error, unexpected <token>". A named map's elements are read as any
 * expression, so a value (a name, a number, an address, a quoted string) is refused once evaluated, "Can't parse
 * symbolic netfilter verdict expressions" (datatype.c verdict_type_parse), over the symbol (a prefix's address only);
 * a keyword there is still a syntax error.
 */
function notAVerdict(c: Cursor, t: Token, set: NftSet): never {
  const symbol = t.kind === 'string' || (t.kind === 'word' && tokenName(t.value) !== t.value);
  if (set.anonymous || !symbol) c.unexpected(t);
  const slash = t.kind === 'word' ? t.value.indexOf('/') : -1;
  const end = slash > 0 ? t.start + slash : t.end;
  throw new NftError("Can't parse symbolic netfilter verdict expressions", spanPos(t.start, end - t.start));
}

function parseData(c: Cursor, set: NftSet): ElementData {
  if (set.dataType === 'verdict') {
    const t = c.peek();
    if (!(t.kind === 'word' && VERDICT_WORDS.includes(t.value))) notAVerdict(c, t, set);
    return { kind: 'verdict', verdict: parseVerdict(c) };
  }
  // A NAT map's value is an address, optionally with a port (`10.0.2.2 . 443`).
  const types = set.dataType ?? [];
  const parts = [parseKeyPart(c, types[0]!)];
  while (parts.length < types.length && c.isWord('.')) {
    c.next();
    parts.push(parseKeyPart(c, types[parts.length]!));
  }
  return { kind: 'value', parts };
}

export function printElement(set: NftSet, el: NftElement): string {
  let s = printKey(set.keyTypes, el.key, true);
  // A set with `counter` gives every element one (nft lists it before the comment).
  if (set.extra.includes('counter'))
    s += ` counter packets ${el.counter?.packets ?? 0} bytes ${el.counter?.bytes ?? 0}`;
  if (el.comment !== undefined) s += ` comment "${el.comment}"`;
  if (el.data) {
    s +=
      el.data.kind === 'verdict'
        ? ` : ${printVerdict(el.data.verdict)}`
        : ` : ${printKey(set.dataType as DataType[], el.data.parts, true)}`;
  }
  return s;
}

/** The element holding this key (exact keys first, then intervals, then elements added by the packet path). */
export function lookup(set: NftSet, values: readonly Scalar[], e: NftEval | undefined): NftElement | undefined {
  const key = keyString(values);
  const hit = set.exact?.get(key);
  if (hit) return hit;
  for (const el of set.ranged) if (keyMatches(el.key, values)) return el;
  if (e && !set.anonymous) {
    const dyn = e.dynamicSet(set).get(key);
    if (dyn && dynamicElementLive(dyn, e.now)) return dyn;
  }
  return undefined;
}

function comparePart(a: KeyPart, b: KeyPart): number {
  if ('str' in a || 'str' in b) return 'str' in a && 'str' in b ? (a.str < b.str ? -1 : a.str > b.str ? 1 : 0) : 0;
  return a.lo - b.lo || a.hi - b.hi;
}

/** Elements in the order `nft list` shows them, whatever the order they were added in (nft sorts them): by key, by
 * data for a concatenation or a string key, by lowest flag for a bitmask (elementOrder.ts). */
export function sortedElements(set: NftSet): NftElement[] {
  if (sortsByData(set)) return sortByData(set);
  if (sortsAsBitmask(set)) return sortAsBitmask(set);
  return [...set.elements].sort((x, y) => {
    for (let i = 0; i < x.key.length && i < y.key.length; i++) {
      const d = comparePart(x.key[i]!, y.key[i]!);
      if (d !== 0) return d;
    }
    return 0;
  });
}

/** A set argument as nft prints it: `@name`, or the anonymous set in full. */
export function printSetArg(ref: SetRef): string {
  if (!ref.set?.anonymous) return `@${ref.name}`;
  const set = ref.set;
  return `{ ${sortedElements(set)
    .map((el) => printElement(set, el))
    .join(', ')} }`;
}
