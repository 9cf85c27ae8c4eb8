// Parse + validate a kube-proxy dump of 10,000 services × 5 endpoints (issue #2: under 1 s on the 2-core machine).
// Prints what one parseRuleset() call costs: wall time, CPU time (all of the process's threads, so the GC's helper
// threads count too), the part of it spent in GC pauses, what the call allocates and the peak memory.
// Run through `npm run bench` (or `tsx --expose-gc bench/parse.bench.ts`).
import os from 'node:os';
import { PerformanceObserver } from 'node:perf_hooks';
import { generateKubeProxyDump, parseRuleset } from '../src/engine/index.ts';

const SERVICES = Number(process.env.BENCH_SERVICES ?? 10_000);
const ENDPOINTS = Number(process.env.BENCH_ENDPOINTS ?? 5);
const BUDGET_MS = 1000;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

const gc = (globalThis as { gc?: () => void }).gc;
const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const best = (xs: number[]) => Math.min(...xs);
const ms = (x: number) => `${x.toFixed(0)} ms`;

const text = generateKubeProxyDump({ services: SERVICES, endpoints: ENDPOINTS });
console.log(`input: ${SERVICES} services × ${ENDPOINTS} endpoints, ${mb(text.length)} of iptables-save text`);

// One warm-up so the JIT has compiled the hot path, as it is in a long-lived tab or worker.
parseRuleset(text);
gc?.();

// GC pauses on the main thread, as Node reports them. Entries arrive asynchronously: each run's pauses are summed
// after its await, counting only those that started during the parseRuleset() call.
let gcWindow = { from: 0, to: 0 };
let gcPause = 0;
const gcObserver = new PerformanceObserver((list) => {
  for (const e of list.getEntries())
    if (e.startTime >= gcWindow.from && e.startTime <= gcWindow.to) gcPause += e.duration;
});
gcObserver.observe({ entryTypes: ['gc'] });
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

const base = process.memoryUsage();
let peakHeap = base.heapUsed;
let peakRss = base.rss;
const sampler = setInterval(() => {
  const m = process.memoryUsage();
  peakHeap = Math.max(peakHeap, m.heapUsed);
  peakRss = Math.max(peakRss, m.rss);
}, 5);

const wall: number[] = [];
const cpu: number[] = [];
const gcTimes: number[] = [];
let kept = 0;
let summary = { tables: 0, chains: 0, rules: 0 };
let errors = 0;
/** One measured call; the result is dropped when this returns, so the next run starts from the same heap. */
function measureOnce(): void {
  const heap0 = process.memoryUsage().heapUsed;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = parseRuleset(text);
  const t1 = performance.now();
  wall.push(t1 - t0);
  gcWindow = { from: t0, to: t1 };
  const c = process.cpuUsage(c0);
  cpu.push((c.user + c.system) / 1000);
  const m = process.memoryUsage();
  peakHeap = Math.max(peakHeap, m.heapUsed);
  peakRss = Math.max(peakRss, m.rss);
  summary = r.summary;
  errors = r.diagnostics.filter((d) => d.severity === 'error').length;
  gc?.();
  kept = process.memoryUsage().heapUsed - heap0;
}
for (let i = 0; i < RUNS; i++) {
  gc?.();
  await settle();
  gcPause = 0;
  measureOnce();
  await settle();
  gcTimes.push(gcPause);
}
clearInterval(sampler);
gcObserver.disconnect();

const load = os.loadavg()[0]!;
const cores = os.cpus().length;
const busy = load > cores;
console.log(`parsed: ${summary.tables} tables, ${summary.chains} chains, ${summary.rules} rules, ${errors} errors`);
console.log(`one parseRuleset() call (parse + validate), ${RUNS} runs after a warm-up:`);
console.log(`  wall time: median ${ms(median(wall))}, best ${ms(best(wall))}`);
console.log(
  `  cpu time:  median ${ms(median(cpu))}, best ${ms(best(cpu))} (user + system of every thread: GC helpers included)`,
);
console.log(`  gc pauses: median ${ms(median(gcTimes))} of the wall time (main thread, minor + major)`);
console.log(
  `  throughput: ${Math.round(summary.rules / (median(cpu) / 1000)).toLocaleString('en-US')} rules per cpu second`,
);
console.log(
  `memory: the parsed ruleset keeps ${mb(kept)} (${Math.round(kept / Math.max(1, summary.rules))} bytes per rule); ` +
    `peak heap ${mb(peakHeap)} (${mb(peakHeap - base.heapUsed)} above the loaded text), peak rss ${mb(peakRss)}`,
);
console.log(
  `machine: load average ${load.toFixed(1)} on ${cores} cores` +
    (busy ? ': busy, so wall times are inflated (the budget is judged on the lower of cpu and wall time)' : ''),
);
// On a quiet machine the budget is the wall time a user waits. On a busy one (other processes share the cores) the
// wall time measures them too; the cpu time this process used is then the fairer figure, though it also counts the
// GC's helper threads that run in parallel with the parser: the lower of the two medians is judged.
const judged = busy ? Math.min(median(cpu), median(wall)) : median(wall);
const basis = busy ? (median(cpu) < median(wall) ? 'median cpu time' : 'median wall time') : 'median wall time';
if (errors > 0) {
  console.log('FAIL: the generated dump should load without errors');
  process.exitCode = 1;
} else if (judged > BUDGET_MS) {
  console.log(`FAIL: ${basis} ${ms(judged)} is over the ${BUDGET_MS} ms budget`);
  process.exitCode = 1;
} else {
  console.log(`ok: ${basis} ${ms(judged)} is within the ${BUDGET_MS} ms budget`);
}
