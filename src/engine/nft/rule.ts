// One rule: statements up to the end of the line (or `;`), each read by its module from the registry. An expression
// starts a relation, a verdict map lookup or an assignment; expressions nft knows and the lab does not simulate are kept
// whole and shown as "not simulated".
import { NftError, posOf, type Cursor } from './cursor.ts';
import { spanPos } from './position.ts';
import type { Token } from './tokenize.ts';
import type { DataType } from './datatype.ts';
import type { NftRule, Pos, Selector, Stmt } from './model.ts';
import { parseRawPayload, rawPayloadAhead } from './expr/raw.ts';
import { transportHeader } from './expr/transportHeaders.ts';
import { makesAnonymousSet } from './handles.ts';
import { findSelector, findStatement, NOT_SIMULATED } from './registry.ts';
import type { RuleCtx } from './ruleContext.ts';
import { parseAssign } from './stmt/assign.ts';
import { parseBinop, parseRelation, protocolsMatched } from './stmt/relation.ts';
import { parseVmap } from './stmt/vmap.ts';
import { VERDICT_WORDS } from './values.ts';

/** A selector if the next word starts one (consumed), else undefined. */
export function selectorAt(c: Cursor): Selector | undefined {
  if (rawPayloadAhead(c)) return parseRawPayload(c);
  const t = c.peek();
  if (t.kind !== 'word') return undefined;
  const m = findSelector(t.value);
  if (!m) return undefined;
  c.next();
  return m.parse(c, t);
}

const KEPT_AS_TEXT = new Set(NOT_SIMULATED);

/**
 * Whether an expression the lab reads starts here: a word of NOT_SIMULATED that also names header fields (`sctp
 * dport`) starts one only with a field the lab knows (`sctp chunk data …` is kept as text).
 */
function startsExpression(c: Cursor, word: string): boolean {
  const m = findSelector(word);
  if (!m) return false;
  return !KEPT_AS_TEXT.has(word) || m.follows?.[word]?.includes(c.peek(1).value) === true;
}

/**
 * A selector alone, as a list shared by every rule that uses it (selector lists and their type lists are never
 * changed once made): one list per use would be two more objects in each of 100,000 rules.
 */
const ALONE = new WeakMap<Selector, Selector[]>();
function alone(sel: Selector): Selector[] {
  let list = ALONE.get(sel);
  if (!list) ALONE.set(sel, (list = [sel]));
  return list;
}

const TYPES = new WeakMap<Selector[], DataType[]>();
/** The types of a list of selectors (shared for a shared list). */
export function typesOf(sels: Selector[]): DataType[] {
  let types = TYPES.get(sels);
  if (!types) {
    types = sels.map((s) => s.type);
    if (sels.length === 1) TYPES.set(sels, types);
  }
  return types;
}

/** Whether `. sel` comes next: a selector's word or a raw payload (`@th,0,16 . @th,16,16`). */
const concatenationGoesOn = (c: Cursor) =>
  c.isWord('.') &&
  ((c.peek(1).kind === 'word' && findSelector(c.peek(1).value) !== undefined) || rawPayloadAhead(c, 1));

/** `sel [. sel …]`. */
export function selectors(c: Cursor): Selector[] {
  const first = c.peek();
  const sel = selectorAt(c);
  if (!sel) c.unexpected(first);
  if (!concatenationGoesOn(c)) return alone(sel);
  const out = [sel];
  while (concatenationGoesOn(c)) {
    c.next();
    out.push(selectorAt(c)!);
  }
  return out.slice();
}

function notSimulated(c: Cursor): Stmt {
  const first = c.peek();
  const pos = posOf(first);
  const opaque = first.kind === 'opaque';
  const words: string[] = [];
  // A JSON statement the lab does not know arrives as one token holding its whole text.
  if (opaque) words.push(c.next().value);
  while (!opaque && !c.atStatementEnd()) {
    const t = c.peek();
    if (
      words.length &&
      t.kind === 'word' &&
      (VERDICT_WORDS.includes(t.value) || t.value === 'counter' || t.value === 'comment')
    )
      break;
    c.next();
    words.push(t.kind === 'string' ? `"${t.value}"` : t.value);
  }
  const text = words.join(' ');
  const next = { kind: 'next' as const, explain: { id: 'nft.not-simulated', params: { expr: text }, matched: true } };
  return { kind: 'unknown', text, pos, simulated: false, exec: () => next };
}

/**
 * Two transport headers in one rule (`udp sport 1 icmp type echo-request`): nft refuses the second, "conflicting
 * protocols specified: udp vs. icmp", at that expression (nftables src/evaluate.c resolve_protocol_conflict: the
 * rule's protocol context already holds udp at the transport base). `th` names no protocol and never conflicts.
 */
function checkProtocol(c: Cursor, first: Token, sel: Selector): void {
  if (sel.header !== 'transport' || sel.proto === undefined) return;
  const proto = sel.text.split(' ')[0]!;
  // After a set of protocols nft 1.0.6 refuses any header of one protocol, naming the first other protocol written
  // (`meta l4proto { udp, tcp } udp sport 5`: "tcp vs. udp"; checked in a throw-away netns).
  const earlier = Array.isArray(c.transportProto)
    ? (c.transportProto as readonly string[]).find((p) => p !== proto)
    : (c.transportProto as string | undefined);
  if (earlier !== undefined && earlier !== proto) {
    const end = c.peek(-1);
    throw new NftError(
      `conflicting protocols specified: ${earlier} vs. ${proto}`,
      spanPos(first.start, end.end - first.start),
    );
  }
  c.transportProto = proto;
}

function expression(c: Cursor, ctx: RuleCtx): Stmt {
  const first = c.peek();
  const sels = selectors(c);
  if (sels.length === 1) checkProtocol(c, first, sels[0]!);
  if (c.eatWord('vmap')) return parseVmap(c, first, sels, ctx);
  if (c.eatWord('set')) {
    if (sels.length !== 1) c.unexpected(c.peek(-1));
    return parseAssign(c, first, sels[0]!, selectorAt, ctx);
  }
  const seen = sels.length === 1 ? parseBinop(c, sels[0]!) : undefined;
  const stmt = parseRelation(c, first, seen && seen !== sels[0] ? [seen] : sels, ctx);
  // A transport header read, or `meta l4proto tcp|udp`, allows NAT to a port later in the rule.
  const protoMatch = sels.length === 1 && (sels[0]!.text === 'meta l4proto' || sels[0]!.text === 'ip protocol');
  if (readsTransport(sels) || (protoMatch && stmt.kind === 'match')) c.transport = true;
  if (protoMatch) noteProtocols(c, stmt);
  return stmt;
}

/**
 * `meta l4proto tcp`, `ip protocol udp`, `meta l4proto { udp, tcp }`: nft's protocol context then holds those
 * protocols (evaluate.c relational_expr_pctx_update), and a header of another protocol later in the rule conflicts
 * (`meta l4proto tcp udp sport 5`: "conflicting protocols specified: tcp vs. udp"). `!=` leaves no protocol.
 */
function noteProtocols(c: Cursor, stmt: Stmt): void {
  const values = protocolsMatched(stmt);
  if (!values) return;
  // The context holds protocol descriptions: a protocol nft has no header for is "unknown" (`meta l4proto gre tcp
  // dport 5`: "unknown vs. tcp"; 58 is "icmpv6", not ipv6-icmp; checked with nft 1.0.6).
  const names = values.map((v) => transportHeader(v)?.name ?? 'unknown');
  c.transportProto = names.length === 1 ? names[0] : names;
}

/** A loop, not some() with a closure: it runs for each of 100,000 expressions. */
function readsTransport(sels: readonly Selector[]): boolean {
  for (let i = 0; i < sels.length; i++) if (sels[i]!.transport) return true;
  return false;
}

function atEndAfter(c: Cursor): boolean {
  const n = c.peek(1);
  return n.kind === 'nl' || n.kind === 'eof' || (n.kind === 'punct' && (n.value === ';' || n.value === '}'));
}

/**
 * The statements of the rule being read, reused from rule to rule (a rule's body never contains another rule). Filled
 * by index and never emptied: `length = 0` drops an array's store, and each rule would make a new one (152 bytes).
 */
const scratch: Stmt[] = [];

/** Makes the rule from its statements, `stmts[0]` … `stmts[count - 1]` (a list reused for the next rule). */
export type RuleMaker = (
  id: number,
  pos: Pos,
  stmts: readonly Stmt[],
  count: number,
  comment: string | undefined,
) => NftRule;

function eagerRule(id: number, pos: Pos, _stmts: readonly Stmt[], count: number, comment: string | undefined): NftRule {
  // No comment field in a rule without one: 80,000 kube-proxy rules have none (8 bytes each).
  if (comment === undefined) return { id, handle: 0, stmts: keep(count), pos };
  return { id, handle: 0, stmts: keep(count), pos, comment };
}

let lastAnonymousSets = 0;

/**
 * How many anonymous sets or maps the rule read last makes in the kernel (each takes a handle before the rule,
 * handles.ts): counted while its statements are at hand, before a lazy rule lets them go (lazyRule.ts).
 */
export function anonymousSetsOfLastRule(): number {
  return lastAnonymousSets;
}

function anonymousSetsIn(stmts: readonly Stmt[], count: number): number {
  let n = 0;
  for (let i = 0; i < count; i++) if (makesAnonymousSet(stmts[i]!)) n++;
  return n;
}

/** The rule: statements up to its end (the caller checks the terminator). */
export function parseRule(c: Cursor, ctx: RuleCtx, id: number, pos: Pos, make: RuleMaker = eagerRule): NftRule {
  c.transport = false;
  c.transportProto = undefined;
  let count = 0;
  let comment: string | undefined;
  let terminal: Stmt | undefined;
  while (!c.atStatementEnd()) {
    const t = c.peek();
    if (t.kind === 'word' && t.value === 'comment') {
      c.next();
      comment = c.name().value;
      continue;
    }
    if (terminal) c.fail(t, 'Statement after terminal statement has no effect');
    const raw = rawPayloadAhead(c);
    if (t.kind !== 'word' && t.kind !== 'opaque' && !raw) c.unexpected(t);
    const stmtModule = t.kind === 'word' ? findStatement(t.value) : undefined;
    let stmt: Stmt;
    if (stmtModule && !(t.value === 'add' && !c.isPunct('@', 1))) {
      c.next();
      stmt = stmtModule.parse(c, t, ctx);
    } else if (raw || (t.kind === 'word' && startsExpression(c, t.value))) stmt = expression(c, ctx);
    else if (t.kind === 'opaque' || NOT_SIMULATED.includes(t.value)) stmt = notSimulated(c);
    // nft reads an unknown word as a value (a symbol) and stumbles on what follows it (`foo;`: "unexpected semicolon").
    else c.unexpected(t.kind === 'word' && atEndAfter(c) ? c.peek(1) : t);
    if (stmt.terminal) terminal = stmt;
    scratch[count++] = stmt;
  }
  lastAnonymousSets = anonymousSetsIn(scratch, count);
  return make(id, pos, scratch, count, comment);
}

/**
 * An exact-size copy of the statements for the rule to keep. The short ones are array literals: V8 learns that what
 * a literal makes lives long and then allocates it where it stays (pretenuring), instead of copying 100,000 lists
 * from one young generation to the next.
 */
function keep(count: number): Stmt[] {
  const s = scratch;
  switch (count) {
    case 1:
      return [s[0]!];
    case 2:
      return [s[0]!, s[1]!];
    case 3:
      return [s[0]!, s[1]!, s[2]!];
    default:
      return s.slice(0, count);
  }
}
