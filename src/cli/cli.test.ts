// The `nflab` command as a user runs it: the bin (src/cli/nflab.cjs, which runs the esbuild bundle) in a process of
// its own. Whatever the input, the answer is lines of `FILE:LINE:COL: message` at a line and column that exist,
// exit 1 (2 for a usage mistake), never a stack trace.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = path.resolve(import.meta.dirname, 'nflab.cjs');
/** Names the current bundle's folder, where the code caches are (see runBundle.cjs). */
const CURRENT_BUILD = path.resolve(import.meta.dirname, '../../dist-cli/current');
const REAL_DUMPS = path.resolve(import.meta.dirname, '../../../shared/real-dumps');
/** Spawning node costs ~50 ms on a quiet machine; a shared, loaded one can take seconds. */
const SPAWN_TIMEOUT = 30_000;

interface Answer {
  status: number | null;
  stdout: string;
  stderr: string;
}

function nflab(args: string[], input?: string | Buffer): Answer {
  const r = spawnSync(BIN, args, { input, encoding: 'utf8', maxBuffer: 1 << 26 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const STACK_LINE = /^\s+at |Error:|node:internal/m;

/** Every line of the answer is a summary, a note, or `FILE:LINE:COL: message` pointing inside `text`. */
function expectLocated(answer: Answer, file: string, text: string): void {
  const lines = text.split('\n');
  const output = (answer.stdout + answer.stderr).split('\n').filter((l) => l !== '');
  expect(answer.stdout + answer.stderr).not.toMatch(STACK_LINE);
  expect(output.length).toBeGreaterThan(0);
  for (const out of output) {
    if (out.startsWith(`${file}: `)) continue; // `FILE: 2 tables, …` or `FILE: 3 notes …`
    const m = /^(.*?):(\d+):(\d+): \S/.exec(out);
    expect(m, out).not.toBeNull();
    expect(m![1]).toBe(file);
    const line = Number(m![2]);
    const col = Number(m![3]);
    expect(line, out).toBeGreaterThanOrEqual(1);
    expect(line, out).toBeLessThanOrEqual(lines.length);
    expect(col, out).toBeGreaterThanOrEqual(1);
    expect(col, out).toBeLessThanOrEqual(lines[line - 1]!.length + 1);
  }
}

/** A seeded generator (mulberry32): the same bytes on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nflab-cli-'));
  nflab(['--help']); // builds the bundle if a source changed, once, before the timed tests
}, 120_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const write = (name: string, content: string | Buffer) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
};

const RULES = '*filter\n:INPUT DROP [0:0]\n-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\nCOMMIT\n';

describe('nflab, the bundled command', { timeout: SPAWN_TIMEOUT }, () => {
  it.each(['check', 'save', 'trace', 'batch', 'gen-kube'])('%s --help prints its usage, exit 0', (command) => {
    const r = nflab([command, '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^usage: nflab ${command}`));
  });

  it('save prints the canonical dump (-c with counters), or located errors and exit 1', () => {
    const good = write(
      'save-good.rules',
      '*filter\n:INPUT DROP [3:180]\n-A INPUT -p tcp --dport 22 -j ACCEPT\nCOMMIT\n',
    );
    const saved = nflab(['save', '-c', good]);
    expect(saved.status).toBe(0);
    expect(saved.stdout).toContain(':INPUT DROP [3:180]\n');
    expect(saved.stdout).toContain('[0:0] -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\n');
    const badText = '*filter\n:INPUT DROP [0:0]\n-A INPUT -m set --match-set nope src -j ACCEPT\nCOMMIT\n';
    const bad = write('save-bad.rules', badText);
    const sets = write('sets', 'create other hash:ip family inet\n');
    const refused = nflab(['save', bad, '--ipsets', sets]);
    expect(refused.status).toBe(1);
    expect(refused.stdout).toBe('');
    expectLocated(refused, bad, badText);
  });

  it('save -j lists an nftables ruleset as nft -j list ruleset does; a rule it cannot write is located', () => {
    const text = 'table ip t {\n\tchain c {\n\t\ttcp dport 22 accept\n\t\tosf name "Linux" drop\n\t}\n}\n';
    const file = write('save-nft.nft', text);
    const listed = nflab(['save', '-j', file]);
    expect(listed.status).toBe(0);
    const doc = JSON.parse(listed.stdout) as { nftables: Record<string, unknown>[] };
    expect(doc.nftables.map((o) => Object.keys(o)[0])).toEqual(['metainfo', 'table', 'chain', 'rule']);
    expectLocated({ ...listed, stdout: '' }, file, text);
    // The listing reads back as the same ruleset, minus the rule left out.
    const back = nflab(['save', '-'], listed.stdout);
    expect(back.stdout).toBe('table ip t {\n\tchain c {\n\t\ttcp dport 22 accept\n\t}\n}\n');
    const iptables = nflab(['save', '-j', write('save-j.rules', '*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n')]);
    expect(iptables.status).toBe(2);
  });

  it('save -j of a refused nft ruleset gives its located errors and exit 1 (it was an internal error)', () => {
    const text = 'table ip t {\n\tchain c {\n\t\tfoo\n\t}\n}\n';
    const refused = nflab(['save', '-j', write('save-j-bad.nft', text)]);
    expect(refused.status).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(/save-j-bad\.nft:3:6: syntax error, unexpected newline/);
  });

  it('save prints nftables text as nft list ruleset does, or located errors and exit 1', () => {
    const good = write(
      'save-good.nft',
      'table ip t {\n  chain c {\n    type filter hook input priority 0;\n    tcp dport 22 drop\n  }\n}\n',
    );
    expect(nflab(['save', good])).toEqual({
      status: 0,
      stdout:
        'table ip t {\n\tchain c {\n\t\ttype filter hook input priority filter; policy accept;\n\t\ttcp dport 22 drop\n\t}\n}\n',
      stderr: '',
    });
    const badText = 'table ip t {\n  chain c {\n    tcp dport 22 bogus\n  }\n}\n';
    const bad = write('save-bad.nft', badText);
    const refused = nflab(['save', '--json', bad]);
    expect(refused.status).toBe(1);
    expect(JSON.parse(refused.stdout)).toMatchObject({ ok: false, errors: [{ line: 3, severity: 'error' }] });
    expectLocated(nflab(['save', bad]), bad, badText);
  });

  it('save prints IPVS text (ipvsadm-save -n or ipvsadm -Ln) as ipvsadm-save -n does, or located errors', () => {
    const text = [
      '# ipvsadm-save -n',
      '-A -t 10.96.0.10:80 -s rr',
      '-a -t 10.96.0.10:80 -r 10.244.2.7:8080 -m -w 1',
      '-a -t 10.96.0.10:80 -r 10.244.1.5:8080 -m -w 1',
      '',
    ].join('\n');
    const saved = [
      '-A -t 10.96.0.10:80 -s rr',
      '-a -t 10.96.0.10:80 -r 10.244.1.5:8080 -m -w 1',
      '-a -t 10.96.0.10:80 -r 10.244.2.7:8080 -m -w 1',
      '',
    ].join('\n');
    expect(nflab(['save', write('save.ipvs', text)])).toEqual({ status: 0, stdout: saved, stderr: '' });
    const listing = 'Prot LocalAddress:Port Scheduler Flags\nTCP  10.96.0.10:80 rr\n  -> 10.244.2.7:8080 Masq 1 0 0\n';
    expect(nflab(['save', '-'], listing).stdout).toBe(
      '-A -t 10.96.0.10:80 -s rr\n-a -t 10.96.0.10:80 -r 10.244.2.7:8080 -m -w 1\n',
    );
    const json = nflab(['save', '--json', '-'], text);
    expect(JSON.parse(json.stdout)).toEqual({ ok: true, save: saved });
    const badText = '-A -t 10.96.0.10:80 -s rr\n-a -t 10.96.0.11:80 -r 10.244.1.5 -m\n';
    const bad = write('save-bad.ipvs', badText);
    const refused = nflab(['save', bad]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toBe(`${bad}:2:7: Service TCP 10.96.0.11:80 does not exist yet: add it with -A first.\n`);
    expectLocated(refused, bad, badText);
    expect(nflab(['save', '-c', bad]).status).toBe(2);
  });

  it('check validates IPVS text as ipvsadm-restore would: counts virtual and real servers, or located errors', () => {
    const text = '-A -t 10.96.0.10:80 -s rr\n-a -t 10.96.0.10:80 -r 10.244.1.5:8080 -m -w 1\n';
    expect(nflab(['check', '-'], text)).toMatchObject({
      status: 0,
      stdout: '<stdin>: 1 virtual service, 1 real server\n',
    });
    const bad = write('check-bad.ipvs', '-A -t 10.96.0.10:80 -s rr\n-a -t 10.96.0.11:80 -r 10.244.1.5 -m\n');
    const refused = nflab(['check', bad]);
    expect(refused.status).toBe(1);
    expect(refused.stdout).toBe(`${bad}:2:7: Service TCP 10.96.0.11:80 does not exist yet: add it with -A first.\n`);
    expect(JSON.parse(nflab(['check', '--json', '-'], text).stdout).summary).toMatchObject({ services: 1, servers: 1 });
  });

  it('check - reads the rules from standard input', () => {
    const r = nflab(['check', '-'], RULES);
    expect(r).toMatchObject({ status: 0, stdout: '<stdin>: 1 table, 3 chains, 1 rule\n' });
  });

  it('a damaged code cache is refused and made again: the answer is the same', () => {
    const build = path.resolve(import.meta.dirname, '../../dist-cli', fs.readFileSync(CURRENT_BUILD, 'utf8').trim());
    const expected = nflab(['check', '-'], RULES);
    // The command's cache, or the one a short run made until a long run makes that.
    const cache = ['check.cache', 'check.short.cache'].map((f) => path.join(build, f)).find((f) => fs.existsSync(f));
    expect(cache).toBeDefined();
    const garbage = Buffer.alloc(fs.statSync(cache!).size, 0x5a);
    fs.writeFileSync(cache!, garbage);
    expect(nflab(['check', '-'], RULES)).toEqual(expected);
    expect(fs.readFileSync(cache!).equals(garbage)).toBe(false);
  });

  it('a usage mistake is one line and exit 2', () => {
    for (const args of [['check', '--bogus', 'x'], ['trace', '--rules'], ['frobnicate'], ['check']]) {
      const r = nflab(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
  });

  it('gen-kube turns on source ranges, external IPs and health-check ports; a bad range is a usage mistake', () => {
    const args = ['gen-kube', '--services', '2', '--lb-every', '1', '--local-every', '1', '--external-ip-every', '1'];
    const r = nflab([...args, '--lb-source-ranges', '198.18.0.0/15', '--health-check-ports']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^-A KUBE-FW-\S+ -s 198\.18\.0\.0\/15 /m);
    expect(r.stdout).toContain('"ns0/svc1:http external IP"');
    expect(r.stdout).toContain('"ns0/svc0:http health check node port"');
    const bad = nflab([...args, '--lb-source-ranges', '198.18.0/15']);
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a reader that closes the pipe early ends it quietly', async () => {
    // gen-kube writes megabytes; the reader takes the first chunk and goes away (`nflab … | head`).
    const child = spawn(BIN, ['gen-kube', '--services', '3000', '--endpoints', '3']);
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += String(d)));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('/dev/zero ends at the size limit with a located message', () => {
    const r = nflab(['check', '/dev/zero']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^\/dev\/zero:1:1: the input is larger than 50 MB/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('random bytes are refused where the binary data starts', () => {
    const next = random(1);
    for (let k = 0; k < 3; k++) {
      const bytes = Buffer.from(Array.from({ length: 2000 }, () => Math.floor(next() * 256)));
      const file = write(`random-${k}.bin`, bytes);
      const r = nflab(['check', file]);
      expect(r.status).toBe(1);
      expectLocated(r, file, bytes.toString('utf8'));
    }
  });

  it('a NUL byte on line 7, and an error after a backslash continuation, are reported on their own lines', () => {
    const nul = write('nul.rules', '*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n\n\n\n-A IN\0PUT -j DROP\n');
    expect(nflab(['check', nul]).stdout).toMatch(new RegExp(`^${nul}:7:6: `));
    const continued = write('continued.sh', 'iptables -A INPUT \\\n  -p tcp \\\n  --dport 22 --bogus -j ACCEPT\n');
    expect(nflab(['check', continued]).stdout).toMatch(new RegExp(`^${continued}:3:14: `));
  });

  it('bad packet JSON is located in the argument or the file, and a wrong packet at its element', () => {
    const rules = write('rules', RULES);
    const inline = nflab(['trace', '--rules', rules, '--packet', '{"in": "eth0",\n  proto: "tcp"}']);
    expect(inline.status).toBe(1);
    expect(inline.stderr).toBe('--packet:2:3: not valid JSON: unexpected character\n');
    const broken = write('broken.json', '[\n  {"in": "eth0", "proto": "tcp",]\n');
    expect(nflab(['trace', '--rules', rules, '--packets', broken]).stderr).toMatch(
      new RegExp(`^${broken}:2:33: not valid JSON`),
    );
    const packets = write(
      'packets.json',
      '[\n  {"in": "eth0", "proto": "tcp", "src": "10.0.0.1", "dst": "10.0.0.2"},\n  null\n]\n',
    );
    const wrong = nflab(['trace', '--rules', rules, '--packets', packets]);
    expect(wrong.status).toBe(1);
    expect(wrong.stdout).toBe(
      `${packets}:3:3: Packet 2: a packet is a JSON object such as {"in": "eth0", "proto": "tcp", …}.\n`,
    );
  });
});

const realDumps = fs.existsSync(REAL_DUMPS) ? fs.readdirSync(REAL_DUMPS).filter((f) => f.endsWith('.rules')) : [];

describe.skipIf(realDumps.length === 0)('mutated real dumps', { timeout: SPAWN_TIMEOUT }, () => {
  /** One random edit of the kind a copy from a terminal suffers: a byte changed, a span cut, a line doubled. */
  function mutate(text: string, next: () => number): string {
    const at = Math.floor(next() * text.length);
    switch (Math.floor(next() * 4)) {
      case 0:
        return text.slice(0, at) + String.fromCharCode(Math.floor(next() * 128)) + text.slice(at + 1);
      case 1:
        return text.slice(0, at) + text.slice(at + Math.floor(next() * 200));
      case 2:
        return text.slice(0, at) + '\\\n' + text.slice(at);
      default: {
        const start = text.lastIndexOf('\n', at) + 1;
        const end = text.indexOf('\n', at);
        return text.slice(0, end < 0 ? text.length : end) + '\n' + text.slice(start);
      }
    }
  }

  it('each gets located messages or a summary, exit 0 or 1', () => {
    const next = random(8);
    for (let k = 0; k < 8; k++) {
      const source = realDumps[k % realDumps.length]!;
      let text = fs.readFileSync(path.join(REAL_DUMPS, source), 'utf8');
      for (let edits = 0; edits < 5; edits++) text = mutate(text, next);
      const file = write(`mutated-${k}-${source}`, text);
      const r = nflab(['check', file]);
      expect([0, 1]).toContain(r.status);
      expectLocated(r, file, text);
    }
  });
});
