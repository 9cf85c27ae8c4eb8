import { describe, expect, it } from 'vitest';
import { generateKubeProxyDump } from '../engine/gen/kubeProxy.ts';
import type { TraceRequest, TraceResponse } from '../engine/trace/types.ts';
import { runsOf } from '../store/timeline.ts';
import { createRealEngineApi } from './engineDeps.ts';
import { appendSteps, headOf, shareSnapshots, STEP_CHUNK } from './traceChunks.ts';

// A packet to the last of 2,000 services walks KUBE-SERVICES rule by rule: more steps than one chunk.
const SERVICES = 2000;
const req: TraceRequest = {
  rules: generateKubeProxyDump({ services: SERVICES, endpoints: 3 }),
  host: {
    interfaces: [
      { name: 'lo', addresses: ['127.0.0.1/8'] },
      { name: 'eth0', addresses: ['192.168.0.10/24'] },
      { name: 'cni0', addresses: ['10.244.0.1/16'] },
    ],
    routes: [{ to: 'default', via: '192.168.0.1', dev: 'eth0' }],
    forwarding: true,
  },
  // Cluster IPs are numbered from 10.96.0.10 (src/engine/gen/kubeProxy.ts): service 1999 is 10.96.7.217.
  packets: [
    { in: 'cni0', proto: 'tcp', src: '10.244.0.5', dst: '10.96.7.217', sport: 40000, dport: 80, tcpFlags: ['SYN'] },
  ],
};

describe('trace chunks', () => {
  const api = createRealEngineApi();
  const full = api.trace(req) as TraceResponse;
  const fullJson = JSON.stringify(full);

  it('the kube trace is longer than one chunk (else this test proves nothing)', () => {
    expect(runsOf(full)[0]!.steps.length).toBeGreaterThan(STEP_CHUNK);
  });

  it('sharing snapshots changes no step as JSON', () => {
    const copy = structuredClone(full);
    for (const run of runsOf(copy)) shareSnapshots(run.steps);
    expect(JSON.stringify(copy)).toBe(fullJson);
    const steps = runsOf(copy)[0]!.steps;
    expect(steps.some((s, i) => i > 0 && s.packet === steps[i - 1]!.packet)).toBe(true);
  });

  it('the head plus every chunk rebuilds the whole trace', () => {
    const head = headOf(1, structuredClone(full));
    expect(runsOf(head.response)[0]!.steps).toHaveLength(STEP_CHUNK);
    let response = head.response;
    const all = runsOf(full)[0]!.steps;
    for (let from = STEP_CHUNK; from < all.length; from += STEP_CHUNK) {
      const to = Math.min(all.length, from + STEP_CHUNK);
      response = appendSteps(response, 0, all.slice(from, to), to >= all.length, head.replies[0] ?? null);
    }
    expect(JSON.stringify(response)).toBe(fullJson);
  });

  it('the worker API serves the latest trace in pieces and forgets older ones', () => {
    const head = api.traceStart(req) as ReturnType<typeof headOf>;
    expect(head.totals[0]).toBe(runsOf(full)[0]!.steps.length);
    const piece = api.traceSteps(head.traceId, 0, STEP_CHUNK, STEP_CHUNK + 10);
    expect(JSON.stringify(piece)).toBe(JSON.stringify(runsOf(full)[0]!.steps.slice(STEP_CHUNK, STEP_CHUNK + 10)));
    api.traceStart(req);
    expect(api.traceSteps(head.traceId, 0, 0, 10)).toBeNull();
  });

  it('with check options the head carries the check of the same rules (the rules cross once)', () => {
    const head = api.traceStart(req, { tableOrder: 'nft' }) as ReturnType<typeof headOf>;
    expect(head.check?.summary).toEqual((api.check(req.rules) as { summary: unknown }).summary);
  });
});

describe('the store with a chunking engine', () => {
  it('ends with the whole trace, having shown the first chunk first', async () => {
    const { createLabStore } = await import('../store/index.ts');
    const { currentTimeline } = await import('../store/playbackSlice.ts');
    const api = createRealEngineApi();
    const seen: number[] = [];
    const store = createLabStore({
      check: async (rules, opts) => api.check(rules, opts),
      trace: async (r) => api.trace(r),
      chainRules: async (id, table, chain) => api.chainRules(id, table, chain),
      save: async (rules) => api.save(rules),
      traceStart: async (r) => api.traceStart(r),
      traceSteps: async (id, run, from, to) => api.traceSteps(id, run, from, to),
    });
    store.subscribe((s) => seen.push(currentTimeline(s).length));
    store.setState({ rules: req.rules, host: req.host, packets: req.packets });
    await store.getState().requestTrace();
    const total = runsOf(api.trace(req) as TraceResponse)[0]!.steps.length;
    expect(currentTimeline(store.getState())).toHaveLength(total);
    expect(store.getState().traceStatus).toBe('ready');
    expect(seen).toContain(STEP_CHUNK);
  });
});
