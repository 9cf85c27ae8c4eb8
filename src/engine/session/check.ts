// `check`: a ruleset parsed and validated as iptables-restore --test (or nft -c) would, every diagnostic kept, and
// nothing held: the command line's `nflab check` and anything else that only asks "would the kernel take this?".
import type { Diagnostic } from '../model/types.ts';
import { parseIpsets } from '../host/ipset.ts';
import { isNftText, parseNft } from '../nft/index.ts';
import { checkRulesetPieces } from '../parse/index.ts';
import { joinPieces, LineReader } from '../parse/pieces.ts';
import { isIpvsText, parseIpvs } from '../ipvs/parse.ts';
import { inBundle, opensAsIpvsBundle, splitIpvsBundle, type KubeIpvsBundle } from '../ipvs/bundle.ts';

export interface CheckRequest {
  /** iptables-save text, iptables commands, nftables text, or IPVS text (the format is detected). */
  text: string;
  /** `ipset save` text: the sets `-m set` may name. */
  ipsets?: string;
}

export interface CheckResult {
  /** 'kube-ipvs': the three sections of a kube-proxy IPVS-mode node (ipvsadm-save, ipset save, iptables-save). */
  format: 'iptables' | 'nft' | 'ipvs' | 'kube-ipvs';
  /** False when iptables-restore (or nft, or ipvsadm-restore) would refuse the text. */
  ok: boolean;
  /** Every diagnostic, unclipped: a checker must name every error. */
  diagnostics: Diagnostic[];
  /** nftables text also counts its named sets; IPVS text has no tables, only virtual and real servers. */
  summary: { tables: number; chains: number; rules: number; sets?: number; services?: number; servers?: number };
}

/**
 * The lines up to the first that is neither blank nor a comment, and that line ('' for none): all isNftText and the
 * bundle's header test read, and on a 25 MB dump far cheaper to hand them than the whole text.
 */
function opening(source: Iterable<string>): { comments: string; first: string } {
  const lines = new LineReader(source);
  const comments: string[] = [];
  while (!lines.ended) {
    const line = lines.readLine();
    const trimmed = line.trim();
    if (trimmed !== '' && !trimmed.startsWith('#')) return { comments: comments.join('\n'), first: line };
    comments.push(line);
  }
  return { comments: comments.join('\n'), first: '' };
}

export function checkRules(req: CheckRequest): CheckResult {
  return checkRulesIn([req.text], req.ipsets);
}

/**
 * checkRules on a text given in pieces (`nflab check` reads a file 64 KB at a time): concatenated, the pieces are
 * the text; the source is read more than once. `ipsets`: `ipset save` text.
 */
export function checkRulesIn(source: Iterable<string>, ipsets?: string): CheckResult {
  const { comments, first } = opening(source);
  if (opensAsIpvsBundle(comments)) {
    const bundle = splitIpvsBundle(joinPieces(source));
    if (bundle) return checkBundle(bundle);
  }
  if (isIpvsText(first)) return checkIpvs(joinPieces(source));
  if (isNftText(first)) {
    const parsed = parseNft(joinPieces(source));
    return { format: 'nft', ok: !parsed.rejected, diagnostics: parsed.diagnostics, summary: parsed.summary };
  }
  const names = ipsets === undefined ? undefined : [...parseIpsets(ipsets).sets.keys()];
  const parsed = checkRulesetPieces(source, names ? { ipsets: names } : {});
  return { format: 'iptables', ok: !parsed.rejected, diagnostics: parsed.diagnostics, summary: parsed.summary };
}

/** `ipvsadm-save -n` text or an `ipvsadm -Ln` listing: refused where ipvsadm-restore would refuse a line. */
function checkIpvs(text: string): CheckResult {
  const { config, diagnostics } = parseIpvs(text);
  const servers = config.services.reduce((n, svc) => n + svc.dests.length, 0);
  return {
    format: 'ipvs',
    ok: !diagnostics.some((d) => d.severity === 'error'),
    diagnostics,
    summary: { tables: 0, chains: 0, rules: 0, services: config.services.length, servers },
  };
}

/**
 * Every section of a kube-proxy IPVS-mode bundle, each as its own tool would check it (ipvsadm-restore, ipset restore,
 * iptables-restore --test with the sets just read), diagnostics located in the whole file.
 */
function checkBundle(bundle: KubeIpvsBundle): CheckResult {
  const ipvs = checkIpvs(bundle.ipvs.text);
  const sets = parseIpsets(bundle.ipsets.text);
  const names = [...sets.sets.keys()];
  const rules = checkRulesetPieces([bundle.iptables.text], { ipsets: names });
  const diagnostics = [
    ...inBundle(bundle.ipvs, ipvs.diagnostics),
    ...inBundle(bundle.ipsets, sets.diagnostics),
    ...inBundle(bundle.iptables, rules.diagnostics),
  ];
  return {
    format: 'kube-ipvs',
    ok: !diagnostics.some((d) => d.severity === 'error'),
    diagnostics,
    summary: { ...rules.summary, sets: names.length, services: ipvs.summary.services, servers: ipvs.summary.servers },
  };
}
