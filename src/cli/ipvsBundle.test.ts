// `nflab gen-kube --mode ipvs` prints a node's three texts as one file (ipvsadm-save -n, ipset save, iptables-save,
// each after its `# ` header): `nflab check` and `nflab save` read every section of it, as the bin runs them.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = path.resolve(import.meta.dirname, 'nflab.cjs');

function nflab(args: string[], input?: string) {
  const r = spawnSync(BIN, args, { input, encoding: 'utf8', maxBuffer: 1 << 26 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

let dir: string;
let generated: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nflab-bundle-'));
  generated = nflab(['gen-kube', '--mode', 'ipvs', '--services', '2', '--endpoints', '2']).stdout;
}, 120_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const write = (name: string, content: string) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
};

/** The text under `header`, up to the next `# ` section header. */
function section(text: string, header: string): string {
  const after = text.split(`${header}\n`)[1] ?? '';
  return after.split(/^# (?:ipvsadm-save -n|ipset save|iptables-save)$/m)[0]!;
}

describe('nflab on a kube-proxy IPVS-mode bundle', { timeout: 30_000 }, () => {
  it('check checks every section and counts each', () => {
    const checked = nflab(['check', write('node.txt', generated)]);
    expect(checked.stderr).toBe('');
    expect(checked.status).toBe(0);
    // 2 services, one of them a NodePort (every 10th from the first): 3 virtual services of 2 real servers each.
    expect(checked.stdout).toMatch(/node\.txt: 3 virtual services, 6 real servers; \d+ sets; 2 tables, \d+ chains/);
  });

  it('save prints every section it read, under the same headers, each in its tool’s saved form', () => {
    const saved = nflab(['save', write('node.txt', generated)]);
    expect(saved.stderr).toBe('');
    expect(saved.status).toBe(0);
    expect(saved.stdout).toMatch(/^# kube-ipvs0: 10\.96\.0\.10\/32 10\.96\.0\.11\/32\n# ipvsadm-save -n\n/);
    // Each section as the command for that format alone saves it (ipvsadm-save's order, iptables-save's form).
    const ipvs = section(saved.stdout, '# ipvsadm-save -n');
    expect(ipvs).toBe(nflab(['save', '-'], section(generated, '# ipvsadm-save -n')).stdout);
    expect(ipvs.split('\n').filter((l) => l.startsWith('-A'))).toHaveLength(3);
    expect(section(saved.stdout, '# ipset save')).toBe(section(generated, '# ipset save'));
    const rules = section(saved.stdout, '# iptables-save');
    expect(rules).toContain('-A KUBE-IPVS-FILTER -m set --match-set KUBE-CLUSTER-IP dst,dst -j RETURN\n');
    expect(rules).toMatch(/\*nat\n[\s\S]*COMMIT\n$/);
    // What save prints is a bundle again, and saving it changes nothing.
    expect(nflab(['save', '-'], saved.stdout).stdout).toBe(saved.stdout);
    expect(nflab(['save', '-c', '-'], saved.stdout).stdout).toMatch(/^\[0:0\] -A INPUT -m comment /m);
  });

  it('an error in a later section is located in the whole file, as check locates it', () => {
    const lines = generated.split('\n');
    const at = lines.indexOf('-A KUBE-SOURCE-RANGES-FIREWALL -j DROP');
    lines[at] = '-A KUBE-SOURCE-RANGES-FIREWALL -m set --match-set KUBE-NO-SUCH-SET dst -j DROP';
    const file = write('bad.txt', lines.join('\n'));
    const refused = nflab(['save', file]);
    expect(refused.status).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(new RegExp(`^${file}:${at + 1}:\\d+: .*KUBE-NO-SUCH-SET`));
    const checked = nflab(['check', file]);
    expect(checked.status).toBe(1);
    expect(checked.stdout.split(':').slice(0, 2)).toEqual([file, String(at + 1)]);
    // A set line ipset restore would refuse, in the middle section.
    const setLine = generated.split('\n').indexOf('add KUBE-CLUSTER-IP 10.96.0.10,tcp:80');
    const badSets = generated.replace(
      'add KUBE-CLUSTER-IP 10.96.0.10,tcp:80',
      'add KUBE-CLUSTER-IP 10.96.0.300,tcp:80',
    );
    expect(nflab(['check', '-'], badSets).stdout).toMatch(
      new RegExp(`^<stdin>:${setLine + 1}:1: ipset KUBE-CLUSTER-IP`),
    );
  });

  it('-j is for nftables rulesets: refused on a bundle as a usage mistake', () => {
    const answer = nflab(['save', '-j', write('node.txt', generated)]);
    expect(answer.status).toBe(2);
    expect(answer.stderr).toMatch(/kube-proxy IPVS bundle/);
  });
});
