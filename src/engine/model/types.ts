// The rules model: what an iptables ruleset is once parsed. Names stay verbatim from netfilter.

export const TABLES = ['raw', 'mangle', 'nat', 'filter', 'security'] as const;
export type TableName = (typeof TABLES)[number];

export const HOOKS = ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'] as const;
export type HookName = (typeof HOOKS)[number];

/** Built-in chains of each table, in iptables-save order (iptables(8), "TABLES"). */
export const BUILTIN_CHAINS: Record<TableName, readonly HookName[]> = {
  raw: ['PREROUTING', 'OUTPUT'],
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
  security: ['INPUT', 'FORWARD', 'OUTPUT'],
};

/** A position in the user's text. Lines and columns are 1-based. */
export interface SourcePos {
  line: number;
  col: number;
}

export interface Diagnostic extends SourcePos {
  /** Column just after the offending text, when known (for editor underlines). */
  endCol?: number;
  severity: 'error' | 'warning' | 'info';
  /** A sentence a student understands. */
  message: string;
  /** Stable machine code, e.g. 'no-such-chain', 'not-simulated'. */
  code?: string;
  /** The values filled into the catalog sentence `parse.<code>` (src/i18n/en/parse.json), for the UI's own rendering. */
  params?: Record<string, string | number>;
}

export interface Negatable<T> {
  negated: boolean;
  value: T;
}

/** An IPv4 address with a (possibly non-contiguous) netmask, both as unsigned 32-bit numbers. */
export interface AddrMask {
  addr: number;
  mask: number;
}

export interface Counters {
  packets: number;
  bytes: number;
}

/** One `-m name …` in a rule (or an implicit protocol match such as `-p tcp --dport 22`). */
export interface MatchUse {
  name: string;
  /** Extension-specific parsed data; opaque outside the extension's module. */
  data: unknown;
  /** False for an extension the lab does not simulate: `raw` then holds its options verbatim. */
  known: boolean;
  raw: string[];
  /** Column of its `-m` (or of the option that loaded an implicit match); the line is the rule's. */
  col: number;
}

/**
 * What `-j`/`-g` names. `standard` covers ACCEPT, DROP, RETURN, QUEUE; `chain` a user chain
 * (jump, or goto when `goto` is true); `extension` a target module (DNAT, MARK, LOG, …).
 */
export interface TargetUse {
  kind: 'standard' | 'chain' | 'extension';
  name: string;
  goto: boolean;
  data: unknown;
  known: boolean;
  raw: string[];
  /** Column of its `-j`/`-g`; the line is the rule's. */
  col: number;
}

/**
 * Positions are plain numbers on rules, matches and targets rather than SourcePos objects: a 170,000-rule dump
 * would otherwise keep half a million small objects alive (and copy each through the young generation).
 */
export interface Rule {
  /** Unique within a ruleset and stable while the ruleset is not edited: keys per-rule state. */
  id: number;
  table: TableName;
  chain: string;
  proto?: Negatable<number>;
  src?: Negatable<AddrMask>;
  dst?: Negatable<AddrMask>;
  inIface?: Negatable<string>;
  outIface?: Negatable<string>;
  /** `-f` / `! -f`: second and further fragments. */
  fragment?: Negatable<true>;
  matches: MatchUse[];
  /** A rule without -j only counts packets. */
  target: TargetUse | null;
  counters: Counters;
  /** Where the command that made the rule starts (1-based). */
  line: number;
  col: number;
}

export interface Chain {
  name: string;
  builtin: boolean;
  /** Built-in chains only. */
  policy: 'ACCEPT' | 'DROP' | null;
  counters: Counters;
  rules: Rule[];
  pos: SourcePos;
}

export interface Table {
  name: TableName;
  /** In iptables-save order. */
  chains: Map<string, Chain>;
}

/** Only the tables the user's text defines: iptables-nft walks no others. */
export interface Ruleset {
  tables: Map<TableName, Table>;
}
