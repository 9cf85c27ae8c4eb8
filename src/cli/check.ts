// `nflab check FILE [--json]`: a summary and exit 0, or `FILE:LINE:COL: message` lines and exit 1.
import { checkRulesIn, type CheckResult, type Diagnostic } from '../engine/index.ts';
import { displayName, openPieces, readInput, type ReadResult } from './input.ts';

/** Reads a rules file (at most what the engine reads; the engine itself refuses binary content). */
export function readRulesFile(file: string): ReadResult {
  return readInput(file);
}

/** `--ipsets FILE` (ipset save text): the sets that exist, so `-m set` is checked as iptables does. */
export function ipsetOption(argv: string[]): { text?: string; rest: string[]; error?: string } {
  const i = argv.indexOf('--ipsets');
  if (i < 0) return { rest: argv };
  const file = argv[i + 1];
  const rest = argv.filter((_, k) => k !== i && k !== i + 1);
  if (!file) return { rest, error: '--ipsets needs a file (ipset save output)' };
  const read = readRulesFile(file);
  if ('error' in read) return { rest, error: read.error };
  return { rest, text: read.text };
}

/** A usage mistake in one line: `nflab check: unknown option --x (nflab check --help shows the options)`. */
export function usageError(usage: string, problem: string): string {
  const command = /^usage: (nflab [\w-]+)/.exec(usage)?.[1] ?? 'nflab';
  return `${command}: ${problem} (${command} --help shows the options)\n`;
}

/** `check` and `save` alike: `--ipsets FILE`, then one rules FILE among the flags, read. */
export type ReadRules =
  | { ok: true; file: string; argv: string[]; text: string; ipsets: string | undefined }
  /** `readError`: the file could not be read (the caller says so in its own output form); else already reported. */
  | { ok: false; exitCode: number; readError?: string };

/** The arguments of readRulesArgs, the rules file not read yet: `path` as given (`-` for standard input). */
type RulesArgs =
  { ok: true; path: string; argv: string[]; ipsets: string | undefined } | { ok: false; exitCode: number };

/**
 * `flags`: the options the command knows besides `--ipsets`; any other `-…` word is a usage error. `--help` prints
 * the usage (exit 0). The file is returned as messages name it (`<stdin>` for `-`).
 */
export function readRulesArgs(args: string[], usage: string, flags: readonly string[]): ReadRules {
  const parsed = rulesArgs(args, usage, flags);
  if (!parsed.ok) return parsed;
  const read = readRulesFile(parsed.path);
  if ('error' in read) return { ok: false, exitCode: 1, readError: read.error };
  return { ok: true, file: displayName(parsed.path), argv: parsed.argv, text: read.text, ipsets: parsed.ipsets };
}

function rulesArgs(args: string[], usage: string, flags: readonly string[]): RulesArgs {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(usage);
    return { ok: false, exitCode: 0 };
  }
  const sets = ipsetOption(args);
  if (sets.error) {
    process.stderr.write(sets.error + '\n');
    return { ok: false, exitCode: 2 };
  }
  const argv = sets.rest;
  const unknown = argv.find((a) => a.startsWith('-') && a !== '-' && !flags.includes(a));
  const files = argv.filter((a) => a === '-' || !a.startsWith('-'));
  if (unknown !== undefined || files.length !== 1) {
    const problem = unknown !== undefined ? `unknown option ${unknown}` : 'give one FILE (- for standard input)';
    process.stderr.write(usageError(usage, problem));
    return { ok: false, exitCode: 2 };
  }
  return { ok: true, path: files[0]!, argv, ipsets: sets.text };
}

export interface JsonDiagnostic {
  line: number;
  col: number;
  message: string;
  severity: Diagnostic['severity'];
  code?: string;
}

export function jsonDiagnostics(list: Diagnostic[]): JsonDiagnostic[] {
  return list.map((d) => {
    const j: JsonDiagnostic = { line: d.line, col: d.col, message: d.message, severity: d.severity };
    if (d.code) j.code = d.code;
    return j;
  });
}

/** The `check` answer of the batch contract. */
export function checkResponse(checked: CheckResult): Record<string, unknown> {
  return {
    ok: checked.ok,
    errors: jsonDiagnostics(checked.diagnostics.filter((d) => d.severity === 'error')),
    warnings: jsonDiagnostics(checked.diagnostics.filter((d) => d.severity !== 'error')),
    summary: checked.summary,
  };
}

const CHECK_USAGE = `usage: nflab check FILE [--json] [--verbose] [--ipsets SETS]
  Parses and validates a ruleset as iptables-restore --test does (nft -c for nftables, ipvsadm-restore for
  IPVS services): prints a summary (exit 0), or one FILE:LINE:COL: message line per error (exit 1).
  FILE         an iptables-save dump, a script of iptables commands, an nftables ruleset, or IPVS services
               (ipvsadm-save -n or ipvsadm -Ln output), or what nflab gen-kube --mode ipvs prints (its
               ipvsadm-save, ipset save and iptables-save sections, each checked); - reads standard input
  --json       print the JSON answer of the batch contract instead
  --verbose    also print the notes (e.g. extensions that are not simulated)
  --ipsets SETS  \`ipset save\` output: the sets -m set may name
`;

export function checkCommand(args: string[]): number {
  const json = args.includes('--json');
  const parsed = rulesArgs(args, CHECK_USAGE, ['--json', '--verbose']);
  if (!parsed.ok) return parsed.exitCode;
  // Read in pieces, never as one string: a 25 MB dump then needs no 25 MB buffer and string of its own.
  const read = openPieces(parsed.path);
  if ('error' in read) {
    if (json)
      process.stdout.write(JSON.stringify({ ok: false, errors: [{ line: 0, col: 0, message: read.error }] }) + '\n');
    else process.stderr.write(read.error + '\n');
    return 1;
  }
  let checked: CheckResult;
  try {
    checked = checkRulesIn(read.pieces, parsed.ipsets);
  } finally {
    read.close();
  }
  const file = displayName(parsed.path);
  const argv = parsed.argv;
  if (json) {
    process.stdout.write(JSON.stringify(checkResponse(checked)) + '\n');
    return checked.ok ? 0 : 1;
  }
  const verbose = argv.includes('--verbose');
  let notes = 0;
  for (const d of checked.diagnostics) {
    if (d.severity === 'error') process.stdout.write(`${file}:${d.line}:${d.col}: ${d.message}\n`);
    else if (d.severity === 'warning' || verbose)
      process.stderr.write(`${file}:${d.line}:${d.col}: ${d.severity}: ${d.message}\n`);
    else notes++;
  }
  if (notes > 0)
    process.stderr.write(
      `${file}: ${counted(notes, 'note')} (e.g. extensions that are not simulated); --verbose shows them\n`,
    );
  if (!checked.ok) return 1;
  const s = checked.summary;
  const ipvs = `${counted(s.services ?? 0, 'virtual service')}, ${counted(s.servers ?? 0, 'real server')}`;
  const rules = `${counted(s.tables, 'table')}, ${counted(s.chains, 'chain')}, ${counted(s.rules, 'rule')}`;
  const counts =
    checked.format === 'ipvs'
      ? ipvs
      : checked.format === 'kube-ipvs'
        ? `${ipvs}; ${counted(s.sets ?? 0, 'set')}; ${rules}`
        : rules;
  process.stdout.write(`${file}: ${counts}\n`);
  return 0;
}

/** "1 table", "2 tables": the CLI speaks English only, so one plural rule is enough. */
function counted(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
