// Traffic batches through the engine session: the tallies add up to N, the same seed gives the same batch, a
// cancel stops it between chunks, and the counters it reports are what the same packets traced one by one add.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createSession, CallCancelled, runTrace, type HostSpec, type PacketSpec } from '../index.ts';
import { batchWork, MAX_BATCH } from './batch.ts';
import { prepareRuleset } from '../trace/index.ts';
import { seededRandom } from '../trace/random.ts';

const dir = new URL('../../scenarios/kube-clusterip/', import.meta.url);
const KUBE_RULES = readFileSync(new URL('rules.txt', dir), 'utf8');
const KUBE = JSON.parse(readFileSync(new URL('scenario.json', dir), 'utf8')) as { host: HostSpec };
const TO_VIP: PacketSpec = {
  in: 'cni0',
  proto: 'tcp',
  src: '10.244.0.5',
  sport: 40000,
  dst: '10.96.0.50',
  dport: 80,
  tcpFlags: ['SYN'],
};

const FIREWALL = `*filter
:INPUT DROP [10:600]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -m conntrack --ctstate ESTABLISHED -j ACCEPT
-A INPUT -p tcp -m tcp --dport 22 -m limit --limit 50/sec --limit-burst 5 -j ACCEPT
-A INPUT -p tcp -m tcp --dport 22 -j LOG --log-prefix "SSH-OVER: "
-A INPUT -p tcp -m tcp --dport 23 -j REJECT --reject-with tcp-reset
COMMIT
`;
const HOST: HostSpec = {
  interfaces: [{ name: 'eth0', addresses: ['10.0.0.1/24'] }],
  routes: [{ to: 'default', via: '10.0.0.254', dev: 'eth0' }],
  forwarding: false,
};
const SSH: PacketSpec = { in: 'eth0', proto: 'tcp', src: '10.0.0.2', sport: 41000, dst: '10.0.0.1', dport: 22 };

describe('traffic batches (session.batch)', () => {
  it('300 new connections to a ClusterIP: every one counted once, spread over the three endpoints', async () => {
    const session = createSession();
    const { rulesetId } = session.load({ text: KUBE_RULES });
    const r = await session.batch({
      rulesetId,
      host: KUBE.host,
      template: TO_VIP,
      count: 300,
      kind: 'connections',
      seed: 7,
    });
    if (!r.ok) throw new Error(r.errors[0]?.message);
    expect(r.sent).toBe(300);
    expect(r.fates.reduce((n, f) => n + f.count, 0)).toBe(300);
    expect(r.endpoints.reduce((n, e) => n + e.count, 0)).toBe(300);
    expect(r.outIfaces.reduce((n, e) => n + e.count, 0)).toBe(300);
    expect(r.endpoints.map((e) => e.endpoint)).toEqual(['10.244.0.11:8080', '10.244.1.12:8080', '10.244.2.13:8080']);
    // Each endpoint's share is a third: 100 expected, a binomial sd of about 8.
    for (const e of r.endpoints) expect(Math.abs(e.count - 100)).toBeLessThan(40);
    // The KUBE-SVC chain's first rule (statistic 1/3) counted every connection that reached it.
    expect(r.counters.rules.length).toBeGreaterThan(3);
  });

  it('the same seed gives the same batch, another seed another one', async () => {
    const session = createSession();
    const { rulesetId } = session.load({ text: KUBE_RULES });
    const req = { rulesetId, host: KUBE.host, template: TO_VIP, count: 500, kind: 'connections' as const, seed: 3 };
    const a = await session.batch(req);
    const b = await session.batch(req);
    const c = await session.batch({ ...req, seed: 4 });
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it('packets of one flow (fixed source port) all meet the first packet’s NAT: nat sees only the first', async () => {
    const session = createSession();
    const { rulesetId } = session.load({ text: KUBE_RULES });
    const r = await session.batch({
      rulesetId,
      host: KUBE.host,
      template: TO_VIP,
      count: 50,
      kind: 'packets',
      seed: 1,
      randomPorts: false,
    });
    expect(r.ok && r.endpoints.map((e) => e.count)).toEqual([50]);
  });

  it('is bounded by MAX_BATCH', () => {
    const work = batchWork(prepareRuleset(FIREWALL), {
      host: HOST,
      template: SSH,
      count: MAX_BATCH * 3,
      kind: 'packets',
      seed: 1,
    });
    expect(work.next()).toEqual({ done: false, value: 250 });
    work.return({ ok: false, errors: [] });
    // The session reports progress against the bound, not against what was asked.
  });

  it('a cancel stops the batch between chunks', async () => {
    const session = createSession();
    const { rulesetId } = session.load({ text: KUBE_RULES });
    const signal = { aborted: false };
    const seen: [number, number][] = [];
    const call = session.batch(
      { rulesetId, host: KUBE.host, template: TO_VIP, count: 50_000, kind: 'connections', seed: 1 },
      {
        signal,
        progress: (done, total) => {
          seen.push([done, total]);
          if (done >= 500) signal.aborted = true;
        },
      },
    );
    await expect(call).rejects.toBeInstanceOf(CallCancelled);
    expect(seen.at(-1)).toEqual([500, 50_000]);
  });

  it('a ruleset the session does not hold is named in the answer', async () => {
    const r = await createSession().batch({ rulesetId: 42, template: SSH, count: 3, kind: 'packets', seed: 1 });
    expect(!r.ok && r.errors[0]?.code).toBe('unknown-ruleset');
  });

  it('a bad template packet comes back as a diagnostic', async () => {
    const session = createSession();
    const { rulesetId } = session.load({ text: FIREWALL });
    const r = await session.batch({
      rulesetId,
      host: HOST,
      template: { ...SSH, in: 'eth9' },
      count: 3,
      kind: 'packets',
      seed: 1,
    });
    expect(r.ok).toBe(false);
  });

  // The packets the batch builds, drawn the same way (ports from their own stream of the seed).
  function batchPorts(seed: number, n: number): number[] {
    const next = seededRandom((seed ^ 0x9e3779b9) >>> 0);
    return Array.from({ length: n }, () => 32768 + Math.floor(next() * (60999 - 32768 + 1)));
  }

  it('packets: the counters it adds equal those of the same packets traced in one request, the dump’s own left out', async () => {
    const session = createSession();
    const { rulesetId } = session.load({ text: FIREWALL });
    const n = 40;
    const r = await session.batch({ rulesetId, host: HOST, template: SSH, count: n, kind: 'packets', seed: 9 });
    if (!r.ok) throw new Error('batch failed');
    const packets = batchPorts(9, n).map((sport) => ({ ...SSH, sport }));
    const traced = runTrace({ rules: FIREWALL, host: HOST, packets, seed: 9 });
    if (!traced.ok || !('results' in traced)) throw new Error('trace failed');
    const last = traced.results.at(-1)!.counters!;
    const byRule = (c: typeof last) => Object.fromEntries(c.rules.map((x) => [x.ruleId, [x.packets, x.bytes]]));
    expect(byRule(r.counters)).toEqual(byRule(last));
    // The dump saved INPUT's policy with [10:600]: the batch reports only what it added.
    const policy = (c: typeof last) => c.policies.find((p) => p.chain === 'INPUT');
    expect(policy(last)!.packets - 10).toBe(policy(r.counters)?.packets ?? 0);
    expect(policy(last)!.bytes - 600).toBe(policy(r.counters)?.bytes ?? 0);
    // The limit let the first burst in, the LOG rule saw the rest, and the policy dropped them.
    const fates = Object.fromEntries(r.fates.map((f) => [f.fate, f.count]));
    expect(fates.delivered! + fates.dropped!).toBe(n);
    expect(fates.dropped).toBeGreaterThan(0);
  });

  it('connections: the counters equal the sum of each connection traced alone (a REJECT reply counted too)', async () => {
    const session = createSession();
    const { rulesetId } = session.load({ text: FIREWALL });
    const n = 12;
    const telnet = { ...SSH, dport: 23 };
    const r = await session.batch({ rulesetId, host: HOST, template: telnet, count: n, kind: 'connections', seed: 5 });
    if (!r.ok) throw new Error('batch failed');
    const sum = new Map<string, number>();
    for (const sport of batchPorts(5, n)) {
      const one = runTrace({ rules: FIREWALL, host: HOST, packets: [{ ...telnet, sport, tcpFlags: ['SYN'] }] });
      if (!one.ok || !('results' in one)) throw new Error('trace failed');
      for (const c of one.results[0]!.counters!.rules)
        sum.set(`r${c.ruleId}`, (sum.get(`r${c.ruleId}`) ?? 0) + c.packets);
      for (const c of one.results[0]!.counters!.policies) {
        const base = c.chain === 'INPUT' ? 10 : 0;
        const key = `${c.table}:${c.chain}`;
        sum.set(key, (sum.get(key) ?? 0) + c.packets - base);
      }
    }
    const got = new Map<string, number>([
      ...r.counters.rules.map((c) => [`r${c.ruleId}`, c.packets] as [string, number]),
      ...r.counters.policies.map((c) => [`${c.table}:${c.chain}`, c.packets] as [string, number]),
    ]);
    expect(Object.fromEntries(got)).toEqual(Object.fromEntries([...sum].filter(([, v]) => v > 0)));
    expect(r.fates).toEqual([{ fate: 'rejected', count: n }]);
  });
});
