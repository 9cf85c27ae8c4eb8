// The parser's whole job on one text: guard against inputs that are not rules, read every line, then validate
// the complete ruleset as iptables-restore and the kernel would.
import type { Diagnostic, Ruleset } from '../model/types.ts';
import { validateRuleset } from '../validate/index.ts';
import { diag } from './messages.ts';
import type { ExtensionLookup } from './rule.ts';
import { parseText, type InputFormat } from './ruleset.ts';

export interface RulesetSummary {
  tables: number;
  chains: number;
  rules: number;
}

export interface ParsedRuleset {
  ruleset: Ruleset;
  /** Sorted by line, then column. */
  diagnostics: Diagnostic[];
  /** iptables-restore (or the iptables commands) would refuse this input: some diagnostic is an error. */
  rejected: boolean;
  summary: RulesetSummary;
  format: InputFormat;
}

/** Inputs above this size are refused: a paste this large is not a ruleset a student can read. */
export const MAX_INPUT_BYTES = 50 * 1024 * 1024;

export function summarize(ruleset: Ruleset): RulesetSummary {
  let chains = 0;
  let rules = 0;
  for (const t of ruleset.tables.values()) {
    chains += t.chains.size;
    for (const c of t.chains.values()) rules += c.rules.length;
  }
  return { tables: ruleset.tables.size, chains, rules };
}

/** NUL bytes, or many U+FFFD replacement characters (what invalid UTF-8 decodes to), mean a binary file. */
export function looksBinary(text: string): boolean {
  if (text.indexOf('\u0000') >= 0) return true;
  const sample = text.length > 65536 ? text.slice(0, 65536) : text;
  let bad = 0;
  for (let i = 0; i < sample.length; i++) if (sample.charCodeAt(i) === 0xfffd) bad++;
  return bad > 0 && bad * 100 >= sample.length;
}

function refused(diagnostic: Diagnostic): ParsedRuleset {
  return {
    ruleset: { tables: new Map() },
    diagnostics: [diagnostic],
    rejected: true,
    summary: { tables: 0, chains: 0, rules: 0 },
    format: 'script',
  };
}

export function analyzeRuleset(text: string, lookup: ExtensionLookup): ParsedRuleset {
  try {
    if (typeof text !== 'string') return refused(diag('error', 'binary-input', { line: 1, col: 1 }));
    // A UTF-16 length is at most the UTF-8 byte count; ×1 is exact for the ASCII rules are written in.
    if (text.length > MAX_INPUT_BYTES)
      return refused(
        diag('error', 'too-large', { line: 1, col: 1 }, { size: Math.round(text.length / 1048576), limit: 50 }),
      );
    if (looksBinary(text)) return refused(diag('error', 'binary-input', { line: 1, col: 1 }));
    // A byte-order mark (editors on Windows) is not part of the first line.
    const parsed = parseText(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, lookup);
    const diagnostics = parsed.diagnostics.concat(validateRuleset(parsed.ruleset, lookup));
    diagnostics.sort((a, b) => a.line - b.line || a.col - b.col);
    return {
      ruleset: parsed.ruleset,
      diagnostics,
      rejected: diagnostics.some((d) => d.severity === 'error'),
      summary: summarize(parsed.ruleset),
      format: parsed.format,
    };
  } catch (e) {
    return refused(
      diag(
        'error',
        'internal-error-ruleset',
        { line: 1, col: 1 },
        { detail: e instanceof Error ? e.message : String(e) },
      ),
    );
  }
}
