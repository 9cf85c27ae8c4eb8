// Which of the host's texts a diagnostic is about, and so which tool's check it stands for: the engine reports the
// rules' errors (iptables and nft, in one list) and, with the trace, those of the sets and of IPVS, told apart by code.
import type { Diagnostic } from '../../engine/index.ts';
import type { EditedField } from './useCodeMirror.ts';

/** 'iptablesBesideNft': the iptables-save dump loaded before nftables rules, as iptables-nft-restore would. */
export type TextSource = 'iptables' | 'iptablesBesideNft' | 'nft' | 'ipsets' | 'ipvs' | 'other';

/** `nft`: the rules are nftables text (the iptables text is then the dump beside them). */
export function sourceOf(d: Diagnostic, nft: boolean): TextSource {
  const code = d.code ?? '';
  if (code === 'bad-ipset') return 'ipsets';
  if (code.startsWith('ipvs-')) return 'ipvs';
  if (code.startsWith('nft')) return 'nft';
  if (code === 'bad-host' || code === 'bad-packet') return 'other';
  return nft ? 'iptablesBesideNft' : 'iptables';
}

/** The text an editor tab holds, as a source. */
export function sourceOfField(field: EditedField, nft: boolean): Exclude<TextSource, 'other'> {
  if (field === 'rules') return nft ? 'nft' : 'iptables';
  return field === 'iptablesRules' ? 'iptablesBesideNft' : field;
}

/** What the engine last said about the text of `field`: undefined while it has not checked that text yet. */
export function fieldDiagnostics(
  field: EditedField,
  nft: boolean,
  check: { ok: boolean; diagnostics: Diagnostic[] } | null,
  response: { ok: true; diagnostics: Diagnostic[] } | { ok: false; errors: Diagnostic[] } | null,
): { diagnostics: Diagnostic[] } | { waitsForRules: boolean } {
  const mine = sourceOfField(field, nft);
  const of = (list: readonly Diagnostic[]) => list.filter((d) => sourceOf(d, nft) === mine);
  if (field === 'rules' || field === 'iptablesRules')
    return check ? { diagnostics: of(check.diagnostics) } : { waitsForRules: false };
  // The sets and IPVS are read with the trace, which stops at refused rules before reading them.
  if (check && !check.ok) return { waitsForRules: true };
  if (!response) return { waitsForRules: false };
  return { diagnostics: of(response.ok ? response.diagnostics : response.errors) };
}
