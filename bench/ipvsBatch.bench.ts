// IPVS batches (issue #11): packets per second through kube-proxy's IPVS mode for growing batch sizes, as the lab's
// Batch tab sends them (one flow table: each new source port a new IPVS connection; or fresh connections). A
// per-packet cost that grows with the batch (the IPVS connection table searched linearly) shows as a falling rate.
// Run through `npm run bench` (or `npm run bench ipvsBatch`).
import os from 'node:os';
import { createSession, generateKubeProxyIpvs, type BatchKind } from '../src/engine/index.ts';

const SIZES = [2_000, 10_000, 50_000];
const dump = generateKubeProxyIpvs({ services: 100, endpoints: 3 });
const host = {
  interfaces: [
    { name: 'lo', addresses: ['127.0.0.1/8'] },
    { name: 'eth0', addresses: ['192.168.0.2/24'] },
    { name: 'cni0', addresses: ['10.244.0.1/24'] },
    { name: 'kube-ipvs0', addresses: dump.kubeIpvs0 },
  ],
  routes: [{ to: 'default', via: '192.168.0.1', dev: 'eth0' }],
  forwarding: true,
};
const template = {
  in: 'eth0',
  proto: 'tcp' as const,
  src: '192.168.0.50',
  sport: 40000,
  dst: '10.96.0.109',
  dport: 80,
};

console.log(
  `load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}; kube-proxy IPVS mode, 100 services × 3 real servers (rr), SYNs to the last service`,
);
console.log('kind          packets    seconds   packets/s   real servers hit');
const session = createSession();
const { rulesetId } = session.load({ text: dump.rules, ipsets: dump.ipsets });
for (const kind of ['packets', 'connections'] as BatchKind[]) {
  for (const count of SIZES) {
    const t0 = performance.now();
    const r = await session.batch({ rulesetId, host, ipvs: dump.ipvsadm, template, count, kind, seed: 7 });
    const s = (performance.now() - t0) / 1000;
    if (!r.ok) throw new Error(r.errors.map((e) => e.message).join(' '));
    const split = r.endpoints.map((e) => e.count).join('/');
    console.log(
      `${kind.padEnd(12)} ${String(count).padStart(8)} ${s.toFixed(2).padStart(10)} ${Math.round(count / s)
        .toString()
        .padStart(11)}   ${split}`,
    );
  }
}
