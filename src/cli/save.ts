// `nflab save FILE [--json] [--counters]`: the ruleset in iptables-save's canonical form.
import { createSession, isNftText, saveRuleset, type ParsedRuleset, type SaveResult } from '../engine/index.ts';
import { jsonDiagnostics, readRulesArgs, type JsonDiagnostic } from './check.ts';
import { nftSaveResponse } from './nft.ts';

/** The `save` answer of the batch contract: refused input gives its errors, as iptables-restore would. */
export function saveResponse(parsed: ParsedRuleset, counters = false): Record<string, unknown> {
  if (parsed.rejected)
    return { ok: false, errors: jsonDiagnostics(parsed.diagnostics.filter((d) => d.severity === 'error')) };
  return { ok: true, save: saveRuleset(parsed.ruleset, { counters }) };
}

const SAVE_USAGE = `usage: nflab save FILE [--json] [--counters] [-j] [--ipsets SETS]
  Prints the ruleset in its canonical form (iptables-save's, or nft list ruleset's for nftables), or
  FILE:LINE:COL: message lines (exit 1).
  FILE           an iptables-save dump, a script of iptables commands, or an nftables ruleset (text or JSON);
                 - reads standard input
  -c, --counters with [packets:bytes] counters, as iptables-save -c
  -j, --nft-json an nftables ruleset as nft -j list ruleset prints it (libnftables-json(5))
  --json         print the JSON answer of the batch contract instead
  --ipsets SETS  \`ipset save\` output: the sets -m set may name
`;

/** The iptables ruleset through an engine session (parsed and validated once, saved by id), as the lab saves it. */
function saveInSession(text: string, ipsets: string | undefined, counters: boolean): SaveResult {
  const session = createSession({ keepRulesets: 1 });
  const { rulesetId } = session.load({ text, ...(ipsets !== undefined ? { ipsets } : {}) });
  return session.save({ rulesetId, counters })!;
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
  const { file, text } = loaded;
  if (isNftText(text)) {
    const resp = nftSaveResponse(text, { json: nftJson });
    if (json) process.stdout.write(JSON.stringify(resp) + '\n');
    else if (resp.ok) process.stdout.write(String(resp.save));
    for (const d of ((json ? [] : (resp.errors ?? resp.warnings)) ?? []) as JsonDiagnostic[])
      process.stderr.write(`${file}:${d.line}:${d.col}: ${d.message}\n`);
    return resp.ok ? 0 : 1;
  }
  if (nftJson) {
    process.stderr.write(`nflab save: ${file}: -j lists an nftables ruleset; this is iptables rules\n`);
    return 2;
  }
  const saved = saveInSession(text, loaded.ipsets, counters);
  const errors = saved.diagnostics.filter((d) => d.severity === 'error');
  if (json) {
    const resp = saved.ok ? { ok: true, save: saved.text } : { ok: false, errors: jsonDiagnostics(errors) };
    process.stdout.write(JSON.stringify(resp) + '\n');
    return saved.ok ? 0 : 1;
  }
  if (!saved.ok) {
    for (const d of errors) process.stderr.write(`${file}:${d.line}:${d.col}: ${d.message}\n`);
    return 1;
  }
  process.stdout.write(saved.text);
  return 0;
}
