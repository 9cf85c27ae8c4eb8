// A statement as `nft -j list ruleset` lists it (libnftables-json(5), "STATEMENTS"; nftables src/json.c), read back
// from the text the lab lists it with (the statement modules keep their canonical `nft list` form, print.ts): the
// selectors, sets and constants are read with the same modules, so types decide how each value is written. The
// texts of a table's statements are read as one text, a statement a line (a scanner per statement cost more than
// all the rest: ~2 ms each for its word cache).
import { Cursor, posOf } from '../cursor.ts';
import { INET_SERVICE, IPV4_ADDR, type DataType } from '../datatype.ts';
import type { Family, KeyPart, NftSet, Selector, Stmt } from '../model.ts';
import { rawPayloadAhead } from '../expr/raw.ts';
import { selectors } from '../rule.ts';
import { newSet, parseElements } from '../set.ts';
import { eachBit, parseBinop } from '../stmt/relation.ts';
import { timeMs } from '../time.ts';
import { isRangeAhead, parseKey, parseKeyPart, parseVerdict } from '../values.ts';
import type { Json } from './jansson.ts';
import {
  elementJson,
  keyJson,
  intervalJson,
  bitsJson,
  partJson,
  selectorJson,
  selectorsJson,
  type RawNames,
  verdictJson,
} from './writeValue.ts';

/** What a statement needs of its rule's place: the family decides what a bare `reject` is. */
export interface StmtPlaceJson {
  family: Family;
  /** An earlier match of the rule reads an IPv4 header (`ip saddr …`), so the network protocol is known. */
  ipv4: boolean;
}

const OPS = new Set(['==', '!=', '<', '>', '<=', '>=']);

/** `{ … }` after its opening brace (consumed here), read as an anonymous set or map of these types. */
function anonymous(c: Cursor, keyTypes: DataType[], data?: NftSet['dataType']): NftSet {
  const open = c.next();
  const set = newSet('', keyTypes, data, posOf(open), true);
  parseElements(c, set);
  return set;
}

/** `@name`, or an anonymous set in full (json.c set_ref_expr_json). */
function setArgJson(c: Cursor, keyTypes: DataType[], data?: NftSet['dataType']): Json {
  if (c.eatPunct('@')) return `@${c.name().value}`;
  const set = anonymous(c, keyTypes, data);
  return { set: set.elements.map((el) => elementJson(set, el)) };
}

/**
 * A relation (json.c relational_expr_json): the implicit operator is `in` on a bitmask type (`ct state new`, `tcp
 * flags syn`: any of the bits) and `==` elsewhere; a flag test under a mask (`tcp flags syn / syn,ack`) is `==` on
 * `{"&": [flags, mask]}` (flagcmp_expr_json).
 */
function matchJson(c: Cursor, names?: RawNames): Json {
  const sels = selectors(c);
  const left: Selector = sels.length === 1 ? parseBinop(c, sels[0]!) : sels[0]!;
  const leftJson = sels.length === 1 ? selectorJson(left, names) : selectorsJson(sels, names);
  const types = sels.length === 1 ? [left.type] : sels.map((s) => s.type);
  let op = 'implicit';
  const t = c.peek();
  if (t.kind === 'punct' && OPS.has(t.value)) op = c.next().value;
  if (c.isPunct('@') || c.isPunct('{'))
    return { match: { op: op === 'implicit' ? '==' : op, left: leftJson, right: setArgJson(c, types) } };
  // `esp spi 327680/16`, `tcp dport 20480/8`: the leading bits of a numeric field (fold.ts), json.c prefix_expr_json.
  const numeric = types.length === 1 && (types[0]!.name === 'integer' || types[0]!.name === 'inet_service');
  const prefix = numeric ? /^(\d+)\/(\d+)$/.exec(c.peek().value) : null;
  if (prefix) {
    c.next();
    const right = { prefix: { addr: Number(prefix[1]), len: Number(prefix[2]) } };
    return { match: { op: op === 'implicit' ? '==' : op, left: leftJson, right } };
  }
  const range = types.length === 1 && isRangeAhead(c, types[0]!);
  const key = parseKey(c, types);
  const part = key[0]!;
  if (range && !('str' in part))
    return { match: { op: op === 'implicit' ? '==' : op, left: leftJson, right: intervalJson(types[0]!, part) } };
  if (c.isWord('/')) {
    c.next();
    const mask = parseKeyPart(c, types[0]!);
    return {
      match: {
        op: op === 'implicit' ? '==' : op,
        left: { '&': [leftJson, partJson(types[0]!, mask)] },
        right: keyJson(types, key),
      },
    };
  }
  const bitmask = sels.length === 1 && left.type.bitmask === true && !left.masked;
  const shown = op === 'implicit' ? (bitmask ? 'in' : '==') : op;
  // `tcp flags == syn | ack`: nft 1.0.6 keeps a header field's constant a number (18); a ct field's is an OR.
  if (bitmask && op !== 'implicit' && !('str' in part) && eachBit(part.lo).length > 1)
    return {
      match: { op: shown, left: leftJson, right: left.needsConntrack ? bitsJson(left.type, part.lo)! : part.lo },
    };
  return { match: { op: shown, left: leftJson, right: keyJson(types, key) } };
}

/** `meta mark set …`, `ct mark set meta mark`, `meta mark set meta mark | 0x4000`, `meta mark set ip saddr map { … }`
 * (json.c meta_stmt_json, ct_stmt_json). */
function mangleJson(c: Cursor, names?: RawNames): Json {
  const target = selectors(c)[0]!;
  c.next(); // set
  const source = (c.isWord() && !/^[0-9]/.test(c.peek().value)) || rawPayloadAhead(c);
  const keys = source ? selectors(c) : undefined;
  let value: Json;
  if (keys && c.eatWord('map')) {
    // `meta mark set ip saddr map { … }`: json.c map_expr_json.
    const data = setArgJson(
      c,
      keys.map((k) => k.type),
      [target.type],
    );
    value = { map: { key: selectorsJson(keys, names), data } };
  } else if (keys) value = selectorJson(parseBinop(c, keys[0]!));
  else {
    const part = parseKeyPart(c, target.type);
    value = partJson(target.type, part);
    const op = c.peek();
    if (op.kind === 'punct' && ['&', '|', '^'].includes(op.value)) {
      c.next();
      value = { [op.value]: [value, partJson(target.type, parseKeyPart(c, target.type))] };
    }
  }
  return { mangle: { key: selectorJson(target), value } };
}

function vmapJson(c: Cursor, names?: RawNames): Json {
  const sels = selectors(c);
  c.next(); // vmap
  return {
    vmap: {
      key: selectorsJson(sels, names),
      data: setArgJson(
        c,
        sels.map((s) => s.type),
        'verdict',
      ),
    },
  };
}

/** json.c log_stmt_json: prefix, group, snaplen, queue-threshold, level (not the default `warn`), flags. */
function logJson(c: Cursor): Json {
  const opts = new Map<string, string>();
  c.next();
  while (c.isWord()) {
    const opt = c.next().value;
    let v = c.next().value;
    while (opt === 'flags' && c.eatPunct(',')) v += `,${c.next().value}`;
    opts.set(opt, v);
  }
  const out: Record<string, Json> = {};
  if (opts.has('prefix')) out.prefix = opts.get('prefix')!;
  for (const k of ['group', 'snaplen', 'queue-threshold']) if (opts.has(k)) out[k] = Number(opts.get(k));
  const level = opts.get('level');
  if (level !== undefined && level !== 'warn') out.level = level;
  const flags = opts.get('flags')?.split(',');
  if (flags) out.flags = flags.length === 1 ? flags[0]! : flags;
  return { log: Object.keys(out).length ? out : null };
}

/**
 * json.c limit_stmt_json: rate, burst, per, then `inv` for `over`; a byte rate adds its units (the burst of a byte
 * rate is 0 bytes unless given).
 */
function limitJson(c: Cursor): Json {
  c.next();
  c.next(); // rate
  const inv = c.eatWord('over');
  const spec = c.next().value;
  const packets = /^(\d+)\/(\w+)$/.exec(spec);
  const out: Record<string, Json> = {};
  if (packets) {
    out.rate = Number(packets[1]);
    out.burst = c.eatWord('burst') ? Number(c.next().value) : 5;
    out.per = packets[2]!;
  } else {
    const [unit, per] = c.next().value.split('/');
    out.rate = Number(spec);
    let burst = 0;
    let burstUnit = 'bytes';
    if (c.eatWord('burst')) {
      burst = Number(c.next().value);
      if (c.isWord()) burstUnit = c.next().value;
    }
    out.burst = burst;
    out.per = per!;
    if (inv) out.inv = true;
    out.rate_unit = unit!;
    out.burst_unit = burstUnit;
    return { limit: out };
  }
  if (inv) out.inv = true;
  return { limit: out };
}

/** One flag is a string, several an array (json.c nat_stmt_add_array). */
const oneOrMany = (flags: string[]): Json => (flags.length === 1 ? flags[0]! : flags);

function rangeJson(type: DataType, text: string): Json {
  const dash = text.indexOf('-');
  const part: KeyPart =
    dash < 0
      ? { lo: Number(type.parse(text)), hi: Number(type.parse(text)) }
      : { lo: Number(type.parse(text.slice(0, dash))), hi: Number(type.parse(text.slice(dash + 1))) };
  // A NAT range is always a range expression, never folded into a prefix.
  return part.lo === part.hi
    ? partJson(type, part)
    : { range: [partJson(type, { lo: part.lo, hi: part.lo }), partJson(type, { lo: part.hi, hi: part.hi })] };
}

/** json.c nat_stmt_json: family (when written), addr, port, flags; `null` when there is none of them. */
function natJson(c: Cursor): Json {
  const kind = c.next().value;
  const out: Record<string, Json> = {};
  if (c.isWord('ip')) out.family = c.next().value;
  if (c.eatWord('to')) {
    const t = c.peek();
    const mapped = !(t.kind === 'word' && /^[0-9:]/.test(t.value));
    if (mapped) {
      const sels = selectors(c);
      c.next(); // map
      // A NAT map's value is an address, or an address and a port.
      out.addr = {
        map: {
          key: selectorsJson(sels),
          data: setArgJson(
            c,
            sels.map((s) => s.type),
            [IPV4_ADDR, INET_SERVICE],
          ),
        },
      };
    } else {
      const text = c.next().value;
      const colon = text.lastIndexOf(':');
      const addr = colon >= 0 ? text.slice(0, colon) : text;
      if (addr) out.addr = rangeJson(IPV4_ADDR, addr);
      if (colon >= 0) out.port = rangeJson(INET_SERVICE, text.slice(colon + 1));
    }
  }
  const flags: string[] = [];
  while (c.isWord()) {
    flags.push(c.next().value);
    c.eatPunct(',');
  }
  if (flags.length) out.flags = oneOrMany(flags);
  return { [kind]: Object.keys(out).length ? out : null };
}

/**
 * json.c reject_stmt_json: `reject` alone is ICMP port unreachable of the family (nftables src/evaluate.c,
 * stmt_evaluate_reject_default): icmp in ip; in inet icmpx, unless the rule already matched an IPv4 header, which
 * makes it icmp (checked with nft 1.0.6: `ip saddr 10.0.2.2-10.0.2.10 reject` in an inet table).
 */
function rejectJson(c: Cursor, place: StmtPlaceJson): Json {
  c.next();
  if (!c.eatWord('with'))
    return { reject: { type: place.family === 'ip' || place.ipv4 ? 'icmp' : 'icmpx', expr: 'port-unreachable' } };
  const kind = c.next().value;
  if (kind === 'tcp') return { reject: { type: 'tcp reset' } };
  c.eatWord('type');
  return { reject: { type: kind, expr: c.next().value } };
}

/**
 * json.c set_stmt_json: `update @name { ip saddr }`; a timeout makes the key an element object (`{"elem": {"val": …,
 * "timeout": 30}}`), and the element's statements follow as `stmt` (a counter without numbers: `{"counter": null}`),
 * as nft 1.0.6 writes them.
 */
function setUpdateJson(c: Cursor): Json {
  const op = c.next().value;
  c.expectPunct('@');
  const name = c.name().value;
  c.expectPunct('{');
  let elem = selectorsJson(selectors(c));
  if (c.eatWord('timeout')) elem = { elem: { val: elem, timeout: Math.floor(timeMs(c.next().value) / 1000) } };
  const stmts: Json[] = [];
  for (;;) {
    if (c.isWord('limit')) stmts.push(limitJson(c));
    else if (c.eatWord('counter')) stmts.push({ counter: null });
    else break;
  }
  const out: Record<string, Json> = { op, elem, set: `@${name}` };
  if (stmts.length) out.stmt = stmts;
  return { set: out };
}

/** json.c quota_stmt_json: val and val_unit, `inv` for `over`, used and used_unit when some is used. */
function quotaJson(c: Cursor): Json {
  c.next();
  // A named quota: json.c objref_stmt_json lists `{"quota": "name"}`.
  if (c.eatWord('name')) return { quota: c.name().value };
  const out: Record<string, Json> = {};
  const inv = c.eatWord('over');
  out.val = Number(c.next().value);
  out.val_unit = c.next().value;
  if (inv) out.inv = true;
  if (c.eatWord('used')) {
    out.used = Number(c.next().value);
    out.used_unit = c.next().value;
  }
  return { quota: out };
}

function counterJson(c: Cursor): Json {
  const out: Record<string, Json> = { packets: 0, bytes: 0 };
  c.next();
  if (c.eatWord('name')) return { counter: c.name().value };
  while (c.isWord('packets') || c.isWord('bytes')) {
    const k = c.next().value;
    out[k] = Number(c.next().value);
  }
  return { counter: out };
}

/** Header protocols the lab keeps as text (registry.ts NOT_SIMULATED) whose fields nft lists as payload. */
const TEXT_PAYLOADS = new Set([
  'ip6',
  'icmpv6',
  'ether',
  'vlan',
  'arp',
  'sctp',
  'dccp',
  'udplite',
  'esp',
  'ah',
  'comp',
]);

/**
 * A header match the lab keeps only as text (`ip6 saddr ::1`, `ether type arp`): `proto field [!=] value` is a
 * payload relation (json.c payload_expr_json); a number is a number, anything else a string as nft prints it.
 */
function textPayloadJson(text: string): Json | undefined {
  const m = /^(\S+) (\S+) (?:(!=) )?(\S+)$/.exec(text);
  if (!m || !TEXT_PAYLOADS.has(m[1]!) || /^[{@"]/.test(m[4]!)) return undefined;
  const value = /^\d+$/.test(m[4]!) ? Number(m[4]) : m[4]!;
  return { match: { op: m[3] ?? '==', left: { payload: { protocol: m[1]!, field: m[2]! } }, right: value } };
}

/**
 * The statement's JSON, or undefined for one the lab keeps only as text and cannot write faithfully (a quota, an
 * iptables-nft `xt` match): there is no JSON for it short of knowing it.
 */
export function stmtJson(stmt: Stmt, place: StmtPlaceJson, c: Cursor, names?: RawNames): Json | undefined {
  switch (stmt.kind) {
    case 'match':
      return matchJson(c, names);
    case 'assign':
      return mangleJson(c, names);
    case 'vmap':
      return vmapJson(c, names);
    case 'verdict': {
      const v = parseVerdict(c);
      return verdictJson(v);
    }
    case 'counter':
      return counterJson(c);
    case 'log':
      return logJson(c);
    case 'limit':
      return limitJson(c);
    case 'quota':
      return quotaJson(c);
    case 'notrack':
      return { notrack: null };
    case 'dnat':
    case 'snat':
    case 'masquerade':
    case 'redirect':
      return natJson(c);
    case 'reject':
      return rejectJson(c, place);
    case 'set-update':
      return setUpdateJson(c);
    case 'flow':
      // json.c flow_offload_stmt_json.
      return { flow: { op: 'add', flowtable: stmt.text.slice(stmt.text.indexOf('@')) } };
    default:
      return textPayloadJson(stmt.text);
  }
}
