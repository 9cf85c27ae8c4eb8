import { describe, expect, it } from 'vitest';
import catalog from '../../i18n/en/trace.json' with { type: 'json' };
import type { Explanation } from '../ext/types.ts';
import { REAL_TARGET_NAMES } from '../parse/knownExtensions.ts';
import { findTarget } from '../target/index.ts';
import { DEFAULT_HOST } from '../host/host.ts';
import { runTrace, tablesAtHook } from './index.ts';
import type { HostSpec, Outcome, PacketSpec, TraceRequest, TraceResult, TraceStep } from './types.ts';

/** The kernel conformance router: clients on eth0, servers and the default route on eth1. */
const ROUTER: HostSpec = DEFAULT_HOST;

const client = (over: Partial<PacketSpec> = {}): PacketSpec => ({
  in: 'eth0',
  proto: 'tcp',
  src: '10.0.1.2',
  sport: 40000,
  dst: '10.0.2.2',
  dport: 80,
  ...over,
});

function trace(rules: string, packets: PacketSpec[], extra: Partial<TraceRequest> = {}): TraceResult[] {
  const resp = runTrace({ rules, packets, host: ROUTER, ...extra });
  if (!resp.ok) throw new Error(JSON.stringify(resp.errors));
  if (!('results' in resp)) throw new Error('expected results');
  return resp.results;
}

function explore(rules: string, packets: PacketSpec[]): Outcome[] {
  const resp = runTrace({ rules, packets, host: ROUTER, explore: true });
  if (!resp.ok || !('outcomes' in resp)) throw new Error(JSON.stringify(resp));
  return resp.outcomes;
}

const walkOf = (r: TraceResult) => r.walk.map((w) => `${w.hook} ${w.table}:${w.chain}:${w.rule} ${w.verdict}`);

const KUBE_SVC = `*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:KUBE-SVC-A - [0:0]
:KUBE-SEP-1 - [0:0]
:KUBE-SEP-2 - [0:0]
:KUBE-SEP-3 - [0:0]
-A PREROUTING -d 10.96.0.10/32 -p tcp -m tcp --dport 80 -j KUBE-SVC-A
-A KUBE-SVC-A -m statistic --mode random --probability 0.33333333349 -j KUBE-SEP-1
-A KUBE-SVC-A -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-2
-A KUBE-SVC-A -j KUBE-SEP-3
-A KUBE-SEP-1 -p tcp -m tcp -j DNAT --to-destination 10.244.0.1:8080
-A KUBE-SEP-2 -p tcp -m tcp -j DNAT --to-destination 10.244.0.2:8080
-A KUBE-SEP-3 -p tcp -m tcp -j DNAT --to-destination 10.244.0.3:8080
COMMIT
`;

describe('chain walk (iptables(8): -j, -g, RETURN, policies)', () => {
  const rules = `*filter
:INPUT ACCEPT [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
:J1 - [0:0]
:G2 - [0:0]
-A FORWARD -p tcp -j J1
-A FORWARD -p tcp -m tcp --dport 22 -j ACCEPT
-A FORWARD -j ACCEPT
-A J1 -g G2
-A J1 -j DROP
-A G2 -p tcp -m tcp --dport 22 -j RETURN
-A G2 -p tcp -m tcp --dport 23 -j DROP
COMMIT
`;
  it('RETURN from a goto chain resumes after the rule that jumped to its caller', () => {
    const [r] = trace(rules, [client({ dport: 22 })]);
    expect(walkOf(r!)).toEqual([
      'FORWARD filter:FORWARD:1 jump J1',
      'FORWARD filter:J1:1 goto G2',
      'FORWARD filter:G2:1 return',
      'FORWARD filter:FORWARD:2 accept',
    ]);
    expect(r!.fate).toBe('sent');
    expect(r!.outIface).toBe('eth1');
  });

  it('falling off a goto chain is not traced and goes back to the caller of the caller', () => {
    const [r] = trace(rules, [client({ dport: 24 })]);
    expect(walkOf(r!)).toEqual([
      'FORWARD filter:FORWARD:1 jump J1',
      'FORWARD filter:J1:1 goto G2',
      'FORWARD filter:FORWARD:3 accept',
    ]);
  });

  it('says which rule of which chain dropped the packet', () => {
    const [r] = trace(rules, [client({ dport: 23 })]);
    expect(r!.fate).toBe('dropped');
    expect(r!.reason).toMatchObject({ id: 'trace.fate.dropped', params: { table: 'filter', chain: 'G2', rule: 2 } });
  });

  it('a base chain policy decides when no rule does, and is traced as policy', () => {
    const [r] = trace(`*filter\n:INPUT DROP [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n`, [
      client({ dst: '10.0.1.1' }),
    ]);
    expect(walkOf(r!)).toEqual(['INPUT filter:INPUT:policy drop']);
    expect(r!.fate).toBe('dropped');
    expect(r!.reason?.id).toBe('trace.fate.dropped-policy');
    expect(r!.ctstate).toBeNull();
  });

  it('stops at the evaluation limit with a limit step instead of running on', () => {
    const many = Array.from({ length: 50 }, () => '-A FORWARD -m comment --comment x').join('\n');
    const [r] = trace(
      `*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n${many}\nCOMMIT\n`,
      [client()],
      { maxRuleEvaluations: 10 },
    );
    expect(r!.fate).toBe('dropped');
    expect(r!.steps.some((s) => s.kind === 'limit')).toBe(true);
    expect(r!.walk).toHaveLength(10);
  });
});

describe('conntrack and NAT', () => {
  const rules = `*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A PREROUTING -p udp -m udp --dport 5353 -j DNAT --to-destination 10.0.2.2:53
-A POSTROUTING -o eth1 -j MASQUERADE
COMMIT
`;
  const first = client({ proto: 'udp', dst: '10.0.1.1', sport: 41281, dport: 5353 });
  const reply: PacketSpec = { in: 'eth1', proto: 'udp', src: '10.0.2.2', sport: 53, dst: '10.0.2.1', dport: 41281 };

  it('walks the nat chains for the first packet only and applies the binding to the rest, both ways', () => {
    const [a, b, c] = trace(rules, [first, first, reply]);
    expect(walkOf(a!)).toEqual(['PREROUTING nat:PREROUTING:1 accept', 'POSTROUTING nat:POSTROUTING:1 accept']);
    expect(a!.packet).toMatchObject({ src: '10.0.2.1', dst: '10.0.2.2', dport: 53 });
    expect(b!.walk).toEqual([]);
    expect(b!.packet).toMatchObject({ src: '10.0.2.1', dst: '10.0.2.2', dport: 53 });
    expect(c!.ctstate).toBe('ESTABLISHED');
    expect(c!.packet).toMatchObject({ src: '10.0.1.1', sport: 5353, dst: '10.0.1.2', dport: 41281 });
    expect(c!.outIface).toBe('eth0');
  });

  it('says which NAT a reply has undone: SNAT at PREROUTING, DNAT at POSTROUTING (nf_nat_packet inverts the manip)', () => {
    const [, , c] = trace(rules, [first, first, reply], { detail: 'full' });
    const natSteps = c!.steps.flatMap((s) => (s.kind === 'nat' && s.changed.length ? [s] : []));
    expect(natSteps.map((s) => [s.hook, s.explain?.id, s.changed])).toEqual([
      ['PREROUTING', 'trace.nat.undo-snat', ['dst']],
      ['POSTROUTING', 'trace.nat.undo-dnat', ['src', 'sport']],
    ]);
  });

  it("in 'auto' mode an empty nat table does not switch conntrack on; 'on' walks it (kernel cases 10/10b)", () => {
    const empty = `*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\nCOMMIT\n`;
    const [off] = trace(empty, [client()]);
    expect(off!.walk).toEqual([]);
    expect(off!.ctstate).toBeNull();
    const [on] = trace(empty, [client()], { host: { ...ROUTER, conntrack: 'on' } });
    expect(walkOf(on!)).toEqual([
      'PREROUTING nat:PREROUTING:policy accept',
      'POSTROUTING nat:POSTROUTING:policy accept',
    ]);
    expect(on!.ctstate).toBe('NEW');
  });

  it('REJECT answers with a TCP RST traced as its own packet', () => {
    const [r] = trace(
      `*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n-A INPUT -p tcp -m tcp --dport 23 -j REJECT --reject-with tcp-reset\nCOMMIT\n`,
      [client({ dst: '10.0.1.1', dport: 23 })],
    );
    expect(r!.fate).toBe('rejected');
    expect(walkOf(r!)).toEqual(['INPUT filter:INPUT:1 drop']);
    expect(r!.reply?.fate).toBe('sent');
    expect(r!.reply?.outIface).toBe('eth0');
    expect(r!.reply?.packet).toMatchObject({
      src: '10.0.1.1',
      sport: 23,
      dst: '10.0.1.2',
      dport: 40000,
      tcpFlags: ['RST', 'ACK'],
    });
  });
});

describe('ipsets', () => {
  it("answers the set match from the request's `ipset save` text", () => {
    const ipsets = 'create WEB hash:ip,port family inet\nadd WEB 10.0.2.2,tcp:80\n';
    const rules = `*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n-A FORWARD -m set --match-set WEB dst,dst -j ACCEPT\nCOMMIT\n`;
    const [web, other] = trace(rules, [client(), client({ dport: 81 })], { ipsets });
    expect(web!.fate).toBe('sent');
    expect(other!.fate).toBe('dropped');
  });
});

describe('reverse-path lookups', () => {
  it('lets rpfilter ask the routing table which interface leads back to the source', () => {
    const rules = `*raw\n:PREROUTING ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n-A PREROUTING -m rpfilter --invert -j DROP\nCOMMIT\n`;
    const [genuine, spoofed] = trace(rules, [client(), client({ src: '10.0.2.77' })]);
    expect(genuine!.fate).toBe('sent');
    expect(spoofed!.fate).toBe('dropped');
    expect(walkOf(spoofed!)).toEqual(['PREROUTING raw:PREROUTING:1 drop']);
  });
});

describe('counters', () => {
  it('count matching rules and deciding policies from the saved [packets:bytes] on (iptables -v)', () => {
    const rules = `*filter\n:INPUT DROP [5:500]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n[1:60] -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\nCOMMIT\n`;
    const results = trace(rules, [
      client({ dst: '10.0.1.1', dport: 22 }),
      client({ dst: '10.0.1.1', dport: 22, sport: 2 }),
      client({ dst: '10.0.1.1', dport: 23 }),
    ]);
    const last = results[2]!.counters!;
    expect(last.rules.map((c) => [c.packets, c.bytes])).toEqual([[3, 140]]);
    expect(last.policies).toEqual([{ table: 'filter', chain: 'INPUT', packets: 6, bytes: 540 }]);
  });
});

describe('forwarding', () => {
  it('does not forward a packet whose TTL would expire: no FORWARD hook, an ICMP time-exceeded goes back (f54)', () => {
    const rules = `*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n-A FORWARD -j ACCEPT\nCOMMIT\n`;
    const [expired, ok] = trace(rules, [client({ ttl: 1 }), client({ ttl: 2 })]);
    expect(expired!.fate).toBe('dropped');
    expect(expired!.walk).toEqual([]);
    expect(expired!.reply?.packet).toMatchObject({ proto: 'icmp', icmpType: 11, src: '10.0.1.1', dst: '10.0.1.2' });
    expect(expired!.reply?.outIface).toBe('eth0');
    expect(ok!.fate).toBe('sent');
    expect(ok!.packet.ttl).toBe(1);
  });
});

describe('conntrack entries before confirmation', () => {
  it('--ctexpire sees 0 on a first packet: nf_ct_expires() of an unconfirmed entry (kernel case g13)', () => {
    const rules = `*mangle\n:FORWARD ACCEPT [0:0]\n-A FORWARD -m conntrack --ctexpire 0 -j MARK --set-mark 1\n-A FORWARD -m conntrack --ctexpire 1:30 -j MARK --set-mark 2\nCOMMIT\n`;
    const udp = client({ proto: 'udp', dport: 53 });
    const [first, second] = trace(rules, [udp, udp]);
    expect([first!.packet.mark, second!.packet.mark]).toEqual([1, 2]);
  });
});

describe('local traffic', () => {
  it('a packet to the host itself goes OUTPUT → POSTROUTING → lo → PREROUTING → INPUT', () => {
    const rules = `*mangle\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\nCOMMIT\n`;
    const [r] = trace(rules, [{ local: true, proto: 'udp', src: '10.0.1.1', sport: 1, dst: '10.0.1.1', dport: 53 }]);
    expect(r!.walk.map((w) => w.hook)).toEqual(['OUTPUT', 'POSTROUTING', 'PREROUTING', 'INPUT']);
    expect(r!.fate).toBe('delivered');
  });

  it('a nat OUTPUT DNAT to an own address reroutes through lo; the nat chains are not walked again on the way in', () => {
    const rules = `*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n-A OUTPUT -j DNAT --to-destination 10.0.2.1\nCOMMIT\n*filter\n:INPUT DROP [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n`;
    const [r] = trace(rules, [
      { local: true, proto: 'tcp', src: '10.0.1.1', sport: 1018, dst: '10.0.1.2', dport: 9000 },
    ]);
    expect(walkOf(r!)).toEqual([
      'OUTPUT nat:OUTPUT:1 accept',
      'OUTPUT filter:OUTPUT:policy accept',
      'POSTROUTING nat:POSTROUTING:policy accept',
      'INPUT filter:INPUT:policy drop',
    ]);
    // Dropped on its way back in: its fate is the INPUT drop, not "sent" through lo (kernel recordings f53, r001).
    expect([r!.fate, r!.outIface, r!.packet.dst]).toEqual(['dropped', null, '10.0.2.1']);
  });

  it('legacy table order puts security before nat at INPUT', () => {
    expect(tablesAtHook('INPUT', 'nft')).toEqual(['mangle', 'filter', 'nat', 'security']);
    expect(tablesAtHook('INPUT', 'legacy')).toEqual(['mangle', 'filter', 'security', 'nat']);
  });
});

describe('randomness', () => {
  const pod = client({ in: 'eth1', src: '10.0.2.50', dst: '10.96.0.10' });

  it('explore mode gives the kube-proxy 1/3, 1/2, rest chain three outcomes of 1/3 each', () => {
    const outcomes = explore(KUBE_SVC, [pod]);
    expect(outcomes.map((o) => o.packet.dst).sort()).toEqual(['10.244.0.1', '10.244.0.2', '10.244.0.3']);
    for (const o of outcomes) expect(o.probability).toBeCloseTo(1 / 3, 6);
  });

  it('replay mode is reproducible for a seed and reaches every endpoint over many connections', () => {
    const packets = Array.from({ length: 30 }, (_, i) => ({ ...pod, sport: 30000 + i }));
    const a = trace(KUBE_SVC, packets, { seed: 7 }).map((r) => r.packet.dst);
    const b = trace(KUBE_SVC, packets, { seed: 7 }).map((r) => r.packet.dst);
    expect(a).toEqual(b);
    expect(new Set(a).size).toBe(3);
  });
});

// A real iptables target the lab has no module for (the list shrinks as modules land; the test follows it).
const UNSIMULATED_TARGET = [...REAL_TARGET_NAMES].sort().find((name) => !findTarget(name));

describe('extensions the lab does not simulate', () => {
  it('treats an unknown match as matching, and says so', () => {
    const rules = `*mangle\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n-A FORWARD -m frobnicate --x 1 -j MARK --set-mark 0x5\nCOMMIT\n`;
    const [r] = trace(rules, [client()]);
    expect(walkOf(r!)).toContain('FORWARD mangle:FORWARD:1 continue');
    expect(r!.packet.mark).toBe(5);
    expect(r!.fate).toBe('sent');
    const unknownMatch = r!.steps
      .flatMap((s) => (s.kind === 'rule' ? s.matches : []))
      .find((m) => m.name === 'frobnicate');
    expect(unknownMatch?.simulated).toBe(false);
  });

  it.skipIf(UNSIMULATED_TARGET === undefined)(
    'lets the packet continue past a target it does not simulate, and says so',
    () => {
      const rules = `*mangle\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n-A POSTROUTING -j ${UNSIMULATED_TARGET}\nCOMMIT\n`;
      const [r] = trace(rules, [client()]);
      expect(walkOf(r!)).toContain('POSTROUTING mangle:POSTROUTING:1 continue');
      expect(r!.fate).toBe('sent');
      const step = r!.steps.find((s) => s.kind === 'rule' && s.target?.name === UNSIMULATED_TARGET);
      expect(step?.kind === 'rule' && step.target?.explain[0]?.id).toBe('trace.target.not-simulated');
    },
  );
});

describe('detail levels and explanations', () => {
  const rules =
    KUBE_SVC.replace('COMMIT\n', 'COMMIT\n') +
    `*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n-A FORWARD -m conntrack --ctstate NEW -s 10.0.2.0/24 -j ACCEPT\n-A FORWARD -m frobnicate --x 1 -j ACCEPT\nCOMMIT\n`;
  const packets = [client({ in: 'eth1', src: '10.0.2.50', dst: '10.96.0.10' }), client({ dst: '10.0.1.1', dport: 22 })];

  it("'walk' detail reports the packet after every NAT, as 'full' does (nat INPUT SNAT, reply un-NAT, ICMP error)", () => {
    const natRules = `*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n-A INPUT -p tcp -m tcp --dport 22 -j SNAT --to-source 10.0.1.99\n-A PREROUTING -p udp -m udp --dport 5353 -j DNAT --to-destination 10.0.2.2:53\nCOMMIT\n`;
    const seq: PacketSpec[] = [
      client({ dst: '10.0.1.1', dport: 22 }),
      client({ proto: 'udp', dst: '10.0.1.1', dport: 5353, sport: 999 }),
      { in: 'eth1', proto: 'udp', src: '10.0.2.2', sport: 53, dst: '10.0.1.2', dport: 999 },
      {
        in: 'eth1',
        proto: 'icmp',
        icmpType: 3,
        icmpCode: 3,
        src: '10.0.2.2',
        dst: '10.0.1.2',
        inner: { proto: 'udp', src: '10.0.1.2', sport: 999, dst: '10.0.2.2', dport: 53 },
      },
    ];
    const full = trace(natRules, seq);
    const walk = trace(natRules, seq, { detail: 'walk' });
    expect(walk.map((r) => r.packet)).toEqual(full.map((r) => r.packet));
    expect(walk[0]!.packet.src).toBe('10.0.1.99');
    expect(walk[2]!.packet).toMatchObject({ src: '10.0.1.1', sport: 5353 });
    expect(walk[3]!.packet.src).toBe('10.0.1.1');
  });

  it("'walk' detail decides exactly as 'full' without building rule steps", () => {
    const full = trace(rules, packets, { seed: 3 });
    const walk = trace(rules, packets, { seed: 3, detail: 'walk' });
    expect(walk.map((r) => [r.fate, r.outIface, r.packet, r.walk])).toEqual(
      full.map((r) => [r.fate, r.outIface, r.packet, r.walk]),
    );
    expect(walk[0]!.steps.some((s) => s.kind === 'rule')).toBe(false);
    expect(full[0]!.steps.some((s) => s.kind === 'rule')).toBe(true);
  });

  it('rule steps carry the kernel TRACE notation and every tracer sentence exists in the catalog', () => {
    const results = trace(rules, packets, { seed: 3 });
    const steps: TraceStep[] = results.flatMap((r) => r.steps);
    const rule = steps.find((s) => s.kind === 'rule' && s.chain === 'KUBE-SVC-A');
    expect(rule && rule.kind === 'rule' ? rule.trace : '').toMatch(/^nat:KUBE-SVC-A:rule:\d$/);
    const explanations: Explanation[] = [];
    for (const s of steps) {
      if ('reason' in s) explanations.push(s.reason);
      if ((s.kind === 'conntrack' || s.kind === 'nat') && s.explain) explanations.push(s.explain);
      if (s.kind === 'rule') {
        s.matches.forEach((m) => explanations.push(...m.explain));
        if (s.target) explanations.push(...s.target.explain);
      }
    }
    const ids = explanations.map((e) => e.id).filter((id) => id.startsWith('trace.'));
    expect(ids.length).toBeGreaterThan(5);
    for (const id of ids) {
      const found = id
        .split('.')
        .slice(1)
        .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], catalog);
      expect(typeof found, id).toBe('string');
    }
  });

  it('refuses a ruleset iptables-restore would refuse, with line and column', () => {
    const resp = runTrace({ rules: '*filter\n-A INPUT -j NOWHERE\nCOMMIT\n', packets: [client()] });
    expect(resp.ok).toBe(false);
    if (!resp.ok) expect(resp.errors[0]!.line).toBe(2);
  });

  it('refuses a packet on an interface the host lacks, without throwing', () => {
    const resp = runTrace({ rules: '', packets: [client({ in: 'eth7' })] });
    expect(resp.ok).toBe(false);
  });
});
