// The ruleset as `nft list ruleset` prints it: tables in creation order, named counters and quotas first, then sets and
// maps, then chains, tab
// indentation, base chains with `type … hook … priority …; policy …;`, one rule per line.
import type { Family, NftChain, NftObject, NftRule, NftRuleset, NftSet, NftTable } from './model.ts';
import { objectLines } from './objects.ts';
import { flowtableLines } from './flowtable.ts';
import { listedStmts } from './fold.ts';
import { printPriority } from './chainSpec.ts';
import { printElement, SET_FLAGS, sortedElements } from './set.ts';
import { printTime, timeMs } from './time.ts';

function quote(name: string): string {
  return /^[a-zA-Z_][a-zA-Z0-9_./-]*$/.test(name) ? name : `"${name}"`;
}

/** nftables src/rule.c set_print_declaration prints the flag bits in this order, whatever order they were written in. */
const listedFlags = (flags: string[]) => SET_FLAGS.filter((f) => flags.includes(f));

function printBlock(head: string, lines: string[], out: string[]): void {
  out.push(`\t${head} {`);
  for (const line of lines) out.push(`\t\t${line}`);
  out.push('\t}');
}

const printObject = (obj: NftObject, out: string[]) =>
  printBlock(`${obj.kind} ${quote(obj.name)}`, objectLines(obj), out);

function printSet(set: NftSet, out: string[]): void {
  out.push(`\t${set.map ? 'map' : 'set'} ${quote(set.name)} {`);
  if (set.typeofText !== undefined) out.push(`\t\ttypeof ${set.typeofText}`);
  else {
    const key = set.keyTypes.map((t) => t.name).join(' . ');
    const data = set.dataType === 'verdict' ? 'verdict' : set.dataType?.map((t) => t.name).join(' . ');
    out.push(`\t\ttype ${key}${set.map ? ` : ${data}` : ''}`);
  }
  // nftables src/rule.c set_print_declaration: policy and size before the flags, timeouts after them.
  const before = [
    ...set.extra.filter((x) => x.startsWith('policy ')),
    ...set.extra.filter((x) => x.startsWith('size ')),
  ];
  for (const x of before) out.push(`\t\t${x}`);
  if (set.flags.length) out.push(`\t\tflags ${listedFlags(set.flags).join(',')}`);
  // The set's statements (`counter`) before its timeouts (checked with nft 1.0.6).
  if (set.extra.includes('counter')) out.push('\t\tcounter');
  for (const x of set.extra) if (!before.includes(x) && x !== 'counter') out.push(`\t\t${listedTime(x)}`);
  if (set.comment !== undefined) out.push(`\t\tcomment "${set.comment}"`);
  if (set.elements.length) {
    const per = elementsPerLine(set);
    const items = sortedElements(set).map((e) => printElement(set, e));
    const lines: string[] = [];
    for (let i = 0; i < items.length; i += per) lines.push(items.slice(i, i + per).join(', '));
    out.push(`\t\telements = { ${lines.join(',\n\t\t\t     ')} }`);
  }
  out.push('\t}');
}

/** `timeout 10800s` as nft lists it, `timeout 3h` (time.ts). */
function listedTime(line: string): string {
  const m = /^(timeout|gc-interval) (\S+)$/.exec(line);
  const ms = m ? timeMs(m[2]!) : 0;
  return m && ms > 0 ? `${m[1]} ${printTime(ms)}` : line;
}

/**
 * Elements per line of a named set as nft wraps them (nftables src/expression.c, calculate_delim): five of an integer
 * type (ports, protocols, marks), two of an address or conntrack state, one of anything else (names, concatenations).
 */
const FIVE = new Set(['integer', 'inet_service', 'inet_proto', 'mark', 'iface_index', 'ct_dir', 'tcp_flag']);
const TWO = new Set(['ipv4_addr', 'ct_state', 'ct_status']);

function elementsPerLine(set: NftSet): number {
  if (set.keyTypes.length !== 1) return 1;
  const name = set.keyTypes[0]!.name;
  return FIVE.has(name) ? 5 : TWO.has(name) ? 2 : 1;
}

/** One rule as `nft list ruleset` prints it (without its indentation), in a table of this family. */
export function printRuleText(r: NftRule, family: Family): string {
  const text = listedStmts(r.stmts, family)
    .map((s) => s.text)
    .join(' ');
  return `${text}${r.comment !== undefined ? ` comment "${r.comment}"` : ''}`;
}

function printChain(chain: NftChain, out: string[]): void {
  out.push(`\tchain ${quote(chain.name)} {`);
  if (chain.comment !== undefined) out.push(`\t\tcomment "${chain.comment}"`);
  const b = chain.base;
  if (b) {
    const device = b.device !== undefined ? ` device "${b.device}"` : '';
    const priority = printPriority(chain.table.family, b.hook, b.priority);
    out.push(`\t\ttype ${b.type} hook ${b.hook}${device} priority ${priority}; policy ${b.policy};`);
  }
  for (const r of chain.rules) out.push(`\t\t${printRuleText(r, chain.table.family)}`);
  out.push('\t}');
}

function printTable(table: NftTable, out: string[]): void {
  out.push(`table ${table.family} ${quote(table.name)} {`);
  if (table.comment !== undefined) out.push(`\tcomment "${table.comment}"`);
  if (table.flags.length) out.push(`\tflags ${table.flags.join(',')}`);
  const blocks: ((o: string[]) => void)[] = [];
  // nftables src/rule.c table_print: named objects, then sets, then flowtables, then chains.
  for (const obj of table.objects.values()) blocks.push((o) => printObject(obj, o));
  for (const s of table.sets.values()) blocks.push((o) => printSet(s, o));
  for (const ft of table.flowtables.values())
    blocks.push((o) => printBlock(`flowtable ${quote(ft.name)}`, flowtableLines(ft), o));
  for (const c of table.chains.values()) blocks.push((o) => printChain(c, o));
  blocks.forEach((b, i) => {
    if (i > 0) out.push('');
    b(out);
  });
  out.push('}');
}

export function printRuleset(ruleset: NftRuleset): string {
  const out: string[] = [];
  for (const t of ruleset.tables) printTable(t, out);
  return out.length ? out.join('\n') + '\n' : '';
}
