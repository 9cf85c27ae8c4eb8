// The `nflab` command as a user runs it (issue #8): start-up time, and whole-process `nflab check` against
// `iptables-nft-restore --test` on the same kube-proxy dump of 10,000 services × 5 endpoints (targets: nflab at
// least 3× faster, and less peak memory). iptables runs in a throw-away network namespace, so the machine's own
// tables are never touched; without iptables-nft-restore, `ip netns` or the right to use it, that part is skipped.
// Run through `npm run bench` (or `npm run bench cli`).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const LAUNCHER = path.join(ROOT, 'src/cli/nflab.cjs');
const SERVICES = Number(process.env.BENCH_SERVICES ?? 10_000);
const ENDPOINTS = Number(process.env.BENCH_ENDPOINTS ?? 5);
// Five: CPU time per run differs by core here (the same check took 1.5 s on one core, 1.05 s on the other).
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const STARTUP_RUNS = 10;
const TARGET_RATIO = 3;
const TIME = '/usr/bin/time';

interface Run {
  wall: number;
  cpu: number;
  /** Peak resident memory in bytes (GNU time's %M), NaN without /usr/bin/time. */
  rss: number;
  status: number | null;
  stdout: string;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (s: number) => `${(s * 1000).toFixed(0)} ms`;
const mb = (bytes: number) => (Number.isNaN(bytes) ? 'n/a' : `${(bytes / 1048576).toFixed(0)} MB`);

/** One whole process, measured by GNU time (wall, user + system of all threads, max RSS); stdin from a file. */
function measure(argv: string[], stdinFile?: string): Run {
  const input = stdinFile === undefined ? 'ignore' : fs.openSync(stdinFile, 'r');
  const timed = fs.existsSync(TIME);
  const report = path.join(os.tmpdir(), `nflab-bench-time-${process.pid}`);
  const cmd = timed ? [TIME, '-o', report, '-f', '%e %U %S %M', ...argv] : argv;
  const t0 = performance.now();
  const r = spawnSync(cmd[0]!, cmd.slice(1), { stdio: [input, 'pipe', 'pipe'], maxBuffer: 1 << 26 });
  const wall = (performance.now() - t0) / 1000;
  if (typeof input === 'number') fs.closeSync(input);
  if (!timed) return { wall, cpu: NaN, rss: NaN, status: r.status, stdout: String(r.stdout) };
  const [, user, sys, rssKb] = fs.readFileSync(report, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  fs.rmSync(report, { force: true });
  return { wall, cpu: user! + sys!, rss: rssKb! * 1024, status: r.status, stdout: String(r.stdout) };
}

function medianRun(runs: Run[]): { wall: number; cpu: number; rss: number } {
  return {
    wall: median(runs.map((r) => r.wall)),
    cpu: median(runs.map((r) => r.cpu)),
    rss: median(runs.map((r) => r.rss)),
  };
}

const which = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

// ------------------------------------------------------------------------------------------------ start-up
measure([LAUNCHER, '--help']); // builds the bundle if it is stale, outside the figures
const startup = (argv: string[]) => medianRun(Array.from({ length: STARTUP_RUNS }, () => measure(argv)));
const bare = startup([process.execPath, '-e', '0']);
const help = startup([LAUNCHER, '--help']);
const viaNpm = startup(['npm', 'run', '--silent', 'nflab', '--', '--help']);
console.log(`start-up, median of ${STARTUP_RUNS} (wall / cpu):`);
console.log(`  node -e 0 (the floor)                   ${ms(bare.wall)} / ${ms(bare.cpu)}`);
console.log(`  src/cli/nflab.cjs --help (the bin)      ${ms(help.wall)} / ${ms(help.cpu)}`);
console.log(
  `  npm run --silent nflab -- --help        ${ms(viaNpm.wall)} / ${ms(viaNpm.cpu)} (npm's own start-up included)`,
);

// ------------------------------------------------------------------------------------------------ check vs iptables
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nflab-bench-'));
const dump = path.join(dir, 'kube.rules');
fs.writeFileSync(
  dump,
  execFileSync(process.execPath, [LAUNCHER, 'gen-kube', '--services', `${SERVICES}`, '--endpoints', `${ENDPOINTS}`], {
    maxBuffer: 1 << 28,
  }),
);
const size = fs.statSync(dump).size;
console.log(
  `\ninput: ${SERVICES} services × ${ENDPOINTS} endpoints, ${(size / 1048576).toFixed(1)} MB of iptables-save text`,
);

/** A throw-away network namespace for iptables-nft-restore, or why there can be none here. */
function iptablesNamespace(): string | { skipped: string } {
  if (!which('iptables-nft-restore'))
    return { skipped: 'iptables-nft-restore is not installed (apt-get install iptables)' };
  if (!which('ip')) return { skipped: 'the ip command (iproute2) is not installed' };
  const ns = `nflab-bench-${process.pid}`;
  const add = spawnSync('ip', ['netns', 'add', ns], { encoding: 'utf8' });
  if (add.status !== 0)
    return { skipped: `cannot create a network namespace (${add.stderr.trim() || 'ip netns add failed'})` };
  return ns;
}

// nflab and iptables alternate, run by run: on a shared machine both then meet the same load.
const ns = iptablesNamespace();
const nflabRuns: Run[] = [];
const iptRuns: Run[] = [];
try {
  for (let i = 0; i < RUNS; i++) {
    nflabRuns.push(measure([LAUNCHER, 'check', dump]));
    if (typeof ns === 'string')
      iptRuns.push(measure(['ip', 'netns', 'exec', ns, 'iptables-nft-restore', '--test'], dump));
  }
} finally {
  if (typeof ns === 'string') spawnSync('ip', ['netns', 'delete', ns]);
}
fs.rmSync(dir, { recursive: true, force: true });
const failedCheck = nflabRuns.find((r) => r.status !== 0);
const nflab = medianRun(nflabRuns);
console.log(
  `nflab check (whole process), median of ${RUNS}: wall ${ms(nflab.wall)}, cpu ${ms(nflab.cpu)}, max RSS ${mb(nflab.rss)}`,
);
console.log(`  ${nflabRuns[0]!.stdout.trim()}`);

const load = os.loadavg()[0]!;
const cores = os.cpus().length;
let failed = failedCheck !== undefined;
if (failedCheck) console.log(`FAIL: nflab check exited with ${failedCheck.status} on the generated dump`);
const badIpt = iptRuns.find((r) => r.status !== 0);
if (typeof ns !== 'string') {
  console.log(`iptables comparison skipped: ${ns.skipped}`);
} else if (badIpt) {
  console.log(`iptables comparison skipped: iptables-nft-restore --test exited with ${badIpt.status}`);
} else {
  const it = medianRun(iptRuns);
  console.log(
    `iptables-nft-restore --test, median of ${RUNS}: wall ${ms(it.wall)}, cpu ${ms(it.cpu)}, max RSS ${mb(it.rss)}`,
  );
  // CPU time (user + system): the machine is shared, and wall time measures the other processes too. Without GNU
  // time there is only wall time.
  const basis = Number.isNaN(nflab.cpu) ? 'wall' : 'cpu';
  const ratio = basis === 'cpu' ? it.cpu / nflab.cpu : it.wall / nflab.wall;
  const verdict = ratio >= TARGET_RATIO ? 'ok' : 'FAIL';
  console.log(
    `${verdict}: nflab check is ${ratio.toFixed(2)}× faster than iptables-nft-restore --test (${basis} time; target ≥ ${TARGET_RATIO}×)`,
  );
  if (basis === 'cpu') console.log(`  (wall time: ${(it.wall / nflab.wall).toFixed(2)}×, for information)`);
  const lighter = nflab.rss < it.rss;
  console.log(
    `${lighter ? 'ok' : 'FAIL'}: peak memory ${mb(nflab.rss)} for nflab, ${mb(it.rss)} for iptables (target: below iptables)`,
  );
  failed ||= ratio < TARGET_RATIO || !lighter;
}
console.log(`machine: load average ${load.toFixed(1)} on ${cores} cores`);
process.exitCode = failed ? 1 : 0;
