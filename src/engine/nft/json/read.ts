// `nft -j list ruleset` output and `nft -j -f` input (libnftables-json(5)): `{"nftables": [{"metainfo": …},
// {"table": …}, {"chain": …}, {"set": …}, {"map": …}, {"element": …}, {"rule": …}]}`, or commands
// (`{"add": {"rule": …}}`, `insert`, `create`, `flush ruleset`). Each object is written as the nft command it stands
// for and read by the text parser, so the model, the printing and the trace are the text's.
import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { formatMessage, type ParseMessageId } from '../../parse/messages.ts';
import { NftError } from '../cursor.ts';
import type { Pos } from '../model.ts';
import { parseTokens, type ParseState } from '../parse.ts';
import { RuleWriter, member, need, single, writeName } from './render.ts';
import { CommandText, jsonPos } from './source.ts';

/** Named objects a listing may hold that the lab has no model for: skipped, and said so. */
const SKIPPED = new Set(['ct helper', 'ct timeout', 'ct expectation', 'limit', 'secmark', 'synproxy', 'tunnel']);

/** jsonc-parser's errors with a sentence of their own in parse.json (`nft-json-<error>`); the rest are `other`. */
const CATALOGUED = new Set([
  'InvalidSymbol',
  'ValueExpected',
  'PropertyNameExpected',
  'ColonExpected',
  'CommaExpected',
  'CloseBraceExpected',
  'CloseBracketExpected',
  'EndOfFileExpected',
  'UnexpectedEndOfString',
  'InvalidCommentToken',
]);

export interface JsonSkipped {
  pos: Pos;
  expr: string;
}

/** A text that is a JSON document rather than nft's language (which never starts with `{` or `[`). */
export function isNftJson(text: string): boolean {
  const m = /^\s*([[{])/.exec(text);
  return m !== null;
}

function family(out: CommandText, obj: Node): string {
  const f = member(obj, 'family');
  if (!f) return '';
  if (f.type !== 'string') out.fail(f, `Expected string, got ${f.type}`);
  return `${String(f.value)} `;
}

function table(out: CommandText, obj: Node, commands: boolean): void {
  out.write(`add table ${family(out, obj)}`);
  writeName(out, need(out, obj, 'name'));
  const flags = member(obj, 'flags');
  const comment = member(obj, 'comment');
  if (!commands && !flags && !comment) return;
  out.write('{ ');
  if (flags) {
    const list = flags.type === 'array' ? (flags.children ?? []) : [flags];
    if (list.length) out.own(flags, () => out.write(`flags ${list.map((f) => String(f.value)).join(',')}; `));
  }
  if (comment) out.own(comment, () => out.write(`comment "${String(comment.value)}"; `));
  out.write('}');
}

function chain(out: CommandText, obj: Node): void {
  out.write(`add chain ${family(out, obj)}`);
  writeName(out, need(out, obj, 'table'));
  writeName(out, need(out, obj, 'name'));
  const type = member(obj, 'type');
  const comment = member(obj, 'comment');
  if (!type && !comment) return;
  out.write('{ ');
  if (type) {
    const hook = need(out, obj, 'hook');
    out.own(type, () => out.write(`type ${String(type.value)} `));
    out.own(hook, () => out.write(`hook ${String(hook.value)} `));
    const dev = member(obj, 'dev');
    if (dev) out.own(dev, () => out.write(`device "${String(dev.value)}" `));
    const prio = need(out, obj, 'prio');
    out.own(prio, () => out.write(`priority ${String(prio.value)}; `));
    const policy = member(obj, 'policy');
    if (policy) out.own(policy, () => out.write(`policy ${String(policy.value)}; `));
  }
  if (comment) out.own(comment, () => out.write(`comment "${String(comment.value)}"; `));
  out.write('}');
}

/** Seconds as nft prints a duration: `3h`, `1m30s`. */
function duration(seconds: number): string {
  let s = Math.floor(seconds);
  let out = '';
  for (const [unit, size] of [
    ['d', 86400],
    ['h', 3600],
    ['m', 60],
  ] as const) {
    if (s >= size) {
      out += `${Math.floor(s / size)}${unit}`;
      s %= size;
    }
  }
  return s || !out ? `${out}${s}s` : out;
}

/** A set's or map's type: `"ipv4_addr"`, `["ipv4_addr", "inet_service"]`, `"ipv4_addr . inet_service"`. */
function typeText(out: CommandText, w: RuleWriter, n: Node): void {
  if (n.type === 'array')
    return out.own(n, () => out.write((n.children ?? []).map((c) => String(c.value)).join(' . ')));
  const typeOf = n.type === 'object' ? member(n, 'typeof') : undefined;
  if (typeOf) {
    out.write('typeof ');
    return w.expr(typeOf);
  }
  out.own(n, () => out.write(String(n.value)));
}

function set(out: CommandText, obj: Node, isMap: boolean): void {
  const w = new RuleWriter(out);
  out.write(`add ${isMap ? 'map' : 'set'} ${family(out, obj)}`);
  writeName(out, need(out, obj, 'table'));
  writeName(out, need(out, obj, 'name'));
  out.write('{ type ');
  typeText(out, w, need(out, obj, 'type'));
  if (isMap) {
    out.write(' : ');
    typeText(out, w, need(out, obj, 'map'));
  }
  out.write('; ');
  const flags = member(obj, 'flags');
  if (flags) {
    const list = flags.type === 'array' ? (flags.children ?? []) : [flags];
    if (list.length) out.own(flags, () => out.write(`flags ${list.map((f) => String(f.value)).join(',')}; `));
  }
  for (const key of ['timeout', 'gc-interval']) {
    const v = member(obj, key);
    if (v) out.own(v, () => out.write(`${key} ${duration(Number(v.value))}; `));
  }
  for (const key of ['size', 'policy']) {
    const v = member(obj, key);
    if (v) out.own(v, () => out.write(`${key} ${String(v.value)}; `));
  }
  const comment = member(obj, 'comment');
  if (comment) out.own(comment, () => out.write(`comment "${String(comment.value)}"; `));
  // json.c set_print_json "stmt": the set's own statements, here a counter for each element.
  const stmts = member(obj, 'stmt');
  if (stmts?.children?.some((st) => st.type === 'object' && member(st, 'counter') !== undefined))
    out.own(stmts, () => out.write('counter; '));
  const elem = member(obj, 'elem');
  if (elem?.children?.length) {
    out.write('elements = ');
    w.anonymousSet(elem);
    out.write('; ');
  }
  out.write('}');
}

/** json.c obj_print_json: a counter's packets and bytes, a quota's bytes, used and inv, as an `add counter|quota`. */
function namedObject(out: CommandText, obj: Node, kind: 'counter' | 'quota'): void {
  out.write(`add ${kind} ${family(out, obj)}`);
  writeName(out, need(out, obj, 'table'));
  writeName(out, need(out, obj, 'name'));
  const num = (k: string) => Number(member(obj, k)?.value ?? 0);
  out.write('{ ');
  const comment = member(obj, 'comment');
  if (comment) out.own(comment, () => out.write(`comment "${String(comment.value)}"; `));
  if (kind === 'counter') out.write(`packets ${num('packets')} bytes ${num('bytes')} `);
  else {
    const over = member(obj, 'inv')?.value === true ? 'over ' : '';
    out.write(`${over}${num('bytes')} bytes${num('used') ? ` used ${num('used')} bytes` : ''} `);
  }
  out.write('}');
}

/** json.c flowtable_print_json: hook, prio and dev (a string or a list) as an `add flowtable`. */
function flowtable(out: CommandText, obj: Node): void {
  out.write(`add flowtable ${family(out, obj)}`);
  writeName(out, need(out, obj, 'table'));
  writeName(out, need(out, obj, 'name'));
  const hook = need(out, obj, 'hook');
  const prio = need(out, obj, 'prio');
  out.write('{ ');
  out.own(hook, () => out.write(`hook ${String(hook.value)} `));
  out.own(prio, () => out.write(`priority ${String(prio.value)}; `));
  const dev = member(obj, 'dev');
  if (dev) {
    const list = dev.type === 'array' ? (dev.children ?? []) : [dev];
    out.own(dev, () => out.write(`devices = { ${list.map((d) => `"${String(d.value)}"`).join(', ')} }; `));
  }
  out.write('}');
}

function element(out: CommandText, obj: Node): void {
  out.write(`add element ${family(out, obj)}`);
  writeName(out, need(out, obj, 'table'));
  writeName(out, need(out, obj, 'name'));
  new RuleWriter(out).anonymousSet(need(out, obj, 'elem'));
}

function rule(out: CommandText, obj: Node, verb: string): void {
  out.write(`${verb} rule ${family(out, obj)}`);
  writeName(out, need(out, obj, 'table'));
  writeName(out, need(out, obj, 'chain'));
  const expr = need(out, obj, 'expr');
  if (expr.type !== 'array') out.fail(expr, `Expected array, got ${expr.type}`);
  const w = new RuleWriter(out);
  for (const stmt of expr.children ?? []) w.statement(stmt);
  const comment = member(obj, 'comment');
  if (comment) out.own(comment, () => out.write(`comment "${String(comment.value)}"`));
}

/** One object of the list (or of a command): written as its command, on a line of its own. */
function object(out: CommandText, item: Node, verb: string, skipped: JsonSkipped[]): void {
  const [key, obj] = single(out, item);
  if (key === 'metainfo') return;
  if (SKIPPED.has(key)) {
    skipped.push({ pos: out.posOf(item), expr: `${key} ${String(member(obj, 'name')?.value ?? '')}`.trim() });
    return;
  }
  out.own(item, () => {
    switch (key) {
      case 'table':
        table(out, obj, false);
        break;
      case 'chain':
        chain(out, obj);
        break;
      case 'set':
      case 'map':
        set(out, obj, key === 'map');
        break;
      case 'element':
        element(out, obj);
        break;
      case 'counter':
      case 'quota':
        namedObject(out, obj, key);
        break;
      case 'flowtable':
        flowtable(out, obj);
        break;
      case 'rule':
        rule(out, obj, verb === 'insert' ? 'insert' : 'add');
        break;
      default:
        out.fail(item, `Unknown object '${key}'`);
    }
    out.write('\n');
  });
}

function command(out: CommandText, item: Node, skipped: JsonSkipped[]): void {
  const [key, obj] = single(out, item);
  switch (key) {
    case 'add':
    case 'create':
    case 'insert':
      return object(out, obj, key, skipped);
    case 'flush':
      if (obj.type === 'object' && member(obj, 'ruleset') !== undefined)
        return out.own(item, () => out.write('flush ruleset\n'));
      return out.fail(item, `Unsupported command object '${key}'`);
    case 'delete':
    case 'replace':
    case 'reset':
    case 'list':
    case 'rename':
      return out.fail(item, `Unsupported command object '${key}'`);
    default:
      return object(out, item, 'add', skipped);
  }
}

/** Reads a JSON ruleset into the parse state; throws NftError at the JSON's line and column. */
export function parseJsonInto(text: string, st: ParseState): JsonSkipped[] {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  const first = errors[0];
  if (first || !root) {
    const error = first ? printParseErrorCode(first.error) : 'ValueExpected';
    const code = `nft-json-${CATALOGUED.has(error) ? error : 'other'}` as ParseMessageId;
    const params = { error };
    throw new NftError(formatMessage(code, params), jsonPos(first?.offset ?? 0, first?.length ?? 1), code, params);
  }
  const out = new CommandText(root);
  if (root.type !== 'object') out.fail(root, `Expected object, got ${root.type}`);
  const list = need(out, root, 'nftables');
  if (list.type !== 'array') out.fail(list, `Expected array, got ${list.type}`);
  const skipped: JsonSkipped[] = [];
  for (const item of list.children ?? []) command(out, item, skipped);
  parseTokens(out.tokens(), st);
  return skipped;
}
