// `nflab save FILE [--json] [--counters]`: the ruleset in iptables-save's canonical form.
import { parseRuleset, saveRuleset, type ParsedRuleset } from '../engine/index.ts';
import { ipsetOption, jsonDiagnostics, readRulesFile } from './check.ts';

/** The `save` answer of the batch contract: refused input gives its errors, as iptables-restore would. */
export function saveResponse(parsed: ParsedRuleset, counters = false): Record<string, unknown> {
  if (parsed.rejected)
    return { ok: false, errors: jsonDiagnostics(parsed.diagnostics.filter((d) => d.severity === 'error')) };
  return { ok: true, save: saveRuleset(parsed.ruleset, { counters }) };
}

export function saveCommand(args: string[]): number {
  const sets = ipsetOption(args);
  if (sets.error) {
    process.stderr.write(sets.error + '\n');
    return 2;
  }
  const argv = sets.rest;
  const json = argv.includes('--json');
  const counters = argv.includes('--counters') || argv.includes('-c');
  const files = argv.filter((a) => !a.startsWith('-') || a === '-');
  if (files.length !== 1) {
    process.stderr.write('usage: nflab save FILE [--json] [--counters] [--ipsets FILE]\n');
    return 2;
  }
  const file = files[0]!;
  const read = readRulesFile(file);
  if ('error' in read) {
    process.stderr.write(read.error + '\n');
    return 1;
  }
  const parsed = parseRuleset(read.text, sets.names ? { ipsets: sets.names } : {});
  const resp = saveResponse(parsed, counters);
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
