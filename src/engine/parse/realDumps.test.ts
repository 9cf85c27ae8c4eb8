// Every real-world dump in ../shared/real-dumps (firewalls, Docker, ufw, shorewall, kube-proxy…) loads without an
// error and survives save → parse unchanged. Skipped when the folder is absent (e.g. outside the lab machine).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRuleset, saveRuleset } from './index.ts';

const DIR = path.resolve(import.meta.dirname, '../../../../shared/real-dumps');
const files = fs.existsSync(DIR) ? fs.readdirSync(DIR).filter((f) => f.endsWith('.rules')) : [];

describe.skipIf(files.length === 0)('real dumps', () => {
  it.each(files)('%s loads without errors and round-trips through save', (file) => {
    const text = fs.readFileSync(path.join(DIR, file), 'utf8');
    const lines = text.split('\n');
    const first = parseRuleset(text);
    // The TUM dumps were anonymised with MAC addresses "XX:XX:XX:XX:XX:XX", which iptables itself would refuse:
    // those lines are the only errors allowed.
    const anonymised = (line: number) => (lines[line - 1] ?? '').includes('--mac-source XX:XX:XX:XX:XX:XX');
    expect(first.diagnostics.filter((d) => d.severity === 'error' && !anonymised(d.line))).toEqual([]);
    expect(first.summary.rules).toBeGreaterThan(0);
    const saved = saveRuleset(first.ruleset, { counters: true });
    const second = parseRuleset(saved);
    expect(second.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(second.summary).toEqual(first.summary);
    expect(saveRuleset(second.ruleset, { counters: true })).toBe(saved);
  });
});
