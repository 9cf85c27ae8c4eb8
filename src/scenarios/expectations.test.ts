// The comparison the scenarios test relies on must itself catch every kind of difference.
import { describe, expect, it } from 'vitest';
import type { Outcome, TraceResult } from '../engine/trace/types.ts';
import { outcomeDifferences, replayLandsOnAnOutcome, resultDifferences } from './expectations.ts';

const result = (over: Partial<TraceResult> = {}): TraceResult => ({
  fate: 'sent',
  outIface: 'eth1',
  packet: { proto: 'tcp', src: '10.0.1.2', dst: '10.0.2.2', sport: 1, dport: 80, mark: 0, tos: 0, ttl: 63, length: 40 },
  ctstate: 'NEW',
  walk: [{ hook: 'FORWARD', table: 'filter', chain: 'FORWARD', rule: 2, verdict: 'accept' }],
  steps: [],
  ...over,
});

describe('resultDifferences', () => {
  it('is empty when everything expected holds, and ignores what is not expected', () => {
    expect(resultDifferences({ fate: 'sent', packet: { dst: '10.0.2.2' } }, result())).toEqual([]);
  });

  it('names each differing field', () => {
    const diffs = resultDifferences(
      { fate: 'dropped', outIface: 'eth0', ctstate: 'ESTABLISHED', packet: { dport: 81 } },
      result(),
    );
    expect(diffs.map((d) => d.split(':')[0])).toEqual(['fate', 'outIface', 'ctstate', 'packet.dport']);
  });

  it('compares the walk exactly, including rule numbers', () => {
    const walk = [{ hook: 'FORWARD', table: 'filter', chain: 'FORWARD', rule: 1, verdict: 'accept' } as const];
    expect(resultDifferences({ fate: 'sent', walk }, result())).toHaveLength(1);
  });

  it('compares TCP flags as a set and checks the REJECT reply', () => {
    const reply = result({ packet: { ...result().packet, tcpFlags: ['ACK', 'RST'] }, outIface: 'eth0' });
    const withReply = result({ fate: 'rejected', reply });
    expect(
      resultDifferences({ fate: 'rejected', reply: { fate: 'sent', packet: { tcpFlags: ['RST', 'ACK'] } } }, withReply),
    ).toEqual([]);
    expect(resultDifferences({ fate: 'rejected', reply: { fate: 'sent' } }, result({ fate: 'rejected' }))).toEqual([
      'reply: expected a reply packet, got none',
    ]);
  });
});

describe('outcomeDifferences', () => {
  const outcome = (dst: string, probability: number): Outcome => ({
    ...result({ packet: { ...result().packet, dst } }),
    probability,
  });
  const third = 1 / 3;
  const expected = ['10.1.0.1', '10.1.0.2', '10.1.0.3'].map((dst) => ({
    probability: third,
    fate: 'sent' as const,
    packet: { dst },
  }));

  it('accepts the same outcomes in any order, probabilities to 6 decimals', () => {
    const found = [outcome('10.1.0.3', 0.3333333325), outcome('10.1.0.1', 0.3333333349), outcome('10.1.0.2', third)];
    expect(outcomeDifferences(expected, found)).toEqual([]);
  });

  it('reports a missing outcome, an extra one and a wrong probability', () => {
    const found = [outcome('10.1.0.1', 0.5), outcome('10.1.0.2', third), outcome('10.9.9.9', third)];
    const diffs = outcomeDifferences(expected, found);
    expect(diffs.some((d) => d.startsWith('outcome not found'))).toBe(true);
    expect(diffs.some((d) => d.startsWith('unexpected outcome'))).toBe(true);
    expect(diffs.some((d) => d.includes('probability expected'))).toBe(true);
  });

  it('tells whether a seeded replay landed on one of the outcomes', () => {
    expect(replayLandsOnAnOutcome(expected, outcome('10.1.0.2', 1))).toBe(true);
    expect(replayLandsOnAnOutcome(expected, outcome('10.1.0.9', 1))).toBe(false);
  });
});
