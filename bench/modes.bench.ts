// kube-proxy's three modes side by side (issue #11): trace µs per packet for a pod's new connection to the first and
// the last service at 100, 1,000 and 10,000 services, and what one update (an endpoint added to one service)
// rewrites. Figures come from the engine's scale computation (src/engine/scale), timed with performance.now.
// Run through `npm run bench` (or `npm run bench modes`).
import os from 'node:os';
import { computeScale } from '../src/engine/index.ts';

const SIZES = [100, 1_000, 10_000];
const REPEATS = 21;

const fmt = (n: number | undefined) => (n === undefined ? '' : n.toFixed(1));
const pad = (s: string | number, w: number) => String(s).padStart(w);

console.log(
  `load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}; 3 endpoints per service`,
);
console.log('per packet (pod → ClusterIP:80, new connection; median of', REPEATS, 'traces, walk detail)');
console.log('mode       services  service  rules eval  hash lookups   engine µs');
const updates: string[] = [];
for (const n of SIZES) {
  const t0 = performance.now();
  const r = computeScale({ sizes: [n], repeats: REPEATS }, { clock: () => performance.now() });
  if (!r.ok) throw new Error('cancelled');
  for (const p of r.points) {
    for (const c of p.packets.filter((c) => c.position !== 'middle')) {
      const time = fmt(c.engineMicros);
      console.log(
        `${p.mode.padEnd(10)} ${pad(n, 8)}  ${c.position.padEnd(7)} ${pad(c.rulesEvaluated, 10)} ${pad(c.hashLookups, 13)}   ${pad(time, 9)}`,
      );
    }
    for (const u of p.updates)
      updates.push(
        `${u.kind.padEnd(17)} ${pad(n, 8)} ${pad(p.totalRules, 12)} ${pad(u.rules, 12)} ${pad(u.bytes, 12)}`,
      );
  }
  console.log(`           (${n} services computed in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
}
console.log('\nper update (one endpoint added to the middle service)');
console.log('written          services  config size  rules/lines        bytes');
for (const line of updates) console.log(line);
