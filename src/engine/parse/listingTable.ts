// `iptables -t nat -S` prints one table's rules without naming the table (`-P PREROUTING ACCEPT`, `-N DOCKER`,
// `-A POSTROUTING … -j MASQUERADE`). Pasted as it is, such a listing would land in filter. This finds the tables
// it can belong to: each built-in chain it names must exist there (iptables(8), "TABLES"), and each target it
// uses must be allowed there (DNAT and MASQUERADE only in nat, MARK only in mangle, …).
import { BUILTIN_CHAINS, TABLES, type TableName } from '../model/types.ts';
import { findTarget } from '../target/index.ts';

export type ListingTable =
  /** Not a one-table `-S` listing (a dump, commands naming their table, `# table:` hints, or no rules). */
  | { kind: 'not-listing' }
  | { kind: 'one'; table: TableName }
  /** Several tables fit (or none): the reader has to say which. */
  | { kind: 'ambiguous'; candidates: TableName[] };

const HOOK_NAMES = new Set(['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING']);
const LISTING_LINE = /^\s*-([PNA])\s+(\S+)(.*)$/;
const TARGET = /\s-[jg]\s+(\S+)/;

export function inferListingTable(text: string): ListingTable {
  if (/^\s*\*/m.test(text) || /^\s*#\s*table:?\s/im.test(text) || /(^|\s)(-t|--table)(\s|=)/m.test(text))
    return { kind: 'not-listing' };
  const chains = new Set<string>();
  const targets = new Set<string>();
  let lines = 0;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = LISTING_LINE.exec(line);
    // Only `-P`, `-N` and `-A` lines: anything else (iptables commands, a script) is not a bare listing.
    if (!m) return { kind: 'not-listing' };
    lines++;
    if (m[1] !== 'N' && HOOK_NAMES.has(m[2]!)) chains.add(m[2]!);
    const target = TARGET.exec(m[3]!)?.[1];
    if (target) targets.add(target);
  }
  if (lines === 0) return { kind: 'not-listing' };
  const candidates = TABLES.filter((table) => fits(table, chains, targets));
  if (candidates.length === 1) return { kind: 'one', table: candidates[0]! };
  return { kind: 'ambiguous', candidates: candidates.length ? [...candidates] : [...TABLES] };
}

function fits(table: TableName, chains: Set<string>, targets: Set<string>): boolean {
  const builtin = BUILTIN_CHAINS[table] as readonly string[];
  for (const c of chains) if (!builtin.includes(c)) return false;
  for (const t of targets) {
    const allowed = findTarget(t)?.tables;
    if (allowed && !allowed.includes(table)) return false;
  }
  return true;
}
