// `check`: a ruleset parsed and validated as iptables-restore --test (or nft -c) would, every diagnostic kept, and
// nothing held: the command line's `nflab check` and anything else that only asks "would the kernel take this?".
import type { Diagnostic } from '../model/types.ts';
import { parseIpsets } from '../host/ipset.ts';
import { isNftText, parseNft } from '../nft/index.ts';
import { checkRuleset } from '../parse/index.ts';

export interface CheckRequest {
  /** iptables-save text, iptables commands, or nftables text (the format is detected). */
  text: string;
  /** `ipset save` text: the sets `-m set` may name. */
  ipsets?: string;
}

export interface CheckResult {
  format: 'iptables' | 'nft';
  /** False when iptables-restore (or nft) would refuse the text. */
  ok: boolean;
  /** Every diagnostic, unclipped: a checker must name every error. */
  diagnostics: Diagnostic[];
  /** nftables text also counts its named sets. */
  summary: { tables: number; chains: number; rules: number; sets?: number };
}

/**
 * The text up to its first line that is neither blank nor a comment: all isNftText reads, and on a 25 MB dump far
 * cheaper to hand it than the whole text, which it splits into lines.
 */
function firstStatement(text: string): string {
  for (let from = 0; from < text.length;) {
    let end = text.indexOf('\n', from);
    if (end < 0) end = text.length;
    const line = text.slice(from, end).trim();
    if (line !== '' && !line.startsWith('#')) return text.slice(0, end);
    from = end + 1;
  }
  return text;
}

export function checkRules(req: CheckRequest): CheckResult {
  if (isNftText(firstStatement(req.text))) {
    const parsed = parseNft(req.text);
    return { format: 'nft', ok: !parsed.rejected, diagnostics: parsed.diagnostics, summary: parsed.summary };
  }
  const names = req.ipsets === undefined ? undefined : [...parseIpsets(req.ipsets).sets.keys()];
  const parsed = checkRuleset(req.text, names ? { ipsets: names } : {});
  return { format: 'iptables', ok: !parsed.rejected, diagnostics: parsed.diagnostics, summary: parsed.summary };
}
