// `iptables [-t TABLE] -L -n -v [--line-numbers] [-x]` as iptables prints it: the column widths of xshared.c
// print_header/print_rule_details and nft-ipv4.c's rule printer, and xtables_print_num's K/M/G/T rounding
// (libxtables/xtables.c). Pure: it reads a ReportTable.
import type { ReportChain, ReportRule, ReportTable } from './types.ts';

export interface ListOptions {
  /** --line-numbers */
  lineNumbers?: boolean;
  /** -x: exact counters instead of K/M/G suffixes. */
  exact?: boolean;
}

const padEnd = (s: string, n: number) => s.padEnd(n, ' ');
const padStart = (s: string, n: number) => s.padStart(n, ' ');

/**
 * xtables_print_num: up to 99999 as is; then rounded to thousands ((n + 500) / 1000) with K while that is at most
 * 9999, then M, G, T. `table` pads to iptables' column width; without it (chain headers) there is no padding.
 */
export function formatCount(n: number, opts: { exact?: boolean; table: boolean; exactWidth?: number }): string {
  if (opts.exact) return `${opts.table ? padStart(String(n), opts.exactWidth ?? 8) : String(n)} `;
  if (n <= 99999) return `${opts.table ? padStart(String(n), 5) : String(n)} `;
  let value = n;
  for (const suffix of ['K', 'M', 'G']) {
    value = Math.floor((value + 500) / 1000);
    if (value <= 9999) return `${opts.table ? padStart(String(value), 4) : String(value)}${suffix} `;
  }
  value = Math.floor((value + 500) / 1000);
  return `${opts.table ? padStart(String(value), 4) : String(value)}T `;
}

function header(chain: ReportChain, opts: ListOptions): string {
  const head = chain.builtin
    ? `Chain ${chain.name} (policy ${chain.policy ?? 'ACCEPT'} ${formatCount(chain.packets, { exact: opts.exact, table: false })}packets, ${formatCount(chain.bytes, { exact: opts.exact, table: false })}bytes)`
    : `Chain ${chain.name} (${chain.references} references)`;
  let columns = opts.lineNumbers ? `${padEnd('num', 4)} ` : '';
  columns += opts.exact
    ? `${padStart('pkts', 8)} ${padStart('bytes', 10)} `
    : `${padStart('pkts', 5)} ${padStart('bytes', 5)} `;
  columns += `${padEnd('target', 9)} `;
  columns += ' prot opt';
  columns += ` ${padEnd('in', 6)} ${padEnd('out', 6)} `;
  columns += ` ${padEnd('source', 19)} `;
  columns += ` ${padEnd('destination', 19)} `;
  return `${head}\n${columns}`;
}

function ruleLine(rule: ReportRule, opts: ListOptions): string {
  let line = opts.lineNumbers ? `${padEnd(String(rule.num), 4)} ` : '';
  line += formatCount(rule.packets, { exact: opts.exact, table: true, exactWidth: 8 });
  line += formatCount(rule.bytes, { exact: opts.exact, table: true, exactWidth: 10 });
  line += `${padEnd(rule.target, 9)} `;
  line += `${rule.protoInverted ? '!' : ' '}${padEnd(rule.proto, 5)}`;
  line += `${rule.opt} `;
  line += ` ${padEnd(rule.inIface, 6)} ${padEnd(rule.outIface, 6)} `;
  line += `${rule.sourceInverted ? '!' : ' '}${padEnd(rule.source, 19)} `;
  line += `${rule.destinationInverted ? '!' : ' '}${padEnd(rule.destination, 19)} `;
  if (rule.goto) line += '[goto] ';
  return line + rule.extra;
}

/** One chain: its header, the column line and one line per rule. */
export function formatChainList(chain: ReportChain, opts: ListOptions = {}): string {
  return [header(chain, opts), ...chain.rules.map((r) => ruleLine(r, opts))].join('\n') + '\n';
}

/** Every chain of a table, a blank line between chains, as `iptables -t TABLE -L -n -v` prints them. */
export function formatIptablesList(table: ReportTable, opts: ListOptions = {}): string {
  return table.chains.map((c) => formatChainList(c, opts)).join('\n');
}
