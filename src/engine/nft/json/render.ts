// The statements and expressions of a JSON rule (libnftables-json(5), "STATEMENTS", "EXPRESSIONS") written as the
// nft text they stand for: `{"match": {"op": "==", "left": {"payload": {"protocol": "tcp", "field": "dport"}},
// "right": 22}}` is `tcp dport 22`. A statement the lab does not know (an `xt` match of iptables-nft, a named
// counter, an IPv6 header) becomes one opaque token: kept, shown with its text, "not simulated".
import type { Node } from 'jsonc-parser';
import { Cursor } from '../cursor.ts';
import { nftVocabulary } from '../registry.ts';
import { selectors } from '../rule.ts';
import { Lexer } from '../tokenize.ts';
import { OPAQUE_MARK, type CommandText } from './source.ts';

/** Thrown while writing a statement strictly: something the lab's parser would not read. */
class Unknown {}
const UNKNOWN = new Unknown();

const VERDICTS = new Set(['accept', 'drop', 'continue', 'return', 'jump', 'goto', 'queue']);
const BINOPS = new Set(['&', '|', '^', '<<', '>>']);
const SAFE_WORD = /^[A-Za-z0-9_.:/*+][A-Za-z0-9_.:/*+-]*$/;

/** The value of `key` in a JSON object. */
export function member(n: Node | undefined, key: string): Node | undefined {
  if (n?.type !== 'object') return undefined;
  for (const p of n.children ?? []) if (p.children?.[0]?.value === key) return p.children[1];
  return undefined;
}

/** An object of one member, as libnftables writes every statement and expression: its key and value. */
export function single(out: CommandText, n: Node): [string, Node] {
  if (n.type !== 'object') out.fail(n, `Expected object, got ${n.type}`);
  const props = n.children ?? [];
  if (props.length !== 1) out.fail(n, 'Malformed object (too many properties)');
  const p = props[0]!;
  return [String(p.children![0]!.value), p.children![1]!];
}

export function need(out: CommandText, n: Node, key: string): Node {
  const v = member(n, key);
  if (!v) out.fail(n, `Object item not found: ${key}`);
  return v;
}

function text(out: CommandText, n: Node): string {
  if (n.type !== 'string' && n.type !== 'number') out.fail(n, `Expected string, got ${n.type}`);
  const s = String(n.value);
  if (/["\n\r]/.test(s) || s.includes(OPAQUE_MARK)) out.fail(n, `Invalid string ${JSON.stringify(s)}`);
  return s;
}

/** A name (table, chain, set), always quoted: any name nft accepts reads back, keywords included. */
export function writeName(out: CommandText, n: Node): void {
  out.own(n, () => out.write(`"${text(out, n)}" `));
}

const vocabulary = nftVocabulary();
const known = (word: string, next: string) => vocabulary.expressions[word]?.includes(next) === true;

/** Whether a selector's type is a bitmask (`ct state`, `tcp flags`): there `==` is equality, the implicit op any bit. */
const bitmaskCache = new Map<string, boolean>();
function isBitmask(selectorText: string): boolean {
  let b = bitmaskCache.get(selectorText);
  if (b === undefined) {
    try {
      const sels = selectors(new Cursor(new Lexer(selectorText)));
      b = sels.length === 1 && sels[0]!.type.bitmask === true;
    } catch {
      b = false;
    }
    bitmaskCache.set(selectorText, b);
  }
  return b;
}

export class RuleWriter {
  /** Strict: only what the lab reads (else UNKNOWN); lenient: nft's text of anything, for an opaque statement. */
  private strict = true;

  constructor(private readonly out: CommandText) {}

  private w(s: string): void {
    this.out.write(s);
  }

  private unknown(): void {
    if (this.strict) throw UNKNOWN;
  }

  /** One statement, followed by a space. */
  statement(n: Node): void {
    const out = this.out;
    const m = out.mark();
    try {
      out.own(n, () => this.stmt(n));
      return;
    } catch (e) {
      if (e !== UNKNOWN) throw e;
    }
    out.reset(m);
    let shown: string;
    this.strict = false;
    try {
      this.stmt(n);
      shown = out.since(m).trim();
    } catch {
      const [key, v] = single(out, n);
      shown = `${key} ${JSON.stringify(valueOf(v))}`;
    } finally {
      this.strict = true;
    }
    out.reset(m);
    out.own(n, () => out.opaque(shown));
  }

  private stmt(n: Node): void {
    const [key, v] = single(this.out, n);
    switch (key) {
      case 'match':
        return this.match(v);
      case 'accept':
      case 'drop':
      case 'continue':
      case 'return':
      case 'jump':
      case 'goto':
      case 'queue':
        return this.verdict(key, v);
      case 'counter':
        if (v.type === 'object' || v.type === 'null') {
          const num = (k: string) => Number(member(v, k)?.value ?? 0);
          return this.w(`counter packets ${num('packets')} bytes ${num('bytes')} `);
        }
        if (v.type !== 'string') this.unknown();
        return this.w(`counter name "${String(v.value)}" `);
      case 'quota':
        return this.quota(v);
      case 'log':
        return this.log(v);
      case 'limit':
        return this.limit(v);
      case 'notrack':
        return this.w('notrack ');
      case 'dnat':
      case 'snat':
      case 'masquerade':
      case 'redirect':
        return this.nat(key, v);
      case 'reject':
        return this.reject(v);
      case 'mangle':
        this.expr(need(this.out, v, 'key'));
        this.w(' set ');
        this.expr(need(this.out, v, 'value'));
        return this.w(' ');
      case 'vmap':
        this.expr(need(this.out, v, 'key'));
        this.w(' vmap ');
        this.expr(need(this.out, v, 'data'));
        return this.w(' ');
      case 'set':
        return this.setUpdate(v);
      case 'flow': {
        // json.c flow_offload_stmt_json: {"op": "add", "flowtable": "@ft"}.
        const ft = String(member(v, 'flowtable')?.value ?? '');
        if (String(member(v, 'op')?.value) !== 'add' || !ft.startsWith('@')) this.unknown();
        return this.w(`flow add @"${ft.slice(1)}" `);
      }
      default:
        throw UNKNOWN;
    }
  }

  /** json.c quota_stmt_json (val, val_unit, inv, used, used_unit) or objref_stmt_json (`"quota": "name"`). */
  private quota(v: Node): void {
    if (v.type === 'string') return this.w(`quota name "${String(v.value)}" `);
    if (v.type !== 'object') this.unknown();
    const text = (k: string) => String(member(v, k)?.value ?? '');
    const inv = member(v, 'inv')?.value === true ? 'over ' : '';
    const used = member(v, 'used') ? ` used ${text('used')} ${text('used_unit') || 'bytes'}` : '';
    this.w(`quota ${inv}${text('val')} ${text('val_unit') || 'bytes'}${used} `);
  }

  private match(v: Node): void {
    const out = this.out;
    const left = need(out, v, 'left');
    const right = need(out, v, 'right');
    const op = String(member(v, 'op')?.value ?? '==');
    const m = out.mark();
    this.expr(left);
    const leftText = out.since(m);
    this.w(' ');
    // libnftables writes the implicit operator as "in" on a bitmask (`ct state established,related`) and as "==" on
    // anything else; an explicit "==" on a bitmask or a masked value is printed by nft as such.
    const [leftKey] = left.type === 'object' ? single(out, left) : [''];
    if (op === '==') {
      if (BINOPS.has(leftKey) || isBitmask(leftText)) this.w('== ');
    } else if (op !== 'in') this.w(`${op} `);
    this.expr(right);
    this.w(' ');
  }

  verdict(key: string, v: Node): void {
    if (key === 'jump' || key === 'goto') {
      this.w(`${key} `);
      writeName(this.out, need(this.out, v, 'target'));
      return;
    }
    this.w(`${key} `);
  }

  private log(v: Node): void {
    this.w('log ');
    const prefix = member(v, 'prefix');
    if (prefix) this.w(`prefix "${text(this.out, prefix)}" `);
    for (const k of ['group', 'snaplen', 'queue-threshold', 'level']) {
      const x = member(v, k);
      if (x) this.w(`${k} ${text(this.out, x)} `);
    }
    const flags = member(v, 'flags');
    if (flags) {
      const list =
        flags.type === 'array' ? (flags.children ?? []).map((f) => text(this.out, f)) : [text(this.out, flags)];
      if (list.some((f) => f.includes(' '))) this.unknown();
      this.w(`flags ${list.join(',')} `);
    }
  }

  private limit(v: Node): void {
    const out = this.out;
    const rate = text(out, need(out, v, 'rate'));
    const per = text(out, member(v, 'per') ?? need(out, v, 'per'));
    const unit = member(v, 'rate_unit')?.value as string | undefined;
    const burst = Number(member(v, 'burst')?.value ?? 0);
    const over = member(v, 'inv')?.value === true ? 'over ' : '';
    if (unit === undefined || unit === 'packets') {
      // nft lists a packet limit's burst only when it is not the default 5 (NFT_LIMIT_PKT_BURST_DEFAULT).
      this.w(`limit rate ${over}${rate}/${per} ${burst && burst !== 5 ? `burst ${burst} packets ` : ''}`);
    } else {
      const burstUnit = String(member(v, 'burst_unit')?.value ?? 'bytes');
      this.w(`limit rate ${over}${rate} ${unit}/${per} ${burst ? `burst ${burst} ${burstUnit} ` : ''}`);
    }
  }

  /** `10.0.0.1`, `10.0.0.1-10.0.0.9` or `80-90` without spaces (nft's NAT target is one word). */
  private natPart(n: Node): void {
    const [key, v] = n.type === 'object' ? single(this.out, n) : ['', n];
    if (key === 'range') {
      const [lo, hi] = v.children ?? [];
      if (!lo || !hi) return this.out.fail(v, 'Invalid range');
      return this.out.own(n, () => this.w(`${text(this.out, lo)}-${text(this.out, hi)}`));
    }
    if (key !== '') this.unknown();
    this.out.own(n, () => this.w(text(this.out, v)));
  }

  private nat(key: string, v: Node): void {
    const out = this.out;
    this.w(key);
    const family = member(v, 'family');
    const addr = member(v, 'addr');
    const port = member(v, 'port');
    if (family) this.w(` ${text(out, family)}`);
    if (addr || port) this.w(' to ');
    const map = addr && addr.type === 'object' ? member(addr, 'map') : undefined;
    if (map) {
      this.expr(need(out, map, 'key'));
      this.w(' map ');
      this.expr(need(out, map, 'data'));
    } else {
      if (addr) this.natPart(addr);
      if (port) {
        this.w(':');
        this.natPart(port);
      }
    }
    const flags = member(v, 'flags');
    if (flags) {
      const list = flags.type === 'array' ? (flags.children ?? []).map((f) => text(out, f)) : [text(out, flags)];
      this.w(` ${list.join(',')}`);
    }
    this.w(' ');
  }

  private reject(v: Node): void {
    const type = member(v, 'type')?.value as string | undefined;
    const code = member(v, 'expr')?.value as string | undefined;
    if (type === undefined) return this.w('reject ');
    if (type === 'tcp reset') return this.w('reject with tcp reset ');
    if (type !== 'icmp' && type !== 'icmpx') this.unknown();
    this.w(`reject with ${type} ${code ?? 'port-unreachable'} `);
  }

  private setUpdate(v: Node): void {
    const out = this.out;
    const op = text(out, need(out, v, 'op'));
    if (op !== 'add' && op !== 'update') this.unknown();
    const set = need(out, v, 'set');
    const name = text(out, set).replace(/^@/, '');
    out.own(set, () => this.w(`${op} @"${name}" { `));
    this.expr(need(out, v, 'elem'));
    this.w(' } ');
  }

  /** An expression, a value or a set, without a trailing space. */
  expr(n: Node): void {
    this.out.own(n, () => this.exprBody(n));
  }

  private exprBody(n: Node): void {
    const out = this.out;
    switch (n.type) {
      case 'string': {
        const s = text(out, n);
        if (s.startsWith('@')) return this.w(`@"${s.slice(1)}"`);
        return this.w(SAFE_WORD.test(s) ? s : `"${s}"`);
      }
      case 'number':
        return this.w(String(n.value));
      case 'boolean':
        // The boolean type: `fib daddr oif missing`, `exthdr … exists`.
        return this.w(n.value ? 'exists' : 'missing');
      case 'array':
        // A list of bits: `ct state established,related`.
        return (n.children ?? []).forEach((c, i) => {
          if (i > 0) this.w(',');
          this.expr(c);
        });
      case 'object':
        return this.objectExpr(n);
      default:
        out.fail(n, `Unexpected ${n.type}`);
    }
  }

  private objectExpr(n: Node): void {
    const out = this.out;
    const [key, v] = single(out, n);
    switch (key) {
      case 'payload': {
        const protocol = member(v, 'protocol');
        const field = member(v, 'field');
        if (!protocol || !field) {
          // A raw payload (`@nh,96,32`) has base, offset and len.
          this.unknown();
          return this.w(
            `@${String(member(v, 'base')?.value)},${member(v, 'offset')?.value},${member(v, 'len')?.value}`,
          );
        }
        const p = text(out, protocol);
        const f = text(out, field);
        if (!known(p, f)) this.unknown();
        return this.w(`${p} ${f}`);
      }
      case 'meta': {
        const k = text(out, need(out, v, 'key'));
        if (!known('meta', k)) this.unknown();
        return this.w(`meta ${k}`);
      }
      case 'ct': {
        const k = text(out, need(out, v, 'key'));
        if (!known('ct', k)) this.unknown();
        const dir = member(v, 'dir');
        return this.w(`ct ${dir ? `${text(out, dir)} ` : ''}${k}`);
      }
      case 'fib': {
        const flags = need(out, v, 'flags');
        const list = flags.type === 'array' ? (flags.children ?? []).map((f) => text(out, f)) : [text(out, flags)];
        const addr = list.filter((f) => f === 'saddr' || f === 'daddr');
        const rest = list.filter((f) => f !== 'saddr' && f !== 'daddr');
        return this.w(`fib ${[...addr, ...rest].join(' . ')} ${text(out, need(out, v, 'result'))}`);
      }
      case 'numgen': {
        const offset = Number(member(v, 'offset')?.value ?? 0);
        const mode = text(out, need(out, v, 'mode'));
        const mod = text(out, need(out, v, 'mod'));
        return this.w(`numgen ${mode} mod ${mod}${offset ? ` offset ${offset}` : ''}`);
      }
      case 'concat':
        return (v.children ?? []).forEach((c, i) => {
          if (i > 0) this.w(' . ');
          this.expr(c);
        });
      case 'prefix':
        return this.w(`${text(out, need(out, v, 'addr'))}/${text(out, need(out, v, 'len'))}`);
      case 'range': {
        const [lo, hi] = v.children ?? [];
        if (!lo || !hi) return out.fail(v, 'Invalid range');
        this.expr(lo);
        this.w('-');
        return this.expr(hi);
      }
      case 'set':
        return this.anonymousSet(v);
      case 'map':
        this.expr(need(out, v, 'key'));
        this.w(' map ');
        return this.expr(need(out, v, 'data'));
      case 'elem':
        return this.element(n);
      default:
        if (BINOPS.has(key)) return this.binop(key, v);
        if (VERDICTS.has(key)) return this.verdict(key, v);
        this.unknown();
        return this.w(`${key} ${JSON.stringify(valueOf(v))}`);
    }
  }

  private binop(op: string, v: Node): void {
    const [a, b] = v.children ?? [];
    if (!a || !b) return this.out.fail(v, `Invalid ${op} expression`);
    if (op === '<<' || op === '>>') this.unknown();
    this.expr(a);
    this.w(` ${op} `);
    // A list of bits as a mask: `tcp flags & (syn | ack)`.
    if (b.type === 'array')
      return this.out.own(b, () => {
        this.w('(');
        (b.children ?? []).forEach((c, i) => {
          if (i > 0) this.w(' | ');
          this.expr(c);
        });
        this.w(')');
      });
    this.expr(b);
  }

  /** `{ a, b }`, `{ k : v, … }` (a map's elements are [key, value] pairs). */
  anonymousSet(v: Node): void {
    this.w('{ ');
    const items = v.type === 'array' ? (v.children ?? []) : [v];
    items.forEach((item, i) => {
      if (i > 0) this.w(', ');
      this.element(item);
    });
    this.w(' }');
  }

  /** One element: a key, `{"elem": {"val": …, "comment": …, "counter": …}}`, or a map's `[key, value]`. */
  element(item: Node): void {
    const out = this.out;
    if (item.type === 'array' && item.children?.length === 2) {
      const [key, data] = item.children as [Node, Node];
      this.element(key);
      this.w(' : ');
      return this.expr(data);
    }
    const wrapped = item.type === 'object' ? member(item, 'elem') : undefined;
    if (!wrapped) return this.expr(item);
    this.out.own(item, () => {
      this.expr(need(out, wrapped, 'val'));
      const counter = member(wrapped, 'counter');
      if (counter) {
        const num = (k: string) => Number(member(counter, k)?.value ?? 0);
        this.w(` counter packets ${num('packets')} bytes ${num('bytes')}`);
      }
      const comment = member(wrapped, 'comment');
      if (comment) this.w(` comment "${text(out, comment)}"`);
    });
  }
}

/** A node's plain value (what JSON.parse would give). */
function valueOf(n: Node): unknown {
  switch (n.type) {
    case 'object':
      return Object.fromEntries((n.children ?? []).map((p) => [p.children?.[0]?.value, valueOf(p.children![1]!)]));
    case 'array':
      return (n.children ?? []).map(valueOf);
    default:
      return n.value;
  }
}
