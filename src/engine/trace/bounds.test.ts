// The bounds that keep a pathological request from taking the tab's memory: each packet stops after its rule
// evaluations, and a request stops tracing packets once their steps together pass the request's budget (MAX_TRACE_STEPS by default).
import { describe, expect, it } from 'vitest';
import { prepareRuleset, tracePrepared } from './index.ts';

const HOST = {
  interfaces: [{ name: 'eth0', addresses: ['10.0.0.1/24'] }],
  routes: [{ to: 'default', via: '10.0.0.254', dev: 'eth0' }],
  forwarding: false,
};

describe('trace bounds', () => {
  it('stops a packet at its rule evaluation limit, and packets past the step budget are not traced', () => {
    // A loop-free chain of jumps longer than the evaluation limit given: every packet hits the limit.
    const depth = 300;
    const chains = Array.from({ length: depth }, (_, i) => `:C${i} - [0:0]`);
    const jumps = Array.from({ length: depth - 1 }, (_, i) => `-A C${i} -j C${i + 1}`);
    const rules = `*filter\n:INPUT ACCEPT [0:0]\n${chains.join('\n')}\n-A INPUT -j C0\n${jumps.join('\n')}\nCOMMIT\n`;
    const prepared = prepareRuleset(rules);
    const perPacket = 200;
    const budget = 2000;
    const packets = 40;
    const response = tracePrepared(prepared, {
      host: HOST,
      maxRuleEvaluations: perPacket,
      maxTraceSteps: budget,
      detail: 'full',
      packets: Array.from({ length: packets }, (_, i) => ({
        in: 'eth0',
        proto: 'udp',
        src: '10.0.0.2',
        dst: '10.0.0.1',
        sport: 1000 + (i % 60000),
        dport: 53,
      })),
    });
    if (!response.ok || !('results' in response)) throw new Error('expected a trace');
    expect(response.results[0]?.steps.some((s) => s.kind === 'limit')).toBe(true);
    expect(response.results.length).toBeLessThan(packets);
    const steps = response.results.reduce((n, r) => n + r.steps.length, 0);
    expect(steps).toBeGreaterThan(budget);
    expect(steps).toBeLessThan(budget + 3 * perPacket);
    expect(response.diagnostics.at(-1)).toMatchObject({
      code: 'trace-cut',
      severity: 'warning',
      params: { traced: response.results.length, packets, max: budget },
    });
  });
});
