// Every real-world dump in ../shared/real-dumps gets the verdict the real iptables-nft-restore (1.8.9, Linux 6.18)
// gave it, as that folder's SOURCES.md records: refused at the same line for the same reason, or accepted and
// surviving save → parse unchanged. Skipped when the folder is absent (e.g. outside the lab machine).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRuleset, saveRuleset } from './index.ts';

const DIR = path.resolve(import.meta.dirname, '../../../../shared/real-dumps');
const files = fs.existsSync(DIR) ? fs.readdirSync(DIR).filter((f) => f.endsWith('.rules')) : [];

/** The dumps iptables-nft-restore refused: the line it named and the words of its message (SOURCES.md). */
const REFUSED: Record<string, { line: number; says: string }> = {
  // Anonymised to `--mac-source XX:XX:XX:XX:XX:XX`.
  'tum-chair-2016-06-27.rules': { line: 1828, says: 'Invalid MAC address specified' },
  'tum-chair-2013-10-20.rules': { line: 1156, says: 'Invalid MAC address specified' },
  // `-d ! …`: intrapositioned negation, gone from iptables 1.8.
  'ugent.rules': { line: 73, says: "Bad argument `192.168.122.0/255.255.255.0'" },
};

describe.skipIf(files.length === 0)('real dumps judged as iptables-nft-restore judges them (SOURCES.md)', () => {
  it.each(files.filter((f) => REFUSED[f]))('%s is refused at the line iptables names, for its reason', (file) => {
    const first = parseRuleset(fs.readFileSync(path.join(DIR, file), 'utf8'));
    const errors = first.diagnostics.filter((d) => d.severity === 'error');
    expect(first.rejected).toBe(true);
    // iptables-restore stops at its first error; the lab marks every offending line, the first one being iptables'.
    expect(errors[0]).toMatchObject({ line: REFUSED[file]!.line });
    expect(errors[0]!.message).toContain(REFUSED[file]!.says);
    // Still loaded, so a student sees the rest and can fix the marked lines.
    expect(first.summary.rules).toBeGreaterThan(0);
  });

  it.each(files.filter((f) => !REFUSED[f]))('%s is accepted and round-trips through save', (file) => {
    const first = parseRuleset(fs.readFileSync(path.join(DIR, file), 'utf8'));
    expect(first.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(first.rejected).toBe(false);
    expect(first.summary.rules).toBeGreaterThan(0);
    const saved = saveRuleset(first.ruleset, { counters: true });
    const second = parseRuleset(saved);
    expect(second.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(second.summary).toEqual(first.summary);
    expect(saveRuleset(second.ruleset, { counters: true })).toBe(saved);
  });
});
