import { describe, expect, it } from 'vitest';
import { reportRules } from '../engine/index.ts';
import { runTrace } from '../engine/trace/index.ts';
import { packetsOfConnection, subtractBaseline } from './reports.ts';

const RULES = `*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
[10:600] -A INPUT -m conntrack --ctstate NEW -j ACCEPT
-A INPUT -m conntrack --ctstate ESTABLISHED -j ACCEPT
COMMIT
`;
const HOST = { interfaces: [{ name: 'eth0', addresses: ['10.0.0.1/24'] }], routes: [], forwarding: false };
const SYN = { in: 'eth0', proto: 'tcp', src: '10.0.0.2', dst: '10.0.0.1', sport: 1234, dport: 22, tcpFlags: ['SYN'] };
const SYN_ACK = {
  local: true,
  proto: 'tcp',
  src: '10.0.0.1',
  dst: '10.0.0.2',
  sport: 22,
  dport: 1234,
  tcpFlags: ['SYN', 'ACK'],
};
const ACK = { ...SYN, tcpFlags: ['ACK'] };

function results() {
  const response = runTrace({ rules: RULES, host: HOST, packets: [SYN, SYN_ACK, ACK] });
  if (!response.ok || !('results' in response)) throw new Error('trace failed');
  return response.results;
}

describe('counters after a reset (iptables -Z)', () => {
  it('counts only what packets after the reset added, the dump counters included', () => {
    const runs = results();
    const atReset = reportRules(RULES, runs[0]?.counters).tables;
    const later = reportRules(RULES, runs[2]?.counters).tables;
    const shown = subtractBaseline(later, { rules: RULES, counters: runs[0]?.counters ?? null }, RULES, atReset);
    const input = shown[0]?.chains[0];
    // In all: 10 from the dump + the SYN. After the reset: only the client's ACK, ESTABLISHED once the reply was seen.
    expect(later[0]?.chains[0]?.rules[0]?.packets).toBe(11);
    expect(input?.rules[0]?.packets).toBe(0);
    expect(input?.rules[1]?.packets).toBe(1);
  });

  it('does not apply to other rules text', () => {
    const runs = results();
    const tables = reportRules(RULES, runs[2]?.counters).tables;
    expect(subtractBaseline(tables, { rules: 'other', counters: null }, RULES, tables)).toBe(tables);
  });
});

describe('packetsOfConnection', () => {
  it('lists the packets whose steps carry the entry', () => {
    const runs = results();
    const id = runs[0]?.conntrack?.[0]?.id;
    expect(id).toBeDefined();
    expect(packetsOfConnection(runs, id ?? -1)).toEqual([0, 1, 2]);
  });
});
