// Assignments (nft(8), "META STATEMENT", "CONNTRACK STATEMENT"; kernel nft_meta_set_eval, nft_ct_set_eval):
// `meta mark set 0x1`, `meta mark set meta mark | 0x4000`, `ct mark set meta mark`, `ct zone set 7`, and a value
// looked up in a map, `meta mark set ip saddr map { 10.0.0.1 : 0x1 }` (nft_lookup with a destination register).
import { posOf, type Cursor } from '../cursor.ts';
import type { Explanation } from '../../ext/types.ts';
import type { Scalar } from '../datatype.ts';
import type { KeyPart, NftEval, Selector, Stmt } from '../model.ts';
import { mapValueNeeded, type RuleCtx, type SetRef } from '../ruleContext.ts';
import { lookup, printElement, printSetArg } from '../set.ts';
import type { Token } from '../tokenize.ts';
import { parseKeyPart, printKey, printKeyPart } from '../values.ts';
import { mapKeyTypes } from '../expr/raw.ts';
import { missingExplanation, readKey } from './missing.ts';
import { parseBinop } from './relation.ts';

export function parseAssign(
  c: Cursor,
  first: Token,
  target: Selector,
  selectorAt: (c: Cursor) => Selector | undefined,
  ctx: RuleCtx,
): Stmt {
  const setTok = c.peek(-1);
  if (!target.assign) c.fail(setTok, `syntax error, unexpected set`);
  const sourceStart = c.peek().start;
  let source = selectorAt(c);
  let mapped: MapSource | undefined;
  let keysRead: Selector[] | undefined;
  if (source) {
    const keys = [source];
    while (c.isWord('.') && c.peek(1).kind === 'word') {
      c.next();
      keys.push(selectorAt(c) ?? c.unexpected(c.peek()));
    }
    if (keys.length > 1 || c.isWord('map')) {
      if (!c.eatWord('map')) c.unexpected(c.peek(), 'map');
      const ref = ctx.setArg(c, mapKeyTypes(keys.map((k) => k.type)), 'map', [target.type]);
      keysRead = keys;
      mapped = mapLookup(keys, mapValueNeeded(c, ref, sourceStart, [target.type]), target);
      source = mapped;
    } else source = parseBinop(c, source);
  } else {
    const part = parseKeyPart(c, target.type);
    if ('str' in part) c.unexpected(c.peek(-1));
    const v = part.lo;
    source = { text: printKeyPart(target.type, part), type: target.type, read: () => v };
    source = parseBinop(c, source);
  }
  const from = source;
  const text = source.text;
  const assign = target.assign!;
  return {
    kind: 'assign',
    text: `${target.text} set ${text}`,
    pos: posOf(first),
    reads: keysRead,
    needsConntrack: target.needsConntrack || from.needsConntrack,
    exec(e) {
      const v = mapped ? mapped.valueOrWhy(e) : from.read(e);
      if (typeof v === 'object') return { kind: 'break', explain: v };
      // A source field the packet gives no value for stops the rule (nft_payload_eval: NFT_BREAK).
      if (v === undefined) return { kind: 'break', explain: missingExplanation(from, e) };
      if (typeof v !== 'number') return { kind: 'break' };
      const out = assign(e, v);
      return { ...out, explain: { id: 'nft.assign', params: { expr: target.text, value: v }, matched: true } };
    },
  };
}

interface MapSource extends Selector {
  /**
   * The value of the element holding the packet's key, or why there is none (no element, or a key field the packet
   * gives no value for). The key is read once: a `numgen` key counts or draws on every read.
   */
  valueOrWhy(e: NftEval): number | Explanation;
}

/**
 * `ip saddr map { 10.0.0.1 : 0x1 }`: the value of the element holding the packet's key. No element, or a key field
 * the packet lacks, ends the rule (nft_lookup_eval: NFT_BREAK), so the target keeps its value.
 */
function mapLookup(keys: Selector[], ref: SetRef, target: Selector): MapSource {
  const keyText = keys.map((k) => k.text).join(' . ');
  const valueOrWhy = (e: NftEval): number | Explanation => {
    const v = readKey(keys, e);
    if (!Array.isArray(v)) return missingExplanation(v, e);
    const set = ref.set;
    if (!set) return { id: 'nft.absent', params: { expr: keyText }, matched: false };
    const el = lookup(set, v, e);
    const data = el?.data;
    if (data?.kind === 'value' && !('str' in data.parts[0]!)) return data.parts[0]!.lo;
    return {
      id: el ? 'nft.set-hit' : 'nft.set-miss',
      params: {
        expr: keyText,
        value: printKey(ref.keyTypes, v.map(asPart)),
        set: set.anonymous ? '{…}' : `@${ref.name}`,
        element: el ? printElement(set, el) : '',
      },
      matched: false,
    };
  };
  return {
    // An anonymous map is read in place; a named one is listed by its name (`@m`) whenever it is linked.
    text: `${keyText} map ${printSetArg(ref)}`,
    type: target.type,
    needsConntrack: keys.some((k) => k.needsConntrack === true),
    read(e) {
      const v = valueOrWhy(e);
      return typeof v === 'number' ? v : undefined;
    },
    valueOrWhy,
  };
}

const asPart = (v: Scalar): KeyPart => (typeof v === 'number' ? { lo: v, hi: v } : { str: v, wildcard: false });
