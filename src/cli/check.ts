// `nflab check FILE [--json]`: a summary and exit 0, or `FILE:LINE:COL: message` lines and exit 1.
import fs from 'node:fs';
import {
  isNftText,
  MAX_INPUT_BYTES,
  parseIpsets,
  parseNft,
  parseRuleset,
  type Diagnostic,
  type ParsedNft,
  type ParsedRuleset,
} from '../engine/index.ts';

/** Reads a rules file; the engine itself refuses binary content, this only guards the size before reading. */
export function readRulesFile(file: string): { text: string } | { error: string } {
  try {
    const size = file === '-' ? 0 : fs.statSync(file).size;
    if (size > MAX_INPUT_BYTES)
      return { error: `${file}: the file is ${Math.round(size / 1048576)} MB; the lab reads at most 50 MB of rules.` };
    const bytes = fs.readFileSync(file === '-' ? 0 : file);
    return { text: new TextDecoder('utf-8', { fatal: false }).decode(bytes) };
  } catch (e) {
    return { error: `${file}: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** `--ipsets FILE` (ipset save text): the sets that exist, so `-m set` is checked as iptables does. */
export function ipsetOption(argv: string[]): { names?: string[]; rest: string[]; error?: string } {
  const i = argv.indexOf('--ipsets');
  if (i < 0) return { rest: argv };
  const file = argv[i + 1];
  const rest = argv.filter((_, k) => k !== i && k !== i + 1);
  if (!file) return { rest, error: '--ipsets needs a file (ipset save output)' };
  const read = readRulesFile(file);
  if ('error' in read) return { rest, error: read.error };
  return { rest, names: [...parseIpsets(read.text).sets.keys()] };
}

/** `check` and `save` alike: `--ipsets FILE`, then one rules FILE among the flags, read and parsed. */
export type LoadedRules =
  | { ok: true; file: string; argv: string[]; nft: false; parsed: ParsedRuleset }
  | { ok: true; file: string; argv: string[]; nft: true; parsed: ParsedNft }
  /** `readError`: the file could not be read (the caller says so in its own output form); else already reported. */
  | { ok: false; exitCode: number; readError?: string };

export function loadRulesArgs(args: string[], usage: string, isFile: (arg: string) => boolean): LoadedRules {
  const sets = ipsetOption(args);
  if (sets.error) {
    process.stderr.write(sets.error + '\n');
    return { ok: false, exitCode: 2 };
  }
  const argv = sets.rest;
  const files = argv.filter(isFile);
  if (files.length !== 1) {
    process.stderr.write(`usage: ${usage}\n`);
    return { ok: false, exitCode: 2 };
  }
  const file = files[0]!;
  const read = readRulesFile(file);
  if ('error' in read) return { ok: false, exitCode: 1, readError: read.error };
  // nftables text (anything that is not an iptables-save dump or an iptables script) goes to the nft parser.
  if (isNftText(read.text)) return { ok: true, file, argv, parsed: parseNft(read.text), nft: true };
  return {
    ok: true,
    file,
    argv,
    parsed: parseRuleset(read.text, sets.names ? { ipsets: sets.names } : {}),
    nft: false,
  };
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
export function checkResponse(parsed: ParsedRuleset | ParsedNft): Record<string, unknown> {
  return {
    ok: !parsed.rejected,
    errors: jsonDiagnostics(parsed.diagnostics.filter((d) => d.severity === 'error')),
    warnings: jsonDiagnostics(parsed.diagnostics.filter((d) => d.severity !== 'error')),
    summary: parsed.summary,
  };
}

export function checkCommand(args: string[]): number {
  const json = args.includes('--json');
  const loaded = loadRulesArgs(
    args,
    'nflab check FILE [--json] [--verbose] [--ipsets FILE]',
    (a) => a !== '--json' && a !== '--verbose',
  );
  if (!loaded.ok) {
    if (loaded.readError === undefined) return loaded.exitCode;
    if (json)
      process.stdout.write(
        JSON.stringify({ ok: false, errors: [{ line: 0, col: 0, message: loaded.readError }] }) + '\n',
      );
    else process.stderr.write(loaded.readError + '\n');
    return loaded.exitCode;
  }
  const { file, argv, parsed } = loaded;
  if (json) {
    process.stdout.write(JSON.stringify(checkResponse(parsed)) + '\n');
    return parsed.rejected ? 1 : 0;
  }
  const verbose = argv.includes('--verbose');
  let notes = 0;
  for (const d of parsed.diagnostics) {
    if (d.severity === 'error') process.stdout.write(`${file}:${d.line}:${d.col}: ${d.message}\n`);
    else if (d.severity === 'warning' || verbose)
      process.stderr.write(`${file}:${d.line}:${d.col}: ${d.severity}: ${d.message}\n`);
    else notes++;
  }
  if (notes > 0)
    process.stderr.write(`${file}: ${notes} notes (e.g. extensions that are not simulated); --verbose shows them\n`);
  if (parsed.rejected) return 1;
  const s = parsed.summary;
  process.stdout.write(`${file}: ${s.tables} tables, ${s.chains} chains, ${s.rules} rules\n`);
  return 0;
}
