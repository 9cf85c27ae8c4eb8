// nftables speed (issue #12): a kube-proxy nftables-mode ruleset with 10,000 services parses in well under a second,
// and a new connection to the last service traces in about the time of the first (one verdict-map lookup, not a
// walk over every service as in iptables mode). Run through `npm run bench -- nft` (or `tsx bench/nft.bench.ts`).
import fs from 'node:fs';
import os from 'node:os';
import v8 from 'node:v8';
import { parseNft, parseRuleset } from '../src/engine/index.ts';
import { buildHost } from '../src/engine/host/host.ts';
import { nftProgram, type NftProgram } from '../src/engine/nft/program.ts';
import { compileRuleset, Tracer } from '../src/engine/trace/index.ts';
import { packetFromSpec } from '../src/engine/trace/packet.ts';
import { replayChooser } from '../src/engine/trace/random.ts';
import type { HostSpec } from '../src/engine/trace/types.ts';
import { clusterIP, kubeNftRuleset } from './kubeNftRuleset.ts';

const SIZES = [1_000, 10_000];
const ENDPOINTS = 3;
const PARSE_RUNS = 7;
/** The issue asks for "well under a second" of cpu for 10,000 services. */
const PARSE_BUDGET_MS = 600;
const NODE: HostSpec = {
  interfaces: [
    { name: 'lo', addresses: ['127.0.0.1/8'] },
    { name: 'eth0', addresses: ['192.168.0.2/24'] },
    { name: 'cni0', addresses: ['10.244.0.1/16'] },
  ],
  routes: [
    { to: 'default', via: '192.168.0.1', dev: 'eth0' },
    { to: '10.180.0.0/16', via: '10.244.0.2', dev: 'cni0' },
  ],
  forwarding: true,
};
const host = buildHost(NODE).host;
const noIptables = compileRuleset(parseRuleset('').ruleset);
const gc = (globalThis as { gc?: () => void }).gc;

function median(xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
}

/** CPU time of this thread alone in ms (Linux: /proc/thread-self/schedstat, in ns), or undefined elsewhere. */
function threadCpuMs(): number | undefined {
  try {
    return Number(fs.readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return undefined;
  }
}

interface ParseRun {
  cpuMs: number;
  /** The main thread's share of cpuMs (no GC helper or compiler threads). */
  mainMs: number | undefined;
  wallMs: number;
  /** Bytes allocated on the JS heap during the parse: what the heap grew by plus what every GC in it freed. */
  allocatedMB: number;
  program: NftProgram;
}

/** Parse and validate as a session does (prepareRuleset: parseNft, then the hooks' base chains). */
function parseOnce(text: string): ParseRun {
  gc?.();
  const gcs = new v8.GCProfiler();
  gcs.start();
  const heap0 = process.memoryUsage().heapUsed;
  const main0 = threadCpuMs();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const parsed = parseNft(text);
  if (parsed.rejected) throw new Error(`the generated ruleset should load: ${parsed.diagnostics[0]?.message}`);
  const program = nftProgram(parsed.ruleset);
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const main1 = threadCpuMs();
  const heap1 = process.memoryUsage().heapUsed;
  let freed = 0;
  for (const s of gcs.stop().statistics)
    freed += s.beforeGC.heapStatistics.usedHeapSize - s.afterGC.heapStatistics.usedHeapSize;
  return {
    cpuMs: (cpu.user + cpu.system) / 1000,
    mainMs: main0 === undefined || main1 === undefined ? undefined : main1 - main0,
    wallMs,
    allocatedMB: (heap1 - heap0 + freed) / 1e6,
    program,
  };
}

/** What the parsed ruleset keeps on the heap (needs --expose-gc, as `npm run bench` runs it). */
function retainedMB(text: string): number | undefined {
  if (!gc) return undefined;
  gc();
  const before = process.memoryUsage().heapUsed;
  const kept = parseOnce(text);
  gc();
  const after = process.memoryUsage().heapUsed;
  // Read after the measurement, so the ruleset is still alive at the second gc().
  return kept.program.ruleset.tables.length > 0 ? (after - before) / 1e6 : undefined;
}

function traceMedianUs(program: NftProgram, dst: string, detail: 'walk' | 'full'): { us: number; result: string } {
  const read = packetFromSpec({ in: 'cni0', proto: 'tcp', src: '10.244.9.9', sport: 40000, dst, dport: 80 }, 0);
  if (!read.pkt) throw new Error('bad bench packet');
  const times: number[] = [];
  let result = '';
  for (let i = 0; i < 301; i++) {
    const tracer = new Tracer(
      noIptables,
      host,
      new Map(),
      replayChooser(i),
      { detail, maxRuleEvaluations: 1_000_000 },
      program,
    );
    const t0 = performance.now();
    const r = tracer.trace(read.pkt, { inIface: 'cni0', local: false });
    if (i >= 100) times.push((performance.now() - t0) * 1000);
    result = `${r.fate} ${r.packet.dst}:${r.packet.dport}`;
  }
  return { us: median(times), result };
}

const busy = os.loadavg()[0]! > os.cpus().length;
let failed = false;
const programs = new Map<number, NftProgram>();
console.log(`kube-proxy nftables mode, ${ENDPOINTS} endpoints per service`);
console.log(`parse + validate (parseNft, then nftProgram), median of ${PARSE_RUNS} after one warm-up:`);
console.log('services     cpu ms   main-thread ms    wall ms   allocated MB   retained MB');
for (const n of SIZES) {
  const text = kubeNftRuleset(n, ENDPOINTS);
  let run = parseOnce(text);
  const runs: ParseRun[] = [];
  for (let i = 0; i < PARSE_RUNS; i++) runs.push((run = parseOnce(text)));
  programs.set(n, run.program);
  const cpu = median(runs.map((r) => r.cpuMs));
  const main = runs[0]!.mainMs === undefined ? '?' : median(runs.map((r) => r.mainMs!)).toFixed(0);
  const retained = retainedMB(text);
  console.log(
    `${String(n).padStart(8)} ${cpu.toFixed(0).padStart(10)} ${main.padStart(16)} ${median(runs.map((r) => r.wallMs))
      .toFixed(0)
      .padStart(10)} ${median(runs.map((r) => r.allocatedMB))
      .toFixed(0)
      .padStart(14)} ${(retained === undefined ? '?' : retained.toFixed(0)).padStart(13)}`,
  );
  if (n === 10_000 && cpu > PARSE_BUDGET_MS) failed = true;
}
console.log('a new connection to the first and to the last service, median µs of 200 traces:');
console.log('services  service    walk µs    full µs   result');
for (const n of SIZES) {
  const program = programs.get(n)!;
  for (const [label, s] of [
    ['first', 0],
    ['last', n - 1],
  ] as const) {
    const walk = traceMedianUs(program, clusterIP(s), 'walk');
    const full = traceMedianUs(program, clusterIP(s), 'full');
    console.log(
      `${String(n).padStart(8)}  ${label.padEnd(7)} ${walk.us.toFixed(1).padStart(10)} ${full.us.toFixed(1).padStart(10)}   ${full.result}`,
    );
  }
}
console.log(
  `cpu = user + system time of this process (the GC's helper threads and the compiler's included, judged); ` +
    `main-thread = the parsing thread's own share; wall also counts waiting for a core.\n` +
    `machine: load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores` +
    (busy ? ': busy, so even cpu times run high (shared caches, GC helper threads waiting for a core)' : ''),
);
if (failed) {
  console.log(`FAIL: parsing 10,000 services took over ${PARSE_BUDGET_MS} ms of cpu (median)`);
  process.exitCode = 1;
} else console.log(`ok: 10,000 services parse within ${PARSE_BUDGET_MS} ms of cpu (median)`);
