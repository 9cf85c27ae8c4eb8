// Prints the model back (with the extension lookup given, so tests can use their own modules) as iptables-save (nf_tables backend) does: generic options in iptables' order
// (-s -d -i -o -p -f, each with ! first when negated), then each match, then the target.
import type { ExtensionLookup } from '../parse/rule.ts';
import type { AddrMask, Chain, Negatable, Rule, Ruleset, Table } from '../model/types.ts';
import { formatIPv4, maskToPrefix } from '../net/ipv4.ts';
import { protocolName } from '../parse/protocols.ts';

export interface SaveOptions {
  /** Where match and target modules are found (their save()). */
  lookup: ExtensionLookup;
  /** Print `[packets:bytes]` before each rule and real chain counters, as `iptables-save -c` does. */
  counters?: boolean;
}

function addr(a: AddrMask): string {
  const prefix = maskToPrefix(a.mask);
  return `${formatIPv4(a.addr)}/${prefix === undefined ? formatIPv4(a.mask) : prefix}`;
}

function neg<T>(n: Negatable<T> | undefined, flag: string, value: (v: T) => string, out: string[]): void {
  if (!n) return;
  if (n.negated) out.push('!');
  out.push(flag);
  const text = value(n.value);
  if (text !== '') out.push(text);
}

/** The rule's specification as iptables-save prints it after `-A CHAIN` (without counters). */
export function saveRuleSpec(rule: Rule, lookup: ExtensionLookup): string {
  const out: string[] = [];
  neg(rule.src, '-s', addr, out);
  neg(rule.dst, '-d', addr, out);
  neg(rule.inIface, '-i', (v) => v, out);
  neg(rule.outIface, '-o', (v) => v, out);
  neg(rule.proto, '-p', protocolName, out);
  neg(rule.fragment, '-f', () => '', out);
  for (const m of rule.matches) {
    out.push('-m', m.name);
    let text: string;
    if (m.known) {
      const module = lookup.findMatch(m.name);
      text = module ? module.save(m.data) : '';
    } else {
      text = m.raw.join(' ');
    }
    if (text !== '') out.push(text);
  }
  const t = rule.target;
  if (t) {
    out.push(t.goto ? '-g' : '-j', t.name);
    let text = '';
    if (t.kind === 'extension') {
      if (t.known) {
        const module = lookup.findTarget(t.name);
        text = module ? module.save(t.data) : '';
      } else {
        text = t.raw.join(' ');
      }
    }
    if (text !== '') out.push(text);
  }
  return out.join(' ');
}

/** One `-A CHAIN …` line. */
export function saveRule(rule: Rule, opts: SaveOptions): string {
  const spec = saveRuleSpec(rule, opts.lookup);
  const head = opts.counters
    ? `[${rule.counters.packets}:${rule.counters.bytes}] -A ${rule.chain}`
    : `-A ${rule.chain}`;
  return spec === '' ? head : `${head} ${spec}`;
}

/** Chains as iptables-nft-save lists them: built-in chains in hook order, then user chains sorted by name. */
export function chainsInSaveOrder(table: Table): Chain[] {
  const builtins: Chain[] = [];
  const users: Chain[] = [];
  for (const c of table.chains.values()) (c.builtin ? builtins : users).push(c);
  users.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return builtins.concat(users);
}

export function saveTable(table: Table, opts: SaveOptions): string {
  const lines: string[] = [`*${table.name}`];
  const chains = chainsInSaveOrder(table);
  for (const c of chains) {
    const counters = opts.counters ? `[${c.counters.packets}:${c.counters.bytes}]` : '[0:0]';
    lines.push(`:${c.name} ${c.builtin ? (c.policy ?? 'ACCEPT') : '-'} ${counters}`);
  }
  for (const c of chains) for (const r of c.rules) lines.push(saveRule(r, opts));
  lines.push('COMMIT');
  return lines.join('\n');
}

export function saveRuleset(ruleset: Ruleset, opts: SaveOptions): string {
  const parts: string[] = [];
  for (const table of ruleset.tables.values()) parts.push(saveTable(table, opts));
  return parts.length === 0 ? '' : parts.join('\n') + '\n';
}
