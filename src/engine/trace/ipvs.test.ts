// IPVS as the tracer meets it, against ip_vs_core.c (ip_vs_ops4) and ip_vs_xmit.c (ip_vs_nat_xmit).
import { describe, expect, it } from 'vitest';
import en from '../../i18n/en/trace.json';
import { catalogCheck } from '../ext/catalogCheck.ts';
import { runTrace } from './index.ts';
import type { HostSpec, PacketSpec, TraceRequest, TraceResult, TraceStep } from './types.ts';

const NODE: HostSpec = {
  interfaces: [
    { name: 'lo', addresses: ['127.0.0.1/8'] },
    { name: 'eth0', addresses: ['192.168.0.2/24'] },
    { name: 'cni0', addresses: ['10.244.0.1/24'] },
    { name: 'kube-ipvs0', addresses: ['10.96.0.10/32'] },
  ],
  routes: [{ to: 'default', via: '192.168.0.1', dev: 'eth0' }],
  forwarding: true,
  conntrack: 'on',
};
// FORWARD drops new connections: service traffic must not need it.
const RULES = `*filter
:INPUT ACCEPT [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -d 10.96.0.10/32 -p tcp -j ACCEPT
-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
COMMIT
`;
const IPVS = `-A -t 10.96.0.10:80 -s rr
-a -t 10.96.0.10:80 -r 10.244.0.5:8080 -m -w 1
-a -t 10.96.0.10:80 -r 10.244.0.6:8080 -m -w 1
`;
const SYN = (src: string, sport = 40000): PacketSpec => ({
  in: 'eth0',
  proto: 'tcp',
  src,
  sport,
  dst: '10.96.0.10',
  dport: 80,
});

function trace(packets: PacketSpec[], extra: Partial<TraceRequest> = {}): TraceResult[] {
  const r = runTrace({ rules: RULES, host: NODE, ipvs: IPVS, packets, ...extra });
  if (!r.ok || !('results' in r)) throw new Error(JSON.stringify(r));
  return r.results;
}

const ipvsSteps = (r: TraceResult) =>
  r.steps.filter((s): s is Extract<TraceStep, { kind: 'ipvs' }> => s.kind === 'ipvs');
const hooks = (r: TraceResult) => r.steps.filter((s) => s.kind === 'hook').map((s) => s.hook);

describe('IPVS in the trace', () => {
  it('takes a request at LOCAL_IN priority 99, after filter INPUT: the VIP is local, FORWARD is never met', () => {
    const [r] = trace([SYN('192.168.0.50')]);
    expect(r!.fate).toBe('sent');
    expect(r!.outIface).toBe('cni0');
    expect(r!.packet).toMatchObject({ dst: '10.244.0.6', dport: 8080, ttl: 63 });
    // ip_vs_nat_xmit: NF_HOOK(LOCAL_OUT) then POSTROUTING, never FORWARD.
    expect(hooks(r!)).toEqual(['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING']);
    const filterInput = r!.steps.findIndex((s) => s.kind === 'rule' && s.chain === 'INPUT');
    const ipvs = r!.steps.findIndex((s) => s.kind === 'ipvs');
    expect(filterInput).toBeGreaterThan(0);
    expect(ipvs).toBeGreaterThan(filterInput);
    expect(ipvsSteps(r!)[0]).toMatchObject({ hook: 'INPUT', priority: 99, fn: 'in', action: 'xmit' });
  });

  it('explains the rr choice in catalog sentences, relative to the server chosen last', () => {
    const [, second] = trace([SYN('192.168.0.50'), SYN('192.168.0.51')]);
    const explain = ipvsSteps(second!)[0]!.explain;
    expect(explain.find((e) => e.id === 'trace.ipvs.sched.rr')?.params).toEqual({
      n: 2,
      count: 2,
      server: '10.244.0.5:8080',
      last: '10.244.0.6:8080',
    });
    expect(catalogCheck(en, 'trace').problems(explain)).toEqual([]);
  });

  it('un-NATs the reply at FORWARD priority 100 (after filter FORWARD): its source is the VIP again', () => {
    const [, reply] = trace([
      SYN('192.168.0.50'),
      {
        in: 'cni0',
        proto: 'tcp',
        src: '10.244.0.6',
        sport: 8080,
        dst: '192.168.0.50',
        dport: 40000,
        tcpFlags: ['SYN', 'ACK'],
      },
    ]);
    expect(reply!.fate).toBe('sent');
    expect(reply!.packet).toMatchObject({ src: '10.96.0.10', sport: 80, dst: '192.168.0.50' });
    // Conntrack recognised the reply: IPVS had told the entry to expect the real server.
    expect(reply!.ctstate).toBe('ESTABLISHED');
    expect(ipvsSteps(reply!)[0]).toMatchObject({ hook: 'FORWARD', priority: 100, action: 'snat' });
    expect(reply!.ipvs!.connections[0]).toMatchObject({
      proto: 'TCP',
      source: '192.168.0.50:40000',
      virtual: '10.96.0.10:80',
      destination: '10.244.0.6:8080',
    });
  });

  it('keeps a connection on its server (no second choice) and counts it active once ESTABLISHED', () => {
    const results = trace([
      SYN('192.168.0.50'),
      {
        in: 'cni0',
        proto: 'tcp',
        src: '10.244.0.6',
        sport: 8080,
        dst: '192.168.0.50',
        dport: 40000,
        tcpFlags: ['SYN', 'ACK'],
      },
      { ...SYN('192.168.0.50'), tcpFlags: ['ACK'] },
    ]);
    const last = results[2]!;
    expect(last.packet.dst).toBe('10.244.0.6');
    expect(ipvsSteps(last)[0]!.explain[0]!.id).toBe('trace.ipvs.existing');
    expect(last.ipvs!.connections[0]!.state).toBe('ESTABLISHED');
    expect(last.ipvs!.servers.find((s) => s.server === '10.244.0.6:8080')).toMatchObject({
      activeConns: 1,
      inactConns: 0,
    });
  });

  it('with every server drained, drops the SYN and answers ICMP port unreachable (ip_vs_leave)', () => {
    const [r] = trace([SYN('192.168.0.50')], { ipvs: IPVS.replaceAll('-w 1', '-w 0') });
    expect(r!.fate).toBe('dropped');
    expect(r!.reply?.packet).toMatchObject({ proto: 'icmp', icmpType: 3, icmpCode: 3, dst: '192.168.0.50' });
  });

  it('persistence: the same client keeps its real server even across source ports', () => {
    const results = trace([SYN('192.168.0.50', 1000), SYN('192.168.0.50', 1001), SYN('192.168.0.50', 1002)], {
      ipvs: IPVS.replace('-s rr', '-s rr -p 300'),
    });
    expect(new Set(results.map((r) => r.packet.dst)).size).toBe(1);
    expect(results[2]!.ipvs!.connections.filter((c) => c.template)).toHaveLength(1);
  });

  it('a locally sent request is taken at LOCAL_OUT -98, before filter OUTPUT, and goes round OUTPUT again', () => {
    const [r] = trace([{ local: true, proto: 'tcp', src: '192.168.0.2', sport: 40000, dst: '10.96.0.10', dport: 80 }]);
    expect(r!.fate).toBe('sent');
    expect(ipvsSteps(r!)[0]).toMatchObject({ hook: 'OUTPUT', priority: -98 });
    expect(hooks(r!)).toEqual(['OUTPUT', 'OUTPUT', 'POSTROUTING']);
  });

  it('explore mode lists each real server with its exact share', () => {
    const r = runTrace({ rules: RULES, host: NODE, ipvs: IPVS, packets: [SYN('192.168.0.50')], explore: true });
    expect(r.ok && 'outcomes' in r && r.ipvsShares).toEqual([
      { service: 'TCP 10.96.0.10:80', scheduler: 'rr', server: '10.244.0.6:8080', share: 0.5 },
      { service: 'TCP 10.96.0.10:80', scheduler: 'rr', server: '10.244.0.5:8080', share: 0.5 },
    ]);
  });

  it('bad ipvsadm text is refused with its line and column', () => {
    const r = runTrace({
      rules: RULES,
      host: NODE,
      ipvs: '-A -t 10.96.0.10:80\n-a -t 10.96.0.10:80 -r x -m',
      packets: [],
    });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors[0]).toMatchObject({ line: 2, col: 24 });
  });
});
