import { describe, expect, it } from 'vitest';
import { DEFAULT_HOST } from '../host/host.ts';
import { runTrace } from './index.ts';
import { stepCount, stepRange, withFields } from './stepLog.ts';
import type { PacketSpec, TraceResult, TraceStep } from './types.ts';

// A DNAT in PREROUTING rewrites the destination; FORWARD rules then test the new one. Each chain starts with rules
// whose header test fails, so their steps are logged as series and built only when read.
const RULES = `*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A PREROUTING -d 10.96.0.1/32 -p tcp -j DNAT --to-destination 10.0.2.7
-A PREROUTING -d 10.96.0.2/32 -p tcp -j DNAT --to-destination 10.0.2.8
-A PREROUTING -i eth1 -j ACCEPT
-A PREROUTING -d 10.96.0.3/32 -p tcp -j DNAT --to-destination 10.0.2.9
COMMIT
*filter
:INPUT ACCEPT [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
-A FORWARD -d 10.96.0.3/32 -j DROP
-A FORWARD -p udp -j DROP
-A FORWARD -d 10.0.2.9/32 -p tcp -m tcp --dport 81 -j DROP
-A FORWARD -d 10.0.2.9/32 -p tcp -m tcp --dport 80 -j ACCEPT
COMMIT
`;

const PACKET: PacketSpec = { in: 'eth0', proto: 'tcp', src: '10.0.1.2', sport: 40000, dst: '10.96.0.3', dport: 80 };

function traceOnce(): TraceResult {
  const response = runTrace({ rules: RULES, packets: [PACKET], host: DEFAULT_HOST });
  if (!response.ok || !('results' in response)) throw new Error(JSON.stringify(response));
  return response.results[0]!;
}

type RuleStep = Extract<TraceStep, { kind: 'rule' }>;
const ruleSteps = (steps: TraceStep[], chain: string) =>
  steps.filter((s): s is RuleStep => s.kind === 'rule' && s.chain === chain);

describe('header misses are explained when read (the steps do not change)', () => {
  it('explains each missed rule with the packet as it was at that rule: before and after the DNAT', () => {
    const result = traceOnce();
    expect(result.fate).toBe('sent');
    const pre = ruleSteps(result.steps, 'PREROUTING');
    expect(pre.map((s) => [s.index, s.matched])).toEqual([
      [1, false],
      [2, false],
      [3, false],
      [4, true],
    ]);
    // kernel ip_packet_match: the destination test fails first, the input interface after it.
    expect(pre[0]!.matches).toEqual([
      {
        name: 'dst',
        text: '-d 10.96.0.1/32',
        matched: false,
        simulated: true,
        explain: [
          {
            id: 'match.generic.dst.out',
            matched: false,
            params: { addr: '10.96.0.3', net: '10.96.0.1/32', negated: false },
          },
        ],
      },
    ]);
    expect(pre[2]!.matches.map((m) => [m.name, m.matched])).toEqual([['in', false]]);
    expect(pre[0]!.text).toBe('-A PREROUTING -d 10.96.0.1/32 -p tcp -j DNAT --to-destination 10.0.2.7');
    expect(pre[1]!.trace).toBe('nat:PREROUTING:rule:2');
    expect(pre[0]!.packet.dst).toBe('10.96.0.3');
    const fwd = ruleSteps(result.steps, 'FORWARD');
    expect(fwd.map((s) => [s.index, s.matched])).toEqual([
      [1, false],
      [2, false],
      [3, false],
      [4, true],
    ]);
    // After the DNAT the FORWARD rules see (and explain) the new destination.
    expect(fwd[0]!.matches[0]!.explain[0]!.params).toMatchObject({ addr: '10.0.2.9' });
    expect(fwd[0]!.packet.dst).toBe('10.0.2.9');
    expect(fwd[1]!.matches.map((m) => [m.name, m.matched])).toEqual([['proto', false]]);
    // Rule 3 passes its header and fails its tcp match: explained by the match module, as before.
    expect(fwd[2]!.matches.map((m) => [m.name, m.matched])).toEqual([
      ['dst', true],
      ['proto', true],
      ['tcp', false],
    ]);
  });

  it('gives the same steps in any slices, through JSON, structured clone and a copy', () => {
    const whole = traceOnce().steps;
    const result = traceOnce();
    const total = stepCount(result);
    expect(total).toBe(whole.length);
    const pieces = [...stepRange(result, 0, 5), ...stepRange(result, 5, 9), ...stepRange(result, 9, total + 3)];
    expect(pieces).toEqual(whole);
    expect(JSON.parse(JSON.stringify(traceOnce())).steps).toEqual(JSON.parse(JSON.stringify(whole)));
    expect(structuredClone(traceOnce()).steps).toEqual(whole);
    const copy = withFields(traceOnce(), { fate: 'dropped' as const });
    expect(copy.fate).toBe('dropped');
    expect(copy.steps).toEqual(whole);
    expect(Object.keys(copy)).toEqual(Object.keys(result));
  });
});
