// What nft does with the elements of a set once they are all read (nftables src/intervals.c, set_automerge and
// set_overlap; kernel nft_set_hash.c, nft_set_pipapo.c), each checked with nft 1.0.6 in a network namespace:
// - a named set without `flags interval` refuses a prefix or a range ("You must add 'flags interval' …");
// - elements are deduplicated; in a map, the same key with another value is refused ("File exists");
// - an interval set (named with `flags interval`, or anonymous with a prefix or a range) is sorted by low end (for
//   equal lows the wider first): with `auto-merge`, and always in an anonymous set (not a map), overlapping and
//   adjacent elements are merged into one, which keeps the first one's comment; otherwise an element overlapping
//   the one before it is refused at that element, "conflicting intervals specified" (adjacent ones stay apart);
// - a concatenation with an interval part is never merged: one overlapping an earlier element is refused by the
//   kernel ("File exists").
// The set is one transaction's final contents: elements added by later `add element` commands meet the declared
// ones as nft's cache meets them, with the same message at the same element.
import { NftError } from './cursor.ts';
import type { ElementData, KeyPart, NftElement, NftSet } from './model.ts';
import { addElement, completeAnonymous } from './set.ts';
import { printKeyPart, printVerdict } from './values.ts';

type Num = { lo: number; hi: number };
const isNum = (p: KeyPart): p is Num => !('str' in p);

const EXISTS = 'Could not process rule: File exists';

function dataText(d: ElementData | undefined): string {
  if (!d) return '';
  return d.kind === 'verdict'
    ? printVerdict(d.verdict)
    : d.parts.map((p) => ('str' in p ? p.str : `${p.lo}-${p.hi}`)).join('.');
}

function sameKey(a: KeyPart[], b: KeyPart[]): boolean {
  if (a === b) return true;
  // A loop, not every() with a closure: it runs for each pair of elements of 10,000 small anonymous sets.
  for (let i = 0; i < a.length; i++) {
    const p = a[i]!;
    const q = b[i]!;
    if (p === q) continue;
    const same =
      'str' in p
        ? 'str' in q && p.str === q.str && p.wildcard === q.wildcard
        : isNum(q) && p.lo === q.lo && p.hi === q.hi;
    if (!same) return false;
  }
  return true;
}

function overlaps(a: KeyPart[], b: KeyPart[]): boolean {
  return a.every((p, i) => {
    const q = b[i]!;
    if ('str' in p || !isNum(q)) return 'str' in p && 'str' in q && p.str === q.str;
    return p.lo <= q.hi && q.lo <= p.hi;
  });
}

/** The same element twice is one; the same key of a map with another value is refused. */
function isDuplicate(set: NftSet, kept: NftElement, el: NftElement): boolean {
  if (!sameKey(kept.key, el.key)) return false;
  if (set.map && dataText(kept.data) !== dataText(el.data)) throw new NftError(EXISTS, el.pos);
  return true;
}

function requireIntervalFlag(set: NftSet): void {
  for (const el of set.elements) {
    const p = el.key.find((k) => isNum(k) && k.lo !== k.hi) as Num | undefined;
    if (!p) continue;
    const kind = printKeyPart(set.keyTypes[el.key.indexOf(p)]!, p).includes('/') ? 'prefix' : 'range';
    throw new NftError(
      `You must add 'flags interval' to your set declaration if you want to add ${kind} elements`,
      el.pos,
    );
  }
}

/** Exact keys only (a hash set): duplicates go. */
function dedupeExact(set: NftSet): NftElement[] {
  const els = set.elements;
  // The hash of exact keys already holds one entry per key: as many as elements, no duplicate.
  if (set.exact && set.exact.size + set.ranged.length === els.length) return els;
  if (!set.exact) {
    // A small anonymous set: compared pairwise, and its own list kept when nothing repeats (the usual case).
    let out: NftElement[] | undefined;
    for (let i = 0; i < els.length; i++) {
      const el = els[i]!;
      let dup = false;
      const kept = out ?? els;
      for (let k = 0; k < (out ? out.length : i) && !dup; k++) dup = isDuplicate(set, kept[k]!, el);
      if (dup) out ??= els.slice(0, i);
      else out?.push(el);
    }
    return out ?? els;
  }
  const seen = new Map<string, NftElement>();
  const out: NftElement[] = [];
  for (const el of set.elements) {
    const k = el.key.map((p) => ('str' in p ? `s${p.str}${p.wildcard ? '*' : ''}` : `n${p.lo}`)).join('\u0001');
    const kept = seen.get(k);
    if (kept && isDuplicate(set, kept, el)) continue;
    seen.set(k, el);
    out.push(el);
  }
  return out;
}

/** A concatenation with an interval part: refused when it overlaps an earlier element (nft_set_pipapo.c). */
function checkConcat(set: NftSet): NftElement[] {
  const out: NftElement[] = [];
  for (const el of set.elements) {
    const hit = out.find((kept) => overlaps(kept.key, el.key));
    if (hit && isDuplicate(set, hit, el)) continue;
    if (hit) throw new NftError(EXISTS, el.pos);
    out.push(el);
  }
  return out;
}

/** One numeric key per element: sorted, then merged (auto-merge) or refused where two overlap. */
function sortMerge(set: NftSet, merge: boolean): NftElement[] {
  const sorted = set.elements
    .map((el, i) => ({ el, i, k: el.key[0] as Num }))
    .sort((a, b) => a.k.lo - b.k.lo || b.k.hi - a.k.hi || a.i - b.i);
  const out: NftElement[] = [];
  for (const { el, k } of sorted) {
    const prev = out[out.length - 1];
    const pk = prev?.key[0] as Num | undefined;
    if (!prev || !pk || k.lo > pk.hi + (merge ? 1 : 0)) {
      out.push(el);
      continue;
    }
    if (isDuplicate(set, prev, el)) continue;
    if (!merge) throw new NftError('conflicting intervals specified', el.pos);
    if (k.hi > pk.hi) out[out.length - 1] = { ...prev, key: [{ lo: pk.lo, hi: k.hi }] };
  }
  return out;
}

function replaceElements(set: NftSet, elements: NftElement[]): void {
  if (elements === set.elements) return;
  if (elements.length === set.elements.length && elements.every((el, i) => el === set.elements[i])) return;
  const written = set.elements.length;
  set.elements = [];
  set.exact = set.anonymous ? undefined : new Map();
  set.ranged = [];
  for (const el of elements) addElement(set, el);
  if (set.anonymous) completeAnonymous(set);
  set.written = written;
}

/** Does an element have a prefix or range part? (Loops: it runs for each of 10,000 anonymous sets.) */
function hasInterval(els: NftElement[]): boolean {
  for (let i = 0; i < els.length; i++) {
    const key = els[i]!.key;
    for (let k = 0; k < key.length; k++) {
      const p = key[k]!;
      if (isNum(p) && p.lo !== p.hi) return true;
    }
  }
  return false;
}

export function settleElements(set: NftSet): void {
  const els = set.elements;
  if (els.length === 0) return;
  const ranged = hasInterval(els);
  const interval = set.anonymous ? ranged : set.flags.includes('interval');
  if (!set.anonymous && !interval && ranged) requireIntervalFlag(set);
  if (!interval) {
    if (els.length > 1) replaceElements(set, dedupeExact(set));
    return;
  }
  if (set.keyTypes.length > 1) return replaceElements(set, checkConcat(set));
  if (!els.every((el) => isNum(el.key[0]!))) return;
  const merge = !set.map && (set.anonymous || set.extra.includes('auto-merge'));
  replaceElements(set, sortMerge(set, merge));
}
