// The model as `nft -j list ruleset` prints it (libnftables-json(5); nftables src/json.c, do_list_ruleset_json and
// table_print_json_full): metainfo, then per table the table, its sets and maps, its chains, then its rules chain by
// chain (1.0.6 lists every chain of a table before the first rule). Tables' handles count up per network namespace;
// a table's objects carry the handles the kernel gave them in the order the text created them (handles.ts).
import { Cursor, NftError } from '../cursor.ts';
import type { NftChain, NftFlowtable, NftObject, NftRuleset, NftSet, NftTable, Stmt } from '../model.ts';
import { listedStmts } from '../fold.ts';
import { timeMs } from '../time.ts';
import { Lexer } from '../tokenize.ts';
import { sortedElements } from '../set.ts';
import { dumpJson, type Json } from './jansson.ts';
import { elementJson, type RawNames } from './writeValue.ts';
import { stmtJson, type StmtPlaceJson } from './writeStmt.ts';

/** nft 1.0.6's metainfo object (json.c generate_json_metainfo). */
const METAINFO = { metainfo: { version: '1.0.6', release_name: 'Lester Gooch #5', json_schema_version: 1 } };

export interface NftJsonOutput {
  text: string;
  /**
   * Statements the lab keeps only as text and cannot write as JSON: their rule is left out (a rule without one of
   * its matches would match more than the original).
   */
  skipped: { line: number; col: number; text: string }[];
}

/** A set's declaration lines the lab keeps as written (`timeout 3h`, `size 100`), by keyword. */
function extra(set: NftSet, key: string): string | undefined {
  const line = set.extra.find((x) => x.startsWith(`${key} `));
  return line?.slice(key.length + 1);
}

/** nft's duration (`1h30m`, `10s`, `500ms`) in whole seconds, as json.c lists timeouts. */
const seconds = (text: string) => Math.floor(timeMs(text) / 1000);

/** json.c obj_print_json: family, name, table, handle, comment, then the counter's or the quota's numbers (a quota's
 * budget and use in bytes, `inv` for `over`). */
function objectJson(table: NftTable, obj: NftObject): Json {
  const out: Record<string, Json> = { family: table.family, name: obj.name, table: table.name, handle: obj.handle };
  if (obj.comment !== undefined) out.comment = obj.comment;
  if (obj.kind === 'counter') {
    out.packets = obj.packets;
    out.bytes = obj.bytes;
  } else {
    out.bytes = obj.bytes;
    out.used = obj.used;
    out.inv = obj.over;
  }
  return { [obj.kind]: out };
}

/** json.c flowtable_print_json: hook and prio, and `dev`, a string for one device, a list for more. */
function flowtableJson(table: NftTable, ft: NftFlowtable): Json {
  const out: Record<string, Json> = {
    family: table.family,
    name: ft.name,
    table: table.name,
    handle: ft.handle,
    hook: ft.hook,
    prio: ft.priority,
  };
  if (ft.devices.length) out.dev = ft.devices.length === 1 ? ft.devices[0]! : ft.devices;
  return { flowtable: out };
}

/** json.c set_print_json: the type as a string or, for a concatenation, an array of names. */
function setJson(table: NftTable, set: NftSet, handle: number): Json {
  const names = set.keyTypes.map((t) => t.name);
  const out: Record<string, Json> = {
    family: table.family,
    name: set.name,
    table: table.name,
    type: names.length === 1 ? names[0]! : names,
    handle,
  };
  if (set.comment !== undefined) out.comment = set.comment;
  if (set.map) out.map = set.dataType === 'verdict' ? 'verdict' : (set.dataType ?? []).map((t) => t.name).join(' . ');
  const policy = extra(set, 'policy');
  if (policy !== undefined && policy !== 'performance') out.policy = policy;
  const size = extra(set, 'size');
  if (size !== undefined) out.size = Number(size);
  // Only these flags have a JSON name in nft 1.0.6 (`dynamic` is not listed); a default timeout implies the timeout
  // flag (nftables src/evaluate.c, set_evaluate), which the JSON lists though the text does not.
  const timeout = extra(set, 'timeout');
  const has = (f: string) => set.flags.includes(f) || (f === 'timeout' && timeout !== undefined);
  const flags = ['constant', 'interval', 'timeout'].filter(has);
  if (flags.length) out.flags = flags;
  if (timeout !== undefined) out.timeout = seconds(timeout);
  const gc = extra(set, 'gc-interval');
  if (gc !== undefined) out['gc-interval'] = seconds(gc);
  if (set.elements.length) out.elem = sortedElements(set).map((el) => elementJson(set, el));
  // The set's statements (json.c set_print_json, "stmt"): a set declared with `counter`.
  if (set.extra.includes('counter')) out.stmt = [{ counter: null }];
  return { [set.map ? 'map' : 'set']: out };
}

/**
 * json.c chain_print_json: family, table, name, handle, and for a base chain type, hook, prio, policy. nft 1.0.6
 * lists no `dev` for an ingress chain (it reads the device from dev_expr, which a listed chain does not have;
 * checked with nft 1.0.6), nor a chain's comment.
 */
function chainJson(chain: NftChain, handle: number): Json {
  const t = chain.table;
  const out: Record<string, Json> = { family: t.family, table: t.name, name: chain.name, handle };
  const b = chain.base;
  if (b) {
    out.type = b.type;
    out.hook = b.hook;
    out.prio = b.priority;
    out.policy = b.policy;
  }
  return { chain: out };
}

/** A match that tells nft the network protocol is IPv4 (a header field of `ip`, or the protocol itself). */
const IPV4_CONTEXT = /^(ip |meta nfproto ipv4|meta protocol ip\b)/;

/** json.c table_print_json: a single flag is a string, several an array (table_flags_json). */
function tableJson(table: NftTable, handle: number): Json {
  const out: Record<string, Json> = { family: table.family, name: table.name, handle };
  if (table.flags.length) out.flags = table.flags.length === 1 ? table.flags[0]! : table.flags;
  return { table: out };
}

/** The texts of a table's statements as one text, a statement a line, read in order by one cursor. */
class StatementTexts {
  private readonly c: Cursor;

  constructor(table: NftTable) {
    const lines: string[] = [];
    for (const chain of table.chains.values())
      for (const rule of chain.rules)
        for (const s of listedStmts(rule.stmts, table.family)) lines.push(s.json?.text ?? s.stmt.jsonText ?? s.text);
    this.c = new Cursor(new Lexer(lines.join('\n')));
  }

  /** The next statement's JSON (undefined: one the lab cannot write); the cursor then moves to the next line. */
  json(stmt: Stmt, place: StmtPlaceJson, names?: RawNames): Json | undefined {
    const c = this.c;
    let out: Json | undefined;
    try {
      out = stmtJson(stmt, place, c, names);
    } catch (e) {
      if (!(e instanceof NftError)) throw e;
      out = undefined;
    }
    c.setDepth = 0;
    while (c.peek().kind !== 'nl' && c.peek().kind !== 'eof') c.next();
    c.next();
    return out;
  }
}

export function printNftJson(ruleset: NftRuleset): NftJsonOutput {
  const items: Json[] = [METAINFO];
  const skipped: NftJsonOutput['skipped'] = [];
  ruleset.tables.forEach((table, i) => {
    items.push(tableJson(table, i + 1));
    for (const obj of table.objects.values()) items.push(objectJson(table, obj));
    for (const set of table.sets.values()) items.push(setJson(table, set, set.handle ?? 0));
    for (const ft of table.flowtables.values()) items.push(flowtableJson(table, ft));
    const rules: Json[] = [];
    const texts = new StatementTexts(table);
    for (const chain of table.chains.values()) {
      items.push(chainJson(chain, chain.handle));
      for (const rule of chain.rules) {
        const expr: Json[] = [];
        const place = { family: table.family, ipv4: false };
        let unwritable = false;
        // nft -j lists a rule as `nft list` does: with the protocol dependencies folded (fold.ts).
        for (const { stmt, text, json } of listedStmts(rule.stmts, table.family)) {
          const j = texts.json(stmt, place, json?.names);
          if (stmt.kind === 'match' && IPV4_CONTEXT.test(text)) place.ipv4 = true;
          if (j !== undefined) expr.push(j);
          else {
            const { line, col } = ruleset.source.lineCol(stmt.pos);
            skipped.push({ line, col, text: stmt.text });
            unwritable = true;
          }
        }
        if (unwritable) continue;
        const out: Record<string, Json> = { family: table.family, table: table.name, chain: chain.name };
        out.handle = rule.handle;
        if (rule.comment !== undefined) out.comment = rule.comment;
        out.expr = expr;
        rules.push({ rule: out });
      }
    }
    // nft 1.0.6 lists all the chains of a table, then all its rules.
    for (const r of rules) items.push(r);
  });
  return { text: dumpJson({ nftables: items }) + '\n', skipped };
}
