import { describe, expect, it } from 'vitest';
import type { BatchTally, Outcome } from '../../engine/index.ts';
import { barsBy, decimal, outcomeRows } from './batchView.ts';

const outcome = (dst: string, probability: number, fraction: string): Outcome =>
  ({
    fate: 'sent',
    outIface: 'eth0',
    packet: { proto: 'tcp', src: '10.0.0.9', dst, dport: 8080, mark: 0, tos: 0, ttl: 63, length: 60 },
    ctstate: 'NEW',
    walk: [],
    steps: [],
    probability,
    fraction,
  }) as Outcome;

const TALLY: BatchTally = {
  kind: 'connections',
  requested: 300,
  sent: 300,
  fates: [
    { fate: 'sent', count: 290 },
    { fate: 'dropped', count: 10 },
  ],
  endpoints: [
    { endpoint: '10.1.0.1:8080', count: 105, fates: { sent: 100, dropped: 5 } },
    { endpoint: '10.1.0.2:8080', count: 195, fates: { sent: 190, dropped: 5 } },
  ],
  outIfaces: [
    { outIface: 'eth0', count: 290 },
    { outIface: null, count: 10 },
  ],
  counters: { rules: [], policies: [] },
};

describe('the batch beside the exact outcomes', () => {
  it('gives each exact outcome its count, then the batch outcomes explore did not list', () => {
    const rows = outcomeRows(TALLY, [outcome('10.1.0.1', 1 / 3, '1/3'), outcome('10.1.0.2', 2 / 3, '2/3')]);
    expect(rows.map((r) => [r.endpoint, r.fate, r.count, r.fraction])).toEqual([
      ['10.1.0.1:8080', 'sent', 100, '1/3'],
      ['10.1.0.2:8080', 'sent', 190, '2/3'],
      ['10.1.0.1:8080', 'dropped', 5, undefined],
      ['10.1.0.2:8080', 'dropped', 5, undefined],
    ]);
    expect(rows.reduce((n, r) => n + r.count, 0)).toBe(300);
  });

  it('bars per endpoint with what the exact probabilities predict, per fate, per interface', () => {
    const exact = [outcome('10.1.0.1', 1 / 3, '1/3'), outcome('10.1.0.2', 2 / 3, '2/3')];
    const bars = barsBy('endpoint', TALLY, exact);
    expect(bars.labels).toEqual(['10.1.0.1:8080', '10.1.0.2:8080']);
    expect(bars.counts).toEqual([105, 195]);
    expect(bars.expected.map((x) => Math.round(x ?? -1))).toEqual([100, 200]);
    expect(barsBy('fate', TALLY, exact).expected.map((x) => Math.round(x ?? -1))).toEqual([300, 0]);
    expect(barsBy('iface', TALLY, null)).toEqual({ labels: ['eth0', ''], counts: [290, 10], expected: [null, null] });
  });

  it('prints probabilities with at most six decimals', () => {
    expect(decimal(1 / 3)).toBe('0.333333');
    expect(decimal(0.5)).toBe('0.5');
    expect(decimal(1)).toBe('1');
  });
});
