// Expressions and constants as `nft -j` lists them (libnftables-json(5), "EXPRESSIONS"; nftables src/json.c):
// selectors become `{"payload": …}`, `{"meta": …}`, `{"ct": …}`, `{"fib": …}`, `{"numgen": …}`; constants are JSON
// numbers for integer types (ports, marks: integer_type_json), strings for addresses and symbols (tcp,
// established), `{"prefix": …}` and `{"range": […]}` for intervals, `{"concat": […]}` for concatenations.
import { formatIPv4 } from '../../net/ipv4.ts';
import { eachBit } from '../stmt/relation.ts';
import type { DataType } from '../datatype.ts';
import type { ElementData, KeyPart, NftElement, NftSet, Selector, Verdict } from '../model.ts';
import type { Json } from './jansson.ts';

/** json.c fib_expr_json: the flags in bit order (NFTA_FIB_F_SADDR, DADDR, MARK, IIF, OIF). */
const FIB_FLAGS = ['saddr', 'daddr', 'mark', 'iif', 'oif'];
/** Keys nft lists without `meta` (nft(8), "META EXPRESSIONS"). */
const BARE_META = new Set(['mark', 'iifname', 'oifname', 'iif', 'oif']);

/** One selector, from the words nft lists it with (`ip saddr`, `meta l4proto`, `ct original ip saddr`). */
export function selectorJson(sel: Selector, names?: RawNames): Json {
  if (sel.masked) {
    const { op, mask, base } = sel.masked;
    return { [op]: [selectorJson(base, names), scalarJson(base.type, mask, false)] };
  }
  // A raw payload: the field nft names it by (fold.ts), else json.c payload_expr_json with no protocol (`@th,0,32
  // 0x20001`, bits nft cannot name).
  if (sel.raw) {
    const named = names?.get(sel.text);
    if (named) return selectorJson(named);
    return { payload: { base: sel.raw.base, offset: sel.raw.offset, len: sel.raw.len } };
  }
  const w = sel.text.split(' ');
  switch (w[0]) {
    case 'meta':
      return { meta: { key: w[1]! } };
    case 'ct': {
      // json.c ct_expr_json: the key (`ip saddr` for an address of a direction), then `dir` when one is given.
      const dir = w[1] === 'original' || w[1] === 'reply' ? w[1] : undefined;
      const key = w.slice(dir ? 2 : 1).join(' ');
      return { ct: dir ? { key, dir } : { key } };
    }
    case 'fib': {
      const flags = w.slice(1, -1).filter((x) => x !== '.');
      return {
        fib: {
          result: w[w.length - 1]!,
          flags: FIB_FLAGS.filter((f) => flags.includes(f)),
        },
      };
    }
    case 'numgen': {
      const at = (k: string) => (w.includes(k) ? Number(w[w.indexOf(k) + 1]) : 0);
      return { numgen: { mode: w[1]!, mod: at('mod'), offset: at('offset') } };
    }
    default:
      if (w.length === 1 && BARE_META.has(w[0]!)) return { meta: { key: w[0]! } };
      return { payload: { protocol: w[0]!, field: w[1]! } };
  }
}

/** Selectors joined by `.`: one, or `{"concat": […]}` (json.c concat_expr_json). */
export function selectorsJson(sels: Selector[], names?: RawNames): Json {
  return sels.length === 1 ? selectorJson(sels[0]!, names) : { concat: sels.map((s) => selectorJson(s, names)) };
}

/** Raw payloads the listing names by a field (`@nh,72,8` as `ip protocol`), by their text (listing.ts ListedStmt.json). */
export type RawNames = ReadonlyMap<string, Selector>;

/**
 * One value of a type. Integer types are numbers (json.c integer_type_json); addresses, interface names and symbolic
 * constants are strings (datatype_json, symbolic_constant_json); `inRange`: range_expr_json lists protocols by number.
 */
function scalarJson(type: DataType, v: number, inRange: boolean): Json {
  if (type.name === 'ipv4_addr') return formatIPv4(v);
  if (inRange) return boundJson(type, v);
  if (type.bitmask && type.symbols && !inRange) {
    const names = Object.entries(type.symbols)
      .filter(([, bit]) => bit && (v & bit) === bit)
      .map(([name]) => name);
    if (names.length && names.reduce((a, n) => a | type.symbols![n]!, 0) === v)
      return names.length === 1 ? names[0]! : names;
  }
  const printed = inRange ? String(v) : type.print(v);
  return /^(0x[0-9a-f]+|-?\d+)$/i.test(printed) ? Number(printed) : printed;
}

/**
 * A bound of a range (json.c range_expr_json): protocols and services by number (it sets NUMERIC_PROTO and clears
 * SERVICE), any other bound by its name when it has one (symbolic_constant_json), else a number. Checked with nft
 * 1.0.6: `icmp type 0-8` is ["echo-reply", "echo-request"], `tcp flags 2-16` ["syn", "ack"], `ip dscp 1-3`
 * ["lephb", 3]; but the 32-bit host-order types (ct state, ct status, fib_addrtype) are numbers, [2, 4]: their bound
 * comes back from the kernel in the range's byte order, so no symbol matches it.
 */
function boundJson(type: DataType, v: number): Json {
  if (type.symbols && type.bits <= 8 && type.name !== 'inet_proto')
    for (const [name, value] of Object.entries(type.symbols)) if (value === v) return name;
  return v;
}

/** One component of a key: a value, a prefix, a range, or a string (`eth*` keeps its star). */
export function partJson(type: DataType, p: KeyPart): Json {
  if ('str' in p) {
    // `fib … oif missing` is the boolean false (nft's boolean type, boolean_type_json).
    if (p.str === '' && !p.wildcard && type.name === 'ifname') return false;
    return p.wildcard ? `${p.str}*` : p.str;
  }
  if (p.lo === p.hi) return scalarJson(type, p.lo, false);
  if (type.name === 'ipv4_addr') {
    const size = p.hi - p.lo + 1;
    const len = 32 - Math.log2(size);
    if (Number.isInteger(len) && p.lo % size === 0) return { prefix: { addr: formatIPv4(p.lo), len } };
  }
  return intervalJson(type, p);
}

/** json.c range_expr_json: `{"range": [lo, hi]}`, protocols by number. */
export function intervalJson(type: DataType, p: { lo: number; hi: number }): Json {
  return { range: [scalarJson(type, p.lo, true), scalarJson(type, p.hi, true)] };
}

export function keyJson(types: DataType[], key: KeyPart[]): Json {
  if (key.length === 1) return partJson(types[0]!, key[0]!);
  return { concat: key.map((p, i) => partJson(types[i] ?? types[0]!, p)) };
}

/** json.c verdict_expr_json: `{"accept": null}`, `{"jump": {"target": "chain"}}`. */
export function verdictJson(v: Verdict): Json {
  return v.kind === 'jump' || v.kind === 'goto' ? { [v.kind]: { target: v.chain } } : { [v.kind]: null };
}

function dataJson(set: NftSet, data: ElementData): Json {
  if (data.kind === 'verdict') return verdictJson(data.verdict);
  const types = Array.isArray(set.dataType) ? set.dataType : [];
  return keyJson(types, data.parts);
}

/**
 * One element (json.c set_elem_expr_json): the key, `{"elem": {"val": key, "comment": …, "counter": …}}` when it has
 * a comment or its set counts,
 * and for a map the pair `[key, data]` (mapping_expr_json).
 */
/**
 * `ct state == established,related`: nft 1.0.6 lists the constant as an OR of its bits in bit order, nested to the
 * left (`{"|": [{"|": ["established", "related"]}, "new"]}`; netlink_delinearize.c relational_binop_postprocess).
 * A bit without a name is a number (`{"|": ["established", 128]}`). Undefined for a single bit. A set's element of
 * several bits is written so too (`tcp flags { syn | ack, syn }`: `{"set": [{"|": ["syn", "ack"]}, "syn"]}`).
 */
export function bitsJson(type: DataType, v: number): Json | undefined {
  const bits = eachBit(v);
  if (bits.length < 2) return undefined;
  return bits.map((b) => partJson(type, { lo: b, hi: b })).reduce((a, n) => ({ '|': [a, n] }));
}

export function elementJson(set: NftSet, el: NftElement): Json {
  const type = set.keyTypes[0]!;
  const only = el.key.length === 1 ? el.key[0]! : undefined;
  const bits = type.bitmask && only && !('str' in only) && only.lo === only.hi ? bitsJson(type, only.lo) : undefined;
  const key = bits ?? keyJson(set.keyTypes, el.key);
  const counted = set.extra.includes('counter');
  let val: Json = key;
  if (el.comment !== undefined || counted) {
    const elem: Record<string, Json> = { val: key };
    if (el.comment !== undefined) elem.comment = el.comment;
    if (counted) elem.counter = { packets: el.counter?.packets ?? 0, bytes: el.counter?.bytes ?? 0 };
    val = { elem };
  }
  return el.data ? [val, dataJson(set, el.data)] : val;
}
