// The `save` answer for nftables text (`nft list ruleset` as nft prints it, or `nft -j list ruleset` with `json`; the
// input format is detected).
import { parseNft, printNftJson, printNftRuleset, type ParsedNft } from '../engine/index.ts';
import { jsonDiagnostics } from './check.ts';

export function nftSaveResponse(text: string | ParsedNft, opts: { json?: boolean } = {}): Record<string, unknown> {
  const parsed = typeof text === 'string' ? parseNft(text) : text;
  if (parsed.rejected)
    return { ok: false, errors: jsonDiagnostics(parsed.diagnostics.filter((d) => d.severity === 'error')) };
  if (!opts.json) return { ok: true, save: printNftRuleset(parsed.ruleset) };
  const listed = printNftJson(parsed.ruleset);
  // Statements the lab keeps only as text have no JSON form here: said, with where they are.
  const notes = listed.skipped.map(({ line, col, text: stmt }) => ({
    line,
    col,
    severity: 'warning',
    message: `"${stmt}" is not simulated: the lab cannot write it as JSON, and leaves its rule out.`,
  }));
  return { ok: true, save: listed.text, ...(notes.length ? { warnings: notes } : {}) };
}
