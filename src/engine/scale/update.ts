// What one update (one endpoint added to one service) rewrites in each mode, measured by generating the
// configuration before and after and comparing them.
import type { UpdateCost } from './types.ts';

const bytes = (lines: string[]) => lines.reduce((n, l) => n + l.length + 1, 0);

/** iptables-save text → per table, per chain: its declaration line and its rules. */
function chainsOf(dump: string): Map<string, { decl: string; rules: string[] }> {
  const chains = new Map<string, { decl: string; rules: string[] }>();
  let table = '';
  for (const line of dump.split('\n')) {
    if (line.startsWith('*')) table = line.slice(1);
    else if (line.startsWith(':')) chains.set(`${table} ${line.slice(1).split(' ')[0]}`, { decl: line, rules: [] });
    else if (line.startsWith('-A ')) chains.get(`${table} ${line.split(' ')[1]}`)?.rules.push(line);
  }
  return chains;
}

/** Chains kube-proxy writes on every sync even with MinimizeIPTablesRestore (proxier.go syncProxyRules). */
const ALWAYS_WRITTEN = new Set([
  'KUBE-SERVICES',
  'KUBE-EXTERNAL-SERVICES',
  'KUBE-NODEPORTS',
  'KUBE-POSTROUTING',
  'KUBE-MARK-MASQ',
]);

export function iptablesUpdate(before: string, after: string): UpdateCost[] {
  const all = after.split('\n').filter((l) => l.startsWith('-A '));
  const full: UpdateCost = { kind: 'iptables-full', rules: all.length, bytes: after.length };
  // The partial restore: the filter table and the always-written nat chains in full, plus the chains that changed.
  const old = chainsOf(before);
  const lines: string[] = [];
  let rules = 0;
  for (const [key, chain] of chainsOf(after)) {
    const [table, name] = key.split(' ') as [string, string];
    const prev = old.get(key);
    const changed = !prev || prev.rules.join('\n') !== chain.rules.join('\n');
    if (table === 'filter' || ALWAYS_WRITTEN.has(name) || changed || !name.startsWith('KUBE-')) {
      lines.push(chain.decl, ...chain.rules);
      rules += chain.rules.length;
    }
  }
  // Table headers and COMMIT lines.
  lines.push('*filter', 'COMMIT', '*nat', 'COMMIT');
  return [full, { kind: 'iptables-partial', rules, bytes: bytes(lines) }];
}

/** Lines present in one text and not the other: what ipvsadm / ipset commands must change. */
function lineDiff(before: string, after: string): string[] {
  const a = new Set(before.split('\n'));
  const b = new Set(after.split('\n'));
  return [...[...b].filter((l) => l && !a.has(l)), ...[...a].filter((l) => l && !b.has(l))];
}

export function ipvsUpdate(
  before: { ipvsadm: string; ipsets: string; rules: string },
  after: typeof before,
): UpdateCost {
  const changed = [
    ...lineDiff(before.ipvsadm, after.ipvsadm),
    ...lineDiff(before.ipsets, after.ipsets),
    ...lineDiff(before.rules, after.rules),
  ];
  return { kind: 'ipvs', rules: changed.length, bytes: bytes(changed) };
}

/** `nft list ruleset` text → each set, map and chain block with its body lines. */
function blocksOf(listing: string): Map<string, string[]> {
  const blocks = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of listing.split('\n')) {
    const head = /^\t(chain|set|map) (\S+) \{$/.exec(line);
    if (head) blocks.set(`${head[1]} ${head[2]}`, (current = []));
    else if (line === '\t}') current = undefined;
    else if (current) current.push(line.trim());
  }
  return blocks;
}

/**
 * kube-proxy's nftables transaction for the update: new chains with their rules, changed chains flushed and
 * rewritten, and for sets and maps only the elements added or removed.
 */
export function nftUpdate(before: string, after: string): UpdateCost {
  const old = blocksOf(before);
  const written: string[] = [];
  for (const [key, body] of blocksOf(after)) {
    const prev = old.get(key);
    if (prev && prev.join('\n') === body.join('\n')) continue;
    if (key.startsWith('chain ')) written.push(`add chain ip kube-proxy ${key.slice(6)}`, ...body);
    else {
      const elems = (b: string[] | undefined) =>
        new Set(
          (b ?? [])
            .join(' ')
            .replace(/^.*elements = \{ /, '')
            .replace(/ \}$/, '')
            .split(/,\s*/),
        );
      const was = elems(prev);
      written.push(...[...elems(body)].filter((e) => e && !was.has(e)));
    }
  }
  return { kind: 'nftables', rules: written.length, bytes: bytes(written) };
}
