// The `save` answer for nftables text (`nft list ruleset` as nft prints it; the format is detected).
import { parseNft, printNftRuleset, type ParsedNft } from '../engine/index.ts';
import { jsonDiagnostics } from './check.ts';

export function nftSaveResponse(text: string | ParsedNft): Record<string, unknown> {
  const parsed = typeof text === 'string' ? parseNft(text) : text;
  if (parsed.rejected)
    return { ok: false, errors: jsonDiagnostics(parsed.diagnostics.filter((d) => d.severity === 'error')) };
  return { ok: true, save: printNftRuleset(parsed.ruleset) };
}
