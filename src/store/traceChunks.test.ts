// A long trace crosses from the session in chunks; the store puts them back together. Both halves against the
// real engine, on a kube-proxy dump whose walk is longer than one chunk.
import { describe, expect, it } from 'vitest';
import {
  createSession,
  generateKubeProxyDump,
  prepareRuleset,
  runsOfResponse,
  STEP_CHUNK,
  tracePrepared,
  type TraceOptions,
} from '../engine/index.ts';
import { inProcessEngine } from './engine.ts';
import { createLabStore } from './index.ts';
import { currentTimeline } from './playbackSlice.ts';
import { appendSteps } from './traceAssembly.ts';
import { STEPS_PER_CALL } from './traceSlice.ts';

// A packet to the last of 2,000 services walks KUBE-SERVICES rule by rule: more steps than one chunk.
const RULES = generateKubeProxyDump({ services: 2000, endpoints: 3 });
const req: TraceOptions = {
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
  packets: [{ in: 'cni0', proto: 'tcp', src: '10.244.0.5', dst: '10.96.7.217', sport: 40000, dport: 80 }],
};
const full = tracePrepared(prepareRuleset(RULES), req);
const fullJson = JSON.stringify(full);
const allSteps = runsOfResponse(full)[0]!.steps;

describe('trace chunks', () => {
  it('the kube trace is longer than one chunk (else these tests prove nothing)', () => {
    expect(allSteps.length).toBeGreaterThan(STEP_CHUNK);
  });

  it('the session answers the first chunk, then serves the rest by trace id; the pieces rebuild the trace', async () => {
    const session = createSession();
    const { rulesetId } = session.load({ text: RULES });
    const head = await session.trace({ rulesetId, ...req });
    expect(head.totals[0]).toBe(allSteps.length);
    expect(runsOfResponse(head.response)[0]!.steps).toHaveLength(STEP_CHUNK);
    let response = head.response;
    for (let from = STEP_CHUNK; from < allSteps.length; from += STEP_CHUNK) {
      const to = Math.min(allSteps.length, from + STEP_CHUNK);
      const piece = session.traceSteps({ traceId: head.traceId, run: 0, from, to })!;
      response = appendSteps(response, 0, piece, to >= allSteps.length, head.replies[0] ?? null);
    }
    expect(JSON.stringify(response)).toBe(fullJson);
    // Neighbouring steps with equal snapshots share one object, so structured clone copies it once.
    const steps = runsOfResponse(head.response)[0]!.steps;
    expect(steps.some((s, i) => i > 0 && s.packet === steps[i - 1]!.packet)).toBe(true);
  });

  it('the session keeps the latest two traces and forgets older ones', async () => {
    const session = createSession();
    const { rulesetId } = session.load({ text: RULES });
    const first = await session.trace({ rulesetId, ...req });
    const second = await session.trace({ rulesetId, ...req });
    const third = await session.trace({ rulesetId, ...req });
    expect(session.traceSteps({ traceId: first.traceId, run: 0, from: 0, to: 1 })).toBeNull();
    expect(session.traceSteps({ traceId: second.traceId, run: 0, from: 0, to: 1 })).toHaveLength(1);
    expect(session.traceSteps({ traceId: third.traceId, run: 0, from: 0, to: 1 })).toHaveLength(1);
  });
});

describe('the store with a long trace', () => {
  it('ends with the whole trace, having shown its own first chunk (STEPS_PER_CALL steps, under the engine default) first', async () => {
    expect(STEPS_PER_CALL).toBeLessThan(STEP_CHUNK);
    const store = createLabStore(inProcessEngine());
    const seen: number[] = [];
    store.subscribe((s) => seen.push(currentTimeline(s).length));
    store.setState({ rules: RULES, host: req.host, packets: req.packets });
    await store.getState().requestTrace();
    expect(currentTimeline(store.getState())).toHaveLength(allSteps.length);
    expect(store.getState().traceStatus).toBe('ready');
    expect(seen).toContain(STEPS_PER_CALL);
    expect(seen).not.toContain(STEP_CHUNK);
  });
});
