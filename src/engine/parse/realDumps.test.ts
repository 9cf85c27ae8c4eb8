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
    // Two kinds of line a default kernel refuses are allowed: the TUM dumps were anonymised with MAC addresses
    // "XX:XX:XX:XX:XX:XX", and some hosts raised xt_recent's ip_pkt_list_tot (default 20) to use `--hitcount 42`.
    const hostSpecific = (line: number) => {
      const text = lines[line - 1] ?? '';
      const hitcount = /--hitcount (\d+)/.exec(text);
      return text.includes('--mac-source XX:XX:XX:XX:XX:XX') || (hitcount !== null && Number(hitcount[1]) > 20);
    };
    expect(first.diagnostics.filter((d) => d.severity === 'error' && !hostSpecific(d.line))).toEqual([]);
    expect(first.summary.rules).toBeGreaterThan(0);
    const saved = saveRuleset(first.ruleset, { counters: true });
    const second = parseRuleset(saved);
    expect(second.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(second.summary).toEqual(first.summary);
    expect(saveRuleset(second.ruleset, { counters: true })).toBe(saved);
  });
});
