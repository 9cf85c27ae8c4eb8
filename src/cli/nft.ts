// `check` and `save` answers for nftables text (the format is detected; an `iptablesRules` dump is checked too).
import { parseNft, parseRuleset, printNftRuleset, type ParsedNft } from '../engine/index.ts';
import { checkResponse, jsonDiagnostics } from './check.ts';

export function nftCheckResponse(text: string, iptablesRules?: string): Record<string, unknown> {
  if (iptablesRules !== undefined) {
    const ipt = checkResponse(parseRuleset(iptablesRules));
    if (ipt.ok === false) return ipt;
  }
  const parsed = parseNft(text);
  return {
    ok: !parsed.rejected,
    errors: jsonDiagnostics(parsed.diagnostics.filter((d) => d.severity === 'error')),
    warnings: jsonDiagnostics(parsed.diagnostics.filter((d) => d.severity !== 'error')),
    summary: parsed.summary,
  };
}

export function nftSaveResponse(text: string | ParsedNft): Record<string, unknown> {
  const parsed = typeof text === 'string' ? parseNft(text) : text;
  if (parsed.rejected)
    return { ok: false, errors: jsonDiagnostics(parsed.diagnostics.filter((d) => d.severity === 'error')) };
  return { ok: true, save: printNftRuleset(parsed.ruleset) };
}
