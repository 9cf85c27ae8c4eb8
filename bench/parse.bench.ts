// Parse + validate a kube-proxy dump of 10,000 services × 5 endpoints (issue #2: under 1 s on the 2-core machine).
// Prints the time, rules per second and peak memory. Run through `npm run bench` (or `tsx --expose-gc` directly).
import os from 'node:os';
import { generateKubeProxyDump, parseRuleset } from '../src/engine/index.ts';

const SERVICES = Number(process.env.BENCH_SERVICES ?? 10_000);
const ENDPOINTS = Number(process.env.BENCH_ENDPOINTS ?? 5);
const BUDGET_MS = 1000;
const RUNS = 5;

const gc = (globalThis as { gc?: () => void }).gc;
const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;

const text = generateKubeProxyDump({ services: SERVICES, endpoints: ENDPOINTS });
console.log(`input: ${SERVICES} services × ${ENDPOINTS} endpoints, ${mb(text.length)} of text`);

// One warm-up so the JIT has compiled the hot path, as it is in a long-lived tab or worker.
parseRuleset(text);
gc?.();

const base = process.memoryUsage();
let peakHeap = base.heapUsed;
let peakRss = base.rss;
const sampler = setInterval(() => {
  const m = process.memoryUsage();
  peakHeap = Math.max(peakHeap, m.heapUsed);
  peakRss = Math.max(peakRss, m.rss);
}, 5);

const times: number[] = [];
const cpuTimes: number[] = [];
let summary = { tables: 0, chains: 0, rules: 0 };
let errors = 0;
for (let i = 0; i < RUNS; i++) {
  gc?.();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = parseRuleset(text);
  times.push(performance.now() - t0);
  const c = process.cpuUsage(c0);
  cpuTimes.push((c.user + c.system) / 1000);
  const m = process.memoryUsage();
  peakHeap = Math.max(peakHeap, m.heapUsed);
  peakRss = Math.max(peakRss, m.rss);
  summary = r.summary;
  errors = r.diagnostics.filter((d) => d.severity === 'error').length;
}
clearInterval(sampler);

times.sort((a, b) => a - b);
cpuTimes.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)]!;
const load = os.loadavg()[0]!;
console.log(`parsed: ${summary.tables} tables, ${summary.chains} chains, ${summary.rules} rules, ${errors} errors`);
console.log(`parse+validate: median ${median.toFixed(0)} ms, best ${times[0]!.toFixed(0)} ms over ${RUNS} runs`);
console.log(
  `cpu time: median ${cpuTimes[Math.floor(cpuTimes.length / 2)]!.toFixed(0)} ms (all threads, GC included); ` +
    `load average ${load.toFixed(1)} on ${os.cpus().length} cores${load > os.cpus().length ? ': the machine is busy, wall times are inflated' : ''}`,
);
console.log(`throughput: ${Math.round(summary.rules / (median / 1000)).toLocaleString('en-US')} rules/second`);
console.log(
  `peak memory: heap ${mb(peakHeap)} (${mb(peakHeap - base.heapUsed)} above the loaded text), rss ${mb(peakRss)}`,
);
if (errors > 0) {
  console.log('FAIL: the generated dump should load without errors');
  process.exitCode = 1;
} else if (median > BUDGET_MS) {
  console.log(`FAIL: over the ${BUDGET_MS} ms budget`);
  process.exitCode = 1;
} else {
  console.log(`ok: within the ${BUDGET_MS} ms budget`);
}
