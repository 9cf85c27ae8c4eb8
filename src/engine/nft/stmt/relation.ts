// Relational expressions (nft(8), "RELATIONAL EXPRESSIONS"; kernel nft_cmp.c, nft_range.c, nft_bitwise.c,
// nft_lookup.c): `sel value`, `sel != value`, `sel < value`, `sel { set }`, `sel @set`, and `sel & mask == value`.
// On a bitmask type (ct state, tcp flags) the implicit operator tests for any of the listed bits, `!=` for none.
import { posOf, type Cursor } from '../cursor.ts';
import type { DataType, Scalar } from '../datatype.ts';
import type { KeyPart, NftEval, Selector, Stmt, StmtOutcome } from '../model.ts';
import type { RuleCtx, SetRef } from '../ruleContext.ts';
import { lookup, printElement, printSetArg } from '../set.ts';
import type { Token } from '../tokenize.ts';
import { keyMatches, parseKey, parseKeyPart, printBits, printKey, printKeyPart } from '../values.ts';

export type Op = 'implicit' | '==' | '!=' | '<' | '>' | '<=' | '>=';
const OPS: Op[] = ['==', '!=', '<', '>', '<=', '>='];
const BINOPS: Record<string, '&' | '|' | '^'> = { '&': '&', and: '&', '|': '|', or: '|', '^': '^', xor: '^' };

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
  const op = (t.kind === 'punct' || t.kind === 'word') && BINOPS[t.value];
  if (!op) return sel;
  c.next();
  const part = parseKeyPart(c, sel.type);
  if ('str' in part) c.unexpected(t);
  const m = part.lo;
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
      return bitmask && b.lo === b.hi ? (x & b.lo) === 0 : !(x >= b.lo && x <= b.hi);
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

export function parseRelation(c: Cursor, first: Token, sels: Selector[], ctx: RuleCtx): Stmt {
  const types = sels.map((s) => s.type);
  let op: Op = 'implicit';
  const opTok = c.peek();
  if (opTok.kind === 'punct' && (OPS as string[]).includes(opTok.value)) {
    op = opTok.value as Op;
    c.next();
  } else if (opTok.kind === 'word' && ['eq', 'ne', 'lt', 'gt', 'le', 'ge'].includes(opTok.value)) {
    op = ({ eq: '==', ne: '!=', lt: '<', gt: '>', le: '<=', ge: '>=' } as const)[opTok.value as 'eq'];
    c.next();
  }
  const text = sels.map((s) => s.text).join(' . ');
  const opText = op === 'implicit' ? '' : `${op} `;
  const read = (e: NftEval): Scalar[] | undefined => {
    const out: Scalar[] = [];
    for (const s of sels) {
      const v = s.read(e);
      if (v === undefined) return undefined;
      out.push(v);
    }
    return out;
  };
  const base = { kind: 'match', pos: posOf(first), needsConntrack: sels.some((s) => s.needsConntrack) };
  if (c.isPunct('{') || c.isPunct('@')) {
    const ref: SetRef = ctx.setArg(c, types, 'set');
    const negated = op === '!=';
    return {
      ...base,
      get text() {
        // nft turns a one-element anonymous set into a plain comparison, and lists it so.
        const one = ref.set?.anonymous && ref.set.elements.length === 1 ? ref.set.elements[0] : undefined;
        const arg = one ? printKey(types, one.key) : printSetArg(ref);
        return `${text} ${negated ? '!= ' : ''}${arg}`;
      },
      exec(e) {
        const v = read(e);
        if (!v || !ref.set) return { kind: 'break' };
        const el = lookup(ref.set, v, e);
        const ok = (el !== undefined) !== negated;
        return {
          kind: ok ? 'next' : 'break',
          explain: {
            id: el ? 'nft.set-hit' : 'nft.set-miss',
            params: {
              expr: text,
              value: printKey(types, v.map(asPart)),
              set: ref.set.anonymous ? '{…}' : `@${ref.name}`,
              element: el ? printElement(ref.set, el) : '',
            },
            matched: ok,
          },
        };
      },
    };
  }
  const key = parseKey(c, types);
  // `tcp flags syn / syn,ack`: the listed bits under a mask.
  let mask: number | undefined;
  if (c.isWord('/') && sels.length === 1) {
    c.next();
    const m = parseKeyPart(c, types[0]!);
    if (!('str' in m)) mask = m.lo;
  }
  const bitmask = sels.length === 1 && types[0]!.bitmask === true && !sels[0]!.masked && mask === undefined;
  const valueText = printKey(types, key) + (mask !== undefined ? ` / ${printBits(types[0]!, mask)}` : '');
  // nft lists `tcp flags & (syn | ack) == syn` as `tcp flags syn / syn,ack` (a flag test under a mask).
  const m = sels.length === 1 ? sels[0]!.masked : undefined;
  const asFlags =
    m && m.op === '&' && op === '==' && m.base.type.bitmask && !('str' in key[0]!) && (key[0]!.lo & ~m.mask) === 0;
  const printed = asFlags
    ? `${m.base.text} ${printBits(m.base.type, (key[0] as { lo: number }).lo)} / ${printBits(m.base.type, m.mask)}`
    : `${text} ${opText}${valueText}`;
  return {
    ...base,
    text: printed,
    exec(e): StmtOutcome {
      const v = read(e);
      if (!v) return { kind: 'break', explain: { id: 'nft.absent', params: { expr: text }, matched: false } };
      let ok: boolean;
      if (mask !== undefined) ok = ((Number(v[0]) & mask) === (key[0] as { lo: number }).lo) !== (op === '!=');
      else if (key.length > 1) ok = keyMatches(key, v) !== (op === '!=');
      else ok = compare(op, v[0]!, key[0]!, bitmask);
      return {
        kind: ok ? 'next' : 'break',
        explain: {
          id: 'nft.compare',
          params: { expr: text, op: opText.trim() || '==', value: valueText, actual: printKey(types, v.map(asPart)) },
          matched: ok,
        },
      };
    },
  };
}

function asPart(v: Scalar): KeyPart {
  return typeof v === 'number' ? { lo: v, hi: v } : { str: v, wildcard: false };
}
