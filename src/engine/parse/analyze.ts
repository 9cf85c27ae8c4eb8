// The parser's whole job on one text: guard against inputs that are not rules, read every line, then validate
// the complete ruleset as iptables-restore and the kernel would.
import type { Diagnostic, Ruleset, SourcePos } from '../model/types.ts';
import { validateRuleset } from '../validate/index.ts';
import { StreamingValidator } from '../validate/streaming.ts';
import { diag } from './messages.ts';
import type { ExtensionLookup } from './rule.ts';
import { LineReader, joinPieces, linePieces } from './pieces.ts';
import { detectFormat, parseLines, parseText, type InputFormat, type ParseOutput } from './ruleset.ts';

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

/** How much of the start of a text binaryOffset samples for replacement characters. */
const BINARY_SAMPLE = 65536;

/**
 * Where a binary file shows itself: its first NUL byte, or — when at least 1% of the first 64 KB are U+FFFD
 * replacement characters (what invalid UTF-8 decodes to) — the first of those; -1 for text.
 */
export function binaryOffset(text: string): number {
  const nul = text.indexOf('\u0000');
  if (nul >= 0) return nul;
  const sample = text.length > BINARY_SAMPLE ? text.slice(0, BINARY_SAMPLE) : text;
  let bad = 0;
  for (let i = 0; i < sample.length; i++) if (sample.charCodeAt(i) === 0xfffd) bad++;
  return bad > 0 && bad * 100 >= sample.length ? sample.indexOf('\ufffd') : -1;
}

/** 1-based line and column of a UTF-16 offset. */
function positionOf(text: string, offset: number): SourcePos {
  let line = 1;
  let lineStart = 0;
  for (let nl = text.indexOf('\n'); nl >= 0 && nl < offset; nl = text.indexOf('\n', nl + 1)) {
    line++;
    lineStart = nl + 1;
  }
  return { line, col: offset - lineStart + 1 };
}

/**
 * Diagnostics of a backslash-continued command carry its first line and a column in the joined text; this puts
 * each back on the physical line and column it points at.
 */
function placeContinued(diagnostics: Diagnostic[], continued: ReadonlyMap<number, readonly number[]>): void {
  if (continued.size === 0) return;
  const place = (line: number, col: number): SourcePos => {
    const starts = continued.get(line)!;
    let k = 0;
    while (k < starts.length && starts[k]! <= col - 1) k++;
    return { line: line + k, col: k === 0 ? col : col - starts[k - 1]! };
  };
  for (const d of diagnostics) {
    if (!continued.has(d.line)) continue;
    const at = place(d.line, d.col);
    if (d.endCol !== undefined) {
      const end = place(d.line, d.endCol - 1);
      if (end.line === at.line) d.endCol = end.col + 1;
      else delete d.endCol;
    }
    d.line = at.line;
    d.col = at.col;
  }
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

/** Why the text is refused before any line is read (not a string, too large, binary); undefined for rules text. */
function refusal(text: string): ParsedRuleset | undefined {
  if (typeof text !== 'string') return refused(diag('error', 'binary-input', { line: 1, col: 1 }));
  // A UTF-16 length is at most the UTF-8 byte count; ×1 is exact for the ASCII rules are written in.
  if (text.length > MAX_INPUT_BYTES)
    return refused(
      diag('error', 'too-large', { line: 1, col: 1 }, { size: Math.round(text.length / 1048576), limit: 50 }),
    );
  const binary = binaryOffset(text);
  if (binary >= 0) return refused(diag('error', 'binary-input', positionOf(text, binary)));
  return undefined;
}

/** A byte-order mark (editors on Windows) is not part of the first line. */
const withoutBom = (text: string) => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

/** withoutBom on the first of non-empty pieces. */
function* withoutFirstBom(pieces: Iterable<string>): Generator<string, void, undefined> {
  let first = true;
  for (const piece of pieces) {
    yield first ? withoutBom(piece) : piece;
    first = false;
  }
}

/** The parse's and the table checks' diagnostics, on the lines they are about, in order. */
function placed(parsed: ParseOutput, checks: Diagnostic[]): Diagnostic[] {
  const diagnostics = parsed.diagnostics.concat(checks);
  placeContinued(diagnostics, parsed.continued);
  diagnostics.sort((a, b) => a.line - b.line || a.col - b.col);
  return diagnostics;
}

function internalError(e: unknown): ParsedRuleset {
  return refused(
    diag(
      'error',
      'internal-error-ruleset',
      { line: 1, col: 1 },
      { detail: e instanceof Error ? e.message : String(e) },
    ),
  );
}

export function analyzeRuleset(text: string, lookup: ExtensionLookup): ParsedRuleset {
  try {
    const refusedText = refusal(text);
    if (refusedText) return refusedText;
    const parsed = parseText(withoutBom(text), lookup);
    const diagnostics = placed(parsed, validateRuleset(parsed.ruleset, lookup));
    return {
      ruleset: parsed.ruleset,
      diagnostics,
      rejected: diagnostics.some((d) => d.severity === 'error'),
      summary: summarize(parsed.ruleset),
      format: parsed.format,
    };
  } catch (e) {
    return internalError(e);
  }
}

/** analyzeRuleset's verdict without the model. */
export type CheckedRuleset = Omit<ParsedRuleset, 'ruleset'>;

/**
 * What must be known of a text read in pieces before its first line: its format (a `*table` line anywhere makes it
 * a dump) and whether its start looks binary (binaryOffset's sample). Reads only as far as it takes: for a dump,
 * its first piece or two.
 */
function head(source: Iterable<string>): { binaryStart: boolean; format: InputFormat } {
  let sample = '';
  let save = false;
  let first = true;
  for (let piece of linePieces(source)) {
    if (sample.length < BINARY_SAMPLE) sample += piece.slice(0, BINARY_SAMPLE - sample.length);
    if (first) piece = withoutBom(piece);
    first = false;
    // Each piece starts at a line start, so a per-piece `^` finds what detectFormat finds in the whole text.
    if (!save) save = detectFormat(piece) === 'save';
    if (save && sample.length >= BINARY_SAMPLE) break;
  }
  return { binaryStart: binaryOffset(sample) >= 0, format: save ? 'save' : 'script' };
}

/**
 * The pieces, watched for what makes refusal() refuse a text wherever it is (its length, a NUL character): once
 * seen, the pieces end there, and with them the parse.
 */
class RefusalWatch {
  private length = 0;
  refused = false;

  *pieces(source: Iterable<string>): Generator<string, void, undefined> {
    for (const piece of source) {
      this.length += piece.length;
      if (this.length > MAX_INPUT_BYTES || piece.indexOf('\u0000') >= 0) {
        this.refused = true;
        return;
      }
      yield piece;
    }
  }
}

/**
 * analyzeRuleset's diagnostics and summary, for a caller that does not keep the ruleset (`check`): every rule is
 * validated as it is read and dropped at once (validate/streaming.ts). A text that edits rules already loaded
 * (-I, -D, -X, -E, -F …) is parsed again with the whole model.
 */
export function checkRulesetText(text: string, lookup: ExtensionLookup): CheckedRuleset {
  // Not a string at all (a caller in plain JavaScript): refused as binary input, as analyzeRuleset does.
  if (typeof text !== 'string') return withoutModel(refusal(text)!);
  return checkRulesetPieces([text], lookup);
}

/**
 * checkRulesetText on a text given in pieces (concatenated, they are the text): its head is read first (format, a
 * binary start), then every line. The whole text is never held, except on the rare paths that need it (a refusal,
 * which names a position; a text that needs the whole model).
 */
export function checkRulesetPieces(source: Iterable<string>, lookup: ExtensionLookup): CheckedRuleset {
  try {
    const { binaryStart, format } = head(source);
    // head() and RefusalWatch see what refusal() refuses; refusal() on the whole text says which and where.
    if (binaryStart) return withoutModel(refusal(joinPieces(source))!);
    const sink = new StreamingValidator(lookup);
    const watch = new RefusalWatch();
    const lines = new LineReader(withoutFirstBom(watch.pieces(linePieces(source))));
    const parsed = parseLines(lines, format, lookup, sink);
    // Before the whole model: a parse stopped for it has not seen every piece (analyzeRuleset refuses by itself).
    if (sink.needsModel) return withoutModel(analyzeRuleset(joinPieces(source), lookup));
    if (watch.refused) return withoutModel(refusal(joinPieces(source))!);
    const diagnostics = placed(parsed, sink.finish(parsed.ruleset));
    const { tables, chains } = summarize(parsed.ruleset);
    return {
      diagnostics,
      rejected: diagnostics.some((d) => d.severity === 'error'),
      summary: { tables, chains, rules: sink.ruleCount(parsed.ruleset) },
      format: parsed.format,
    };
  } catch (e) {
    return withoutModel(internalError(e));
  }
}

function withoutModel(parsed: ParsedRuleset): CheckedRuleset {
  return { diagnostics: parsed.diagnostics, rejected: parsed.rejected, summary: parsed.summary, format: parsed.format };
}
