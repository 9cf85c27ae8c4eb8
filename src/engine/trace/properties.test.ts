// Properties that hold for any packet: the tracer answers (never throws), every fate is one of the contract's words,
// the walk only names chains of the ruleset, and explore-mode probabilities sum to 1.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import catalog from '../../i18n/en/trace.json' with { type: 'json' };
import type { Explanation } from '../ext/types.ts';
import { runTrace } from './index.ts';
import type { PacketSpec, TraceResult } from './types.ts';

function explanationsOf(r: TraceResult): Explanation[] {
  const out: Explanation[] = r.reason ? [r.reason] : [];
  for (const s of r.steps) {
    if ('reason' in s) out.push(s.reason);
    if ((s.kind === 'conntrack' || s.kind === 'nat') && s.explain) out.push(s.explain);
    if (s.kind === 'rule') {
      for (const m of s.matches) out.push(...m.explain);
      if (s.target) out.push(...s.target.explain);
    }
  }
  if (r.reply) out.push(...explanationsOf(r.reply));
  return out;
}

function inCatalog(id: string): boolean {
  const found = id
    .split('.')
    .slice(1)
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], catalog);
  return typeof found === 'string';
}

const RULES = `*raw
:PREROUTING ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A PREROUTING -p udp -m udp --dport 5000 -j NOTRACK
COMMIT
*mangle
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A PREROUTING -j CONNMARK --restore-mark
-A PREROUTING -p tcp -m tcp --dport 80 -j MARK --set-mark 0x7
-A PREROUTING -j CONNMARK --save-mark
COMMIT
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:SVC - [0:0]
-A PREROUTING -d 10.0.1.1/32 -p tcp -m tcp --dport 8080 -j SVC
-A SVC -p tcp -m statistic --mode random --probability 0.25 -j DNAT --to-destination 10.0.2.2:80
-A SVC -p tcp -j DNAT --to-destination 10.0.2.3:80
-A OUTPUT -d 192.0.2.1/32 -j DNAT --to-destination 10.0.1.1
-A POSTROUTING -o eth1 -j MASQUERADE
COMMIT
*filter
:INPUT DROP [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
:CHECK - [0:0]
-A INPUT -i lo -j ACCEPT
-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
-A INPUT -p tcp -j REJECT --reject-with tcp-reset
-A INPUT -p udp -j REJECT
-A FORWARD -m conntrack --ctstate INVALID -j DROP
-A FORWARD -g CHECK
-A CHECK -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A CHECK -i eth0 -o eth1 -j ACCEPT
-A CHECK -p icmp -j RETURN
COMMIT
`;
const CHAINS = new Set(['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING', 'SVC', 'CHECK']);
const FATES = ['delivered', 'sent', 'dropped', 'rejected', 'queued'];

const addr = fc.oneof(
  fc.constantFrom(
    '10.0.1.1',
    '10.0.1.2',
    '10.0.2.1',
    '10.0.2.2',
    '10.0.1.255',
    '127.0.0.1',
    '224.0.0.251',
    '192.0.2.1',
    '0.0.0.0',
  ),
  fc.ipV4(),
);
const packet: fc.Arbitrary<PacketSpec> = fc
  .record({
    local: fc.boolean(),
    in: fc.constantFrom('eth0', 'eth1', 'lo'),
    proto: fc.constantFrom('tcp', 'udp', 'icmp', 47),
    src: addr,
    dst: addr,
    sport: fc.integer({ min: 0, max: 65535 }),
    dport: fc.constantFrom(22, 80, 8080, 5000, 53, 23),
    tcpFlags: fc.subarray(['SYN', 'ACK', 'FIN', 'RST', 'PSH', 'URG']),
    icmpType: fc.constantFrom(0, 3, 8, 11),
    ttl: fc.integer({ min: 1, max: 255 }),
  })
  .map((p) => {
    const spec: PacketSpec = { ...p };
    if (p.local) delete spec.in;
    if (p.icmpType === 3 || p.icmpType === 11)
      spec.inner = { proto: 'udp', src: p.dst, dst: p.src, sport: p.dport, dport: p.sport };
    return spec;
  });

describe('tracer properties', () => {
  it('answers every packet sequence with contract fates and walks over existing chains', () => {
    fc.assert(
      fc.property(fc.array(packet, { minLength: 1, maxLength: 6 }), fc.integer(), (packets, seed) => {
        const resp = runTrace({ rules: RULES, packets, seed, detail: 'walk' });
        expect(resp.ok).toBe(true);
        if (!resp.ok || !('results' in resp)) return;
        expect(resp.results).toHaveLength(packets.length);
        for (const r of resp.results) {
          expect(FATES).toContain(r.fate);
          if (r.fate === 'sent') expect(r.outIface).not.toBeNull();
          for (const w of r.walk) expect(CHAINS.has(w.chain)).toBe(true);
          if (r.reply) expect(FATES).toContain(r.reply.fate);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('every sentence the tracer emits exists in the trace catalog', () => {
    fc.assert(
      fc.property(fc.array(packet, { minLength: 1, maxLength: 6 }), (packets) => {
        const resp = runTrace({ rules: RULES, packets, host: undefined });
        if (!resp.ok || !('results' in resp)) return;
        for (const r of resp.results) {
          for (const e of explanationsOf(r)) if (e.id.startsWith('trace.')) expect(inCatalog(e.id), e.id).toBe(true);
        }
      }),
      { numRuns: 80 },
    );
  });

  it("'walk' detail decides and reports exactly what 'full' does", () => {
    fc.assert(
      fc.property(fc.array(packet, { minLength: 1, maxLength: 6 }), fc.integer(), (packets, seed) => {
        const full = runTrace({ rules: RULES, packets, seed });
        const walk = runTrace({ rules: RULES, packets, seed, detail: 'walk' });
        if (!full.ok || !walk.ok || !('results' in full) || !('results' in walk)) throw new Error('refused');
        const essence = (r: TraceResult) => [r.fate, r.outIface, r.packet, r.ctstate, r.walk, r.reply?.packet];
        expect(walk.results.map(essence)).toEqual(full.results.map(essence));
      }),
      { numRuns: 100 },
    );
  });

  it('explore-mode probabilities sum to 1', () => {
    fc.assert(
      fc.property(fc.array(packet, { minLength: 1, maxLength: 3 }), (packets) => {
        const resp = runTrace({ rules: RULES, packets, explore: true, detail: 'walk' });
        expect(resp.ok).toBe(true);
        if (!resp.ok || !('outcomes' in resp)) return;
        const total = resp.outcomes.reduce((s, o) => s + o.probability, 0);
        expect(total).toBeCloseTo(1, 9);
      }),
      { numRuns: 60 },
    );
  });
});
