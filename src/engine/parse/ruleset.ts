// Reads a whole ruleset text: an iptables-save dump, a script of iptables commands, or `iptables -S` output.
// Each line is handled on its own so one bad line gives one error and the rest still loads.
import type { Diagnostic, Ruleset, SourcePos, Table, TableName } from '../model/types.ts';
import {
  isBuiltinChain,
  isBuiltinElsewhere,
  isTableName,
  RulesetBuilder,
  ZERO_COUNTERS,
  type RuleSink,
} from './builder.ts';
import { applyCommand, chainNameProblem, readCommand, type ApplyEnv } from './commands.ts';
import { diag } from './messages.ts';
import type { ExtensionLookup } from './rule.ts';
import { LineReader } from './pieces.ts';
import { TokenPool, tokenizeLine, tokenizeRange, type Token } from './tokenize.ts';

export type InputFormat = 'save' | 'script';

export interface ParseOutput {
  ruleset: Ruleset;
  diagnostics: Diagnostic[];
  format: InputFormat;
  /**
   * Backslash-continued commands, by their first line: where each following physical line starts in the joined
   * text (0-based), so diagnostics can be placed on the line they are about.
   */
  continued: Map<number, number[]>;
}

/** Words that may start a shell command line before the iptables options. */
const PREFIX_WORDS = new Set([
  'iptables',
  'iptables-legacy',
  'iptables-nft',
  '/sbin/iptables',
  '/usr/sbin/iptables',
  '/sbin/iptables-legacy',
  '/usr/sbin/iptables-legacy',
  '/sbin/iptables-nft',
  '/usr/sbin/iptables-nft',
  'sudo',
]);
const IPV6_WORDS = /^(\/usr)?(\/sbin\/)?ip6tables(-legacy|-nft)?$/;

const TABLE_HINT = /^#\s*table:?\s+(\w+)\s*$/i;
const CHAIN_LINE = /^:(\S+)\s+(\S+)(?:\s+\[(\d+):(\d+)\])?\s*$/;
const COUNTERS = /^\[(\d+):(\d+)\]$/;

/** A dump has `*table` headers; anything else is read as commands. */
export function detectFormat(text: string): InputFormat {
  return /^\s*\*/m.test(text) ? 'save' : 'script';
}

/** `sink`: appended rules go there instead of into their chains (see RuleSink). */
export function parseText(text: string, lookup: ExtensionLookup, sink?: RuleSink): ParseOutput {
  return parseLines(new LineReader([text]), detectFormat(text), lookup, sink);
}

/** parseText on a text read line by line (its format found beforehand: it needs the whole text). */
export function parseLines(
  lines: LineReader,
  format: InputFormat,
  lookup: ExtensionLookup,
  sink?: RuleSink,
): ParseOutput {
  const builder = new RulesetBuilder();
  builder.sink = sink;
  const pool = new TokenPool();
  /** One environment for every command, its line updated as we go (no object per line of a big dump). */
  const applyEnv: ApplyEnv = {
    builder,
    line: 0,
    restore: false,
    findMatch: lookup.findMatch,
    findTarget: lookup.findTarget,
    ipsets: lookup.ipsets,
  };
  const restore = format === 'save';
  applyEnv.restore = restore;
  let current: Table | undefined;
  let currentLine = 0;
  /** `# table: nat` hints in `iptables -S` listings. */
  let hintTable: TableName = 'filter';

  // Lines are cut one at a time (not split() up front): a 24 MB dump would otherwise keep 200,000 line strings
  // alive for the whole parse.
  let lineCount = 0;
  const continued = new Map<number, number[]>();
  const readLine = (): string => {
    lineCount++;
    return lines.readLine();
  };
  while (!lines.ended && sink?.needsModel !== true) {
    lines.nextLine();
    const lineNo = ++lineCount;
    if (restore && restoreRuleLine(lines.text, lines.start, lines.end, lineNo)) continue;
    let raw =
      lines.start === 0 && lines.end === lines.text.length ? lines.text : lines.text.slice(lines.start, lines.end);
    // A script line ending in a backslash continues on the next line (shell).
    while (!restore && raw.endsWith('\\') && !lines.ended) {
      // The backslash becomes a space: the next line starts just after it.
      const starts = continued.get(lineNo) ?? [];
      starts.push(raw.length);
      continued.set(lineNo, starts);
      raw = raw.slice(0, -1) + ' ' + readLine();
    }
    try {
      // A script's option lines go straight to the tokenizer (a dump's rule lines were read above); only the rest
      // are trimmed.
      let start = 0;
      while (start < raw.length && (raw.charCodeAt(start) === 32 || raw.charCodeAt(start) === 9)) start++;
      const first = raw.charCodeAt(start);
      if (!restore && (first === 45 || first === 91)) {
        // `-…` or `[…`
        const tok = tokenizeLine(raw, true, pool);
        if (tok.error) builder.diagnostics.push(diag('error', tok.error.code, { line: lineNo, col: tok.error.col }));
        else for (const part of shellCommands(tok.tokens)) commandLine(part, lineNo);
        continue;
      }
      const trimmed = raw.trim();
      if (trimmed === '') continue;
      if (first === 35 /* # */) {
        const hint = TABLE_HINT.exec(trimmed);
        if (hint && isTableName(hint[1]!.toLowerCase())) hintTable = hint[1]!.toLowerCase() as TableName;
        continue;
      }
      const pos: SourcePos = { line: lineNo, col: start + 1 };
      if (restore && first === 42 /* * */) {
        if (current)
          builder.diagnostics.push(
            diag('error', 'missing-commit', { line: currentLine, col: 1 }, { table: current.name }),
          );
        const name = trimmed.slice(1).trim();
        if (!isTableName(name)) {
          builder.diagnostics.push(diag('error', 'bad-table', pos, { table: name }));
          current = undefined;
          continue;
        }
        current = builder.resetTable(name, pos);
        currentLine = lineNo;
        continue;
      }
      if (restore && trimmed === 'COMMIT') {
        if (!current) builder.diagnostics.push(diag('error', 'commit-without-table', pos));
        current = undefined;
        continue;
      }
      if (restore && first === 58 /* : */) {
        chainLine(trimmed, pos, current, builder);
        continue;
      }
      const tok = tokenizeLine(raw, !restore, pool);
      if (tok.error) {
        builder.diagnostics.push(diag('error', tok.error.code, { line: lineNo, col: tok.error.col }));
        continue;
      }
      if (restore) commandLine(tok.tokens, lineNo);
      else for (const part of shellCommands(tok.tokens)) commandLine(part, lineNo);
    } catch (e) {
      internalError(e, lineNo);
    }
  }
  if (current)
    builder.diagnostics.push(diag('error', 'missing-commit', { line: currentLine, col: 1 }, { table: current.name }));
  return { ruleset: builder.ruleset, diagnostics: builder.diagnostics, format, continued };

  /**
   * A dump's rule line (`-A …`, `[p:b] -A …`: nearly every line of a big one), read where it lies in `text`, with no
   * string of its own; false for any other line.
   */
  function restoreRuleLine(text: string, from: number, to: number, lineNo: number): boolean {
    let start = from;
    while (start < to && (text.charCodeAt(start) === 32 || text.charCodeAt(start) === 9)) start++;
    const first = start < to ? text.charCodeAt(start) : 0;
    if (first !== 45 /* - */ && first !== 91 /* [ */) return false;
    try {
      const tok = tokenizeRange(text, from, to, false, pool);
      if (tok.error) builder.diagnostics.push(diag('error', tok.error.code, { line: lineNo, col: tok.error.col }));
      else commandLine(tok.tokens, lineNo);
    } catch (e) {
      internalError(e, lineNo);
    }
    return true;
  }

  function internalError(e: unknown, lineNo: number): void {
    // Nothing may escape the engine: an unexpected failure costs this line only.
    builder.diagnostics.push(
      diag('error', 'internal-error', { line: lineNo, col: 1 }, { detail: e instanceof Error ? e.message : String(e) }),
    );
  }

  function commandLine(tokens: Token[], lineNo: number): void {
    let start = 0;
    let counters: { packets: number; bytes: number } | undefined;
    if (restore && tokens[0] && tokens[0].text.charCodeAt(0) === 91 /* [ */ && COUNTERS.test(tokens[0].text)) {
      const m = COUNTERS.exec(tokens[0].text)!;
      counters = { packets: Number(m[1]), bytes: Number(m[2]) };
      start = 1;
    }
    let sawPrefix = false;
    // No prefix word starts with `-` (a dump's every rule line does): no Set lookup for those.
    while (start < tokens.length && tokens[start]!.text.charCodeAt(0) !== 45 && PREFIX_WORDS.has(tokens[start]!.text)) {
      start++;
      sawPrefix = true;
    }
    const head = tokens[start];
    if (!head) return;
    if (!sawPrefix && head.text.charCodeAt(0) !== 45 && IPV6_WORDS.test(head.text)) {
      builder.diagnostics.push(diag('info', 'ipv6-not-simulated', { line: lineNo, col: head.col }));
      return;
    }
    if (head.quoted || head.text.charCodeAt(0) !== 45 /* - */) {
      builder.diagnostics.push(
        diag('error', 'not-iptables', { line: lineNo, col: head.col, endCol: head.endCol }, { word: head.text }),
      );
      return;
    }
    const parsed = readCommand(tokens, start, lineNo);
    if (!parsed.ok) {
      for (const d of parsed.diagnostics) builder.diagnostics.push(d);
      return;
    }
    const cmd = parsed.cmd;
    let table: Table;
    if (restore) {
      if (cmd.tableToken) {
        builder.diagnostics.push(
          diag('error', 'table-in-restore', { line: lineNo, col: cmd.tableToken.col }, { table: current?.name ?? '' }),
        );
        return;
      }
      if (!current) {
        builder.diagnostics.push(diag('error', 'no-table', { line: lineNo, col: cmd.word.col }));
        return;
      }
      table = current;
    } else {
      const name = cmd.table ?? hintTable;
      table = builder.table(name, { line: lineNo, col: cmd.word.col });
    }
    applyEnv.line = lineNo;
    const added = applyCommand(cmd, tokens, table, applyEnv);
    // `[p:b] -A …` (iptables-save -c): the counters belong to the rule(s) just added.
    if (counters) for (const r of added) r.counters = { ...counters };
  }
}

/** A shell line may hold several commands: `iptables -F; iptables -X` or `… && …` (unquoted separators). */
function shellCommands(tokens: Token[]): Token[][] {
  let separated = false;
  for (const t of tokens)
    if (!t.quoted && (t.text === ';' || t.text === '&&' || t.text.endsWith(';'))) separated = true;
  if (!separated) return [tokens];
  const parts: Token[][] = [];
  let part: Token[] = [];
  for (const t of tokens) {
    if (!t.quoted && (t.text === ';' || t.text === '&&')) {
      parts.push(part);
      part = [];
    } else if (!t.quoted && t.text.endsWith(';')) {
      part.push({ ...t, text: t.text.slice(0, -1), endCol: t.endCol - 1 });
      parts.push(part);
      part = [];
    } else part.push({ ...t });
  }
  parts.push(part);
  return parts.filter((p) => p.length > 0);
}

/** The result of plainChainLine, reused: its caller reads it at once. */
const plainParts: [string, string, string, string, string] = ['', '', '', '', ''];

/**
 * CHAIN_LINE's groups for the form iptables-save writes (`:NAME POLICY [digits:digits]`, single spaces), found
 * without a regular expression (60,000 of these lines in a big dump); undefined for anything else, which
 * CHAIN_LINE then reads.
 */
function plainChainLine(trimmed: string): readonly string[] | undefined {
  if (trimmed.indexOf('\t') >= 0) return undefined;
  const nameEnd = trimmed.indexOf(' ');
  if (nameEnd < 2) return undefined;
  const policyEnd = trimmed.indexOf(' ', nameEnd + 1);
  if (policyEnd <= nameEnd + 1 || trimmed.charCodeAt(policyEnd + 1) !== 91 /* [ */) return undefined;
  const colon = trimmed.indexOf(':', policyEnd + 2);
  const close = trimmed.length - 1;
  if (colon < 0 || trimmed.charCodeAt(close) !== 93 /* ] */) return undefined;
  if (!allDigits(trimmed, policyEnd + 2, colon) || !allDigits(trimmed, colon + 1, close)) return undefined;
  // \S+ in CHAIN_LINE: printable ASCII is certainly not white space (other characters are left to the regex).
  if (!printable(trimmed, 1, nameEnd) || !printable(trimmed, nameEnd + 1, policyEnd)) return undefined;
  plainParts[1] = trimmed.slice(1, nameEnd);
  plainParts[2] = trimmed.slice(nameEnd + 1, policyEnd);
  plainParts[3] = trimmed.slice(policyEnd + 2, colon);
  plainParts[4] = trimmed.slice(colon + 1, close);
  return plainParts;
}

/** text[from, to) is printable ASCII other than the space. */
function printable(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c <= 32 || c >= 127) return false;
  }
  return true;
}

/** text[from, to) is one or more ASCII digits. */
function allDigits(text: string, from: number, to: number): boolean {
  if (to <= from) return false;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** `:NAME POLICY [packets:bytes]` in a dump: a built-in chain's policy, or a new user chain. */
function chainLine(trimmed: string, pos: SourcePos, table: Table | undefined, builder: RulesetBuilder): void {
  if (!table) {
    builder.diagnostics.push(diag('error', 'no-table', pos));
    return;
  }
  const m = plainChainLine(trimmed) ?? CHAIN_LINE.exec(trimmed);
  if (!m) {
    builder.diagnostics.push(diag('error', 'bad-chain-line', pos));
    return;
  }
  const name = m[1]!;
  const policy = m[2]!;
  const packets = Number(m[3] ?? 0);
  const bytes = Number(m[4] ?? 0);
  const counters = packets === 0 && bytes === 0 ? ZERO_COUNTERS : { packets, bytes };
  const nameCol = pos.col + 1;
  if (isBuiltinChain(table.name, name)) {
    const chain = table.chains.get(name)!;
    if (policy === 'ACCEPT' || policy === 'DROP') chain.policy = policy;
    else if (policy !== '-') {
      builder.diagnostics.push(diag('error', 'bad-policy', pos, { policy }));
      return;
    }
    chain.counters = counters;
    chain.pos = pos;
    return;
  }
  if (table.chains.has(name)) {
    // iptables-nft-restore loads `:U -` twice (recorded: conformance g38); `iptables -N U` twice is refused.
    builder.diagnostics.push(
      diag('warning', 'chain-declared-twice', { line: pos.line, col: nameCol }, { chain: name, table: table.name }),
    );
    return;
  }
  const problem = chainNameProblem(name);
  if (problem) {
    builder.diagnostics.push(
      diag('error', problem, { line: pos.line, col: nameCol, endCol: nameCol + name.length }, { chain: name }),
    );
    return;
  }
  if (isBuiltinElsewhere(table.name, name))
    builder.diagnostics.push(
      diag(
        'warning',
        'chain-name-builtin-of-other-table',
        { line: pos.line, col: nameCol },
        { chain: name, table: table.name },
      ),
    );
  if (policy !== '-') {
    // iptables-nft-restore accepts a policy on a user chain and ignores it (recorded on Linux 6.18, case f60).
    if (policy !== 'ACCEPT' && policy !== 'DROP') {
      builder.diagnostics.push(diag('error', 'bad-policy', pos, { policy }));
      return;
    }
    builder.diagnostics.push(diag('warning', 'user-chain-policy-ignored', pos, { chain: name, policy }));
  }
  const chain = builder.addChain(table, name, pos);
  chain.counters = counters;
}
