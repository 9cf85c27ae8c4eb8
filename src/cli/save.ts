// `nflab save FILE [--json] [--counters]`: the ruleset in iptables-save's canonical form.
import { createSession, saveRuleset, type ParsedRuleset, type SaveResult } from '../engine/index.ts';
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

const SAVE_USAGE = `usage: nflab save FILE [--json] [--counters] [--ipsets SETS]
  Prints the ruleset in iptables-save's canonical form, or FILE:LINE:COL: message lines (exit 1).
  FILE           an iptables-save dump, a script of iptables commands or nftables text (printed as
                 nft list ruleset does); - reads standard input
  -c, --counters with [packets:bytes] counters, as iptables-save -c
  --json         print the JSON answer of the batch contract instead
  --ipsets SETS  \`ipset save\` output: the sets -m set may name
`;

/** Through an engine session (parsed and validated once, saved by id), as the lab saves it; nftables text alike. */
function saveInSession(text: string, ipsets: string | undefined, counters: boolean): SaveResult {
  const session = createSession({ keepRulesets: 1 });
  const { rulesetId } = session.load({ text, ...(ipsets !== undefined ? { ipsets } : {}) });
  return session.save({ rulesetId, counters })!;
}

export function saveCommand(args: string[]): number {
  const json = args.includes('--json');
  const counters = args.includes('--counters') || args.includes('-c');
  const loaded = readRulesArgs(args, SAVE_USAGE, ['--json', '--counters', '-c']);
  if (!loaded.ok) {
    if (loaded.readError !== undefined) process.stderr.write(loaded.readError + '\n');
    return loaded.exitCode;
  }
  const saved = saveInSession(loaded.text, loaded.ipsets, counters);
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
