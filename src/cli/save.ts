// `nflab save FILE [--json] [--counters]`: the ruleset in iptables-save's canonical form.
import { saveRuleset, type ParsedRuleset } from '../engine/index.ts';
import { jsonDiagnostics, loadRulesArgs } from './check.ts';
import { nftSaveResponse } from './nft.ts';

/** The `save` answer of the batch contract: refused input gives its errors, as iptables-restore would. */
export function saveResponse(parsed: ParsedRuleset, counters = false): Record<string, unknown> {
  if (parsed.rejected)
    return { ok: false, errors: jsonDiagnostics(parsed.diagnostics.filter((d) => d.severity === 'error')) };
  return { ok: true, save: saveRuleset(parsed.ruleset, { counters }) };
}

const SAVE_USAGE = `usage: nflab save FILE [--json] [--counters] [--ipsets SETS]
  Prints the ruleset in iptables-save's canonical form, or FILE:LINE:COL: message lines (exit 1).
  FILE           an iptables-save dump or a script of iptables commands; - reads standard input
  -c, --counters with [packets:bytes] counters, as iptables-save -c
  --json         print the JSON answer of the batch contract instead
  --ipsets SETS  \`ipset save\` output: the sets -m set may name
`;

export function saveCommand(args: string[]): number {
  const json = args.includes('--json');
  const counters = args.includes('--counters') || args.includes('-c');
  const loaded = loadRulesArgs(args, SAVE_USAGE, ['--json', '--counters', '-c']);
  if (!loaded.ok) {
    if (loaded.readError !== undefined) process.stderr.write(loaded.readError + '\n');
    return loaded.exitCode;
  }
  const { file, parsed } = loaded;
  const resp = loaded.nft ? nftSaveResponse(loaded.parsed) : saveResponse(loaded.parsed, counters);
  if (json) {
    process.stdout.write(JSON.stringify(resp) + '\n');
    return resp.ok ? 0 : 1;
  }
  if (!resp.ok) {
    for (const d of parsed.diagnostics)
      if (d.severity === 'error') process.stderr.write(`${file}:${d.line}:${d.col}: ${d.message}\n`);
    return 1;
  }
  process.stdout.write(String(resp.save));
  return 0;
}
