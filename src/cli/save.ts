// `nflab save FILE [--json] [--counters] [-j]`: the ruleset in its canonical form (iptables-save's, nft list ruleset's,
// ipvsadm-save -n's for IPVS text).
import {
  createSession,
  inBundle,
  isIpvsText,
  joinIpvsBundle,
  parseIpsets,
  splitIpvsBundle,
  type KubeIpvsBundle,
  isNftText,
  saveRuleset,
  type ParsedRuleset,
  type SaveResult,
} from '../engine/index.ts';
import { jsonDiagnostics, readRulesArgs } from './check.ts';

/** The `save` answer of the batch contract: refused input gives its errors, as iptables-restore would. */
export function saveResponse(parsed: ParsedRuleset, counters = false): Record<string, unknown> {
  if (parsed.rejected)
    return { ok: false, errors: jsonDiagnostics(parsed.diagnostics.filter((d) => d.severity === 'error')) };
  return { ok: true, save: saveRuleset(parsed.ruleset, { counters }) };
}

/** The batch contract's `save` answer for what a session saved. */
export function savedResponse(saved: SaveResult): Record<string, unknown> {
  if (!saved.ok) return { ok: false, errors: jsonDiagnostics(saved.diagnostics.filter((d) => d.severity === 'error')) };
  return { ok: true, save: saved.text };
}

const SAVE_USAGE = `usage: nflab save FILE [--json] [--counters] [-j] [--ipsets SETS]
  Prints the ruleset in its canonical form (iptables-save's, nft list ruleset's for nftables, or
  ipvsadm-save -n's for IPVS services), or FILE:LINE:COL: message lines (exit 1).
  FILE           an iptables-save dump, a script of iptables commands, an nftables ruleset (text or JSON),
                 or IPVS services (ipvsadm-save -n or ipvsadm -Ln output); - reads standard input
                 What nflab gen-kube --mode ipvs prints is saved section by section, under the same headers:
                 ipvsadm-save -n's form, the ipset save text as read (checked; the lab keeps no set options
                 such as hashsize, so it cannot print them anew), and iptables-save's form (-c alike).
  -c, --counters with [packets:bytes] counters, as iptables-save -c
  -j, --nft-json an nftables ruleset as nft -j list ruleset prints it (libnftables-json(5))
  --json         print the JSON answer of the batch contract instead
  --ipsets SETS  \`ipset save\` output: the sets -m set may name
`;

/**
 * Each section of a kube-proxy IPVS-mode bundle, as `nflab check` checks it: the virtual servers as ipvsadm-save -n
 * prints them, the sets as read (once they parse), the iptables rules (which may name those sets) as iptables-save.
 */
export function saveBundle(bundle: KubeIpvsBundle, counters: boolean): SaveResult {
  const session = createSession({ keepRulesets: 1 });
  const ipvs = session.save({ ipvs: bundle.ipvs.text })!;
  const sets = parseIpsets(bundle.ipsets.text);
  const { rulesetId } = session.load({ text: bundle.iptables.text, ipsets: bundle.ipsets.text });
  const rules = session.save({ rulesetId, counters })!;
  const diagnostics = [
    ...inBundle(bundle.ipvs, ipvs.diagnostics),
    ...inBundle(bundle.ipsets, sets.diagnostics),
    ...inBundle(bundle.iptables, rules.diagnostics),
  ];
  const ok = !diagnostics.some((d) => d.severity === 'error');
  const text = joinIpvsBundle({
    kubeIpvs0: bundle.kubeIpvs0,
    ipvs: ipvs.ok ? ipvs.text : '',
    ipsets: bundle.ipsets.text.trim() === '' ? '' : `${bundle.ipsets.text.trim()}\n`,
    iptables: rules.ok ? rules.text : '',
  });
  return { ok, text, diagnostics };
}

/** Through an engine session (parsed and validated once, saved by id), as the lab saves it; nftables text alike. */
function saveInSession(text: string, ipsets: string | undefined, counters: boolean, nftJson: boolean): SaveResult {
  const bundle = splitIpvsBundle(text);
  if (bundle) return saveBundle(bundle, counters);
  const session = createSession({ keepRulesets: 1 });
  if (isIpvsText(text)) return session.save({ ipvs: text })!;
  const { rulesetId } = session.load({ text, ...(ipsets !== undefined ? { ipsets } : {}) });
  return session.save({ rulesetId, counters, nftJson })!;
}

export function saveCommand(args: string[]): number {
  const json = args.includes('--json');
  const counters = args.includes('--counters') || args.includes('-c');
  const nftJson = args.includes('--nft-json') || args.includes('-j');
  const loaded = readRulesArgs(args, SAVE_USAGE, ['--json', '--counters', '-c', '--nft-json', '-j']);
  if (!loaded.ok) {
    if (loaded.readError !== undefined) process.stderr.write(loaded.readError + '\n');
    return loaded.exitCode;
  }
  const bundle = splitIpvsBundle(loaded.text) !== undefined;
  if (nftJson && bundle) {
    process.stderr.write(
      `nflab save: ${loaded.file}: -j lists an nftables ruleset; this is a kube-proxy IPVS bundle\n`,
    );
    return 2;
  }
  if ((nftJson || counters) && !bundle && isIpvsText(loaded.text)) {
    const option = nftJson ? '-j' : '-c';
    process.stderr.write(`nflab save: ${loaded.file}: ${option} is for rulesets; this is IPVS text (ipvsadm-save)\n`);
    return 2;
  }
  if (nftJson && !isNftText(loaded.text)) {
    process.stderr.write(`nflab save: ${loaded.file}: -j lists an nftables ruleset; this is iptables rules\n`);
    return 2;
  }
  const saved = saveInSession(loaded.text, loaded.ipsets, counters, nftJson);
  // The rules -j left out (statements with no JSON form here), located on standard error.
  if (nftJson && saved.ok && !json)
    for (const d of saved.diagnostics)
      if (d.code === 'nft-json-left-out') process.stderr.write(`${loaded.file}:${d.line}:${d.col}: ${d.message}\n`);
  if (json) {
    process.stdout.write(JSON.stringify(savedResponse(saved)) + '\n');
    return saved.ok ? 0 : 1;
  }
  if (!saved.ok) {
    for (const d of saved.diagnostics)
      if (d.severity === 'error') process.stderr.write(`${loaded.file}:${d.line}:${d.col}: ${d.message}\n`);
    return 1;
  }
  process.stdout.write(saved.text);
  return 0;
}
