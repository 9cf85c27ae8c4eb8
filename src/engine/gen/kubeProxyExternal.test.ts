// loadBalancerSourceRanges, externalIPs and health-check node ports in the three generators, checked against the
// shapes of kube-proxy's own expected output (pkg/proxy/iptables TestOverallIPTablesRules: KUBE-FW-…,
// KUBE-PROXY-FIREWALL, "external IP", "health check node port"; pkg/proxy/nftables TestOverallNFTablesRules:
// firewall-ips, firewall-… chains) and traced: a source outside the ranges never reaches an endpoint.
import { describe, expect, it } from 'vitest';
import { runTrace } from '../trace/index.ts';
import type { HostSpec, PacketSpec, TraceResult } from '../trace/types.ts';
import { parseRuleset, saveRuleset } from '../parse/index.ts';
import { generateKubeProxyDump } from './kubeProxy.ts';
import { generateKubeProxyIpvs } from './kubeProxyIpvs.ts';
import { generateKubeProxyNft } from './kubeProxyNft.ts';
import type { KubeModelOptions } from './kubeModel.ts';

// Four services, all NodePorts; svc0 and svc2 LoadBalancers (203.0.113.1, .2) allowing 198.18.0.0/15 only;
// svc0 and svc2 also have an external IP (198.51.100.1, .2); every 2nd external service (svc0, svc2) Local.
const OPTS: KubeModelOptions = {
  services: 4,
  endpoints: 2,
  nodePortEvery: 1,
  loadBalancerEvery: 2,
  localTrafficEvery: 2,
  externalIPEvery: 2,
  loadBalancerSourceRanges: ['198.18.0.0/15'],
  healthCheckNodePorts: true,
};
const LB = '203.0.113.1';
const EXTERNAL_IP = '198.51.100.1';
const NODE: HostSpec = {
  interfaces: [
    { name: 'lo', addresses: ['127.0.0.1/8'] },
    { name: 'eth0', addresses: ['192.168.0.2/24'] },
    { name: 'cni0', addresses: ['10.244.0.1/24'] },
  ],
  // The load balancer and external IPs are routed to this node by the network; replies go back the default way.
  routes: [{ to: 'default', via: '192.168.0.1', dev: 'eth0' }],
  forwarding: true,
  conntrack: 'on',
};
const syn = (src: string, dst: string, dport = 80): PacketSpec => ({
  in: 'eth0',
  proto: 'tcp',
  src,
  sport: 40000,
  dst,
  dport,
  tcpFlags: ['SYN'],
});

function trace(req: { rules: string; ipsets?: string; ipvs?: string; host?: HostSpec }, p: PacketSpec): TraceResult {
  const r = runTrace({ host: NODE, ...req, packets: [p] });
  if (!r.ok || !('results' in r)) throw new Error(JSON.stringify(r));
  return r.results[0]!;
}
const lines = (text: string, prefix: string) => text.split('\n').filter((l) => l.startsWith(prefix));

describe('iptables mode (pkg/proxy/iptables/proxier.go)', () => {
  const dump = generateKubeProxyDump(OPTS);

  it('loads, and is already in iptables-save’s canonical form', () => {
    const parsed = parseRuleset(dump);
    expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(saveRuleset(parsed.ruleset)).toBe(dump);
  });

  it('sends the LoadBalancer IP through KUBE-FW-…: allowed ranges on to KUBE-EXT, the rest falls out', () => {
    const lbRule = lines(dump, '-A KUBE-SERVICES ').find((l) => l.includes('"ns0/svc0:http loadbalancer IP"'))!;
    const fw = /-j (KUBE-FW-\S+)/.exec(lbRule)![1]!;
    const hash = fw.slice('KUBE-FW-'.length);
    expect(lines(dump, `-A ${fw} `)).toEqual([
      `-A ${fw} -s 198.18.0.0/15 -m comment --comment "ns0/svc0:http loadbalancer IP" -j KUBE-EXT-${hash}`,
      `-A ${fw} -m comment --comment "other traffic to ns0/svc0:http will be dropped by KUBE-PROXY-FIREWALL"`,
    ]);
    expect(lines(dump, '-A KUBE-PROXY-FIREWALL ')).toContain(
      `-A KUBE-PROXY-FIREWALL -d ${LB}/32 -p tcp -m comment --comment "ns0/svc0:http traffic not accepted by ${fw}" -m tcp --dport 80 -j DROP`,
    );
  });

  it('a range holding the node IP also lets the LB IP itself through (allowFromNode)', () => {
    const text = generateKubeProxyDump({ ...OPTS, loadBalancerSourceRanges: ['192.168.0.0/16'] });
    expect(text).toMatch(/-s 203\.0\.113\.1\/32 -m comment --comment "ns0\/svc0:http loadbalancer IP" -j KUBE-EXT-/);
  });

  it('an external IP goes to KUBE-EXT-… from KUBE-SERVICES, before the LoadBalancer IP', () => {
    const svc0 = lines(dump, '-A KUBE-SERVICES ').filter((l) => l.includes('ns0/svc0:http'));
    expect(svc0.map((l) => /"ns0\/svc0:http ([^"]+)"/.exec(l)?.[1])).toEqual([
      'cluster IP',
      'external IP',
      'loadbalancer IP',
    ]);
    expect(svc0[1]).toMatch(
      /^-A KUBE-SERVICES -d 198\.51\.100\.1\/32 -p tcp -m comment --comment "ns0\/svc0:http external IP" -m tcp --dport 80 -j KUBE-EXT-/,
    );
  });

  it('the health-check node port of a Local LoadBalancer is accepted in filter KUBE-NODEPORTS, nothing else', () => {
    const filter = dump.slice(0, dump.indexOf('*nat'));
    expect(lines(filter, '-A KUBE-NODEPORTS ')).toEqual([
      '-A KUBE-NODEPORTS -p tcp -m comment --comment "ns0/svc0:http health check node port" -m tcp --dport 31384 -j ACCEPT',
      '-A KUBE-NODEPORTS -p tcp -m comment --comment "ns0/svc2:http health check node port" -m tcp --dport 31386 -j ACCEPT',
    ]);
    const r = trace({ rules: dump }, syn('192.0.2.9', '192.168.0.2', 31384));
    expect(r.fate).toBe('delivered');
    expect(r.packet.dst).toBe('192.168.0.2');
  });

  it('traces: an allowed source reaches an endpoint, another is dropped by KUBE-PROXY-FIREWALL', () => {
    const allowed = trace({ rules: dump }, syn('198.18.5.5', LB));
    expect(allowed.fate).toBe('sent');
    expect(allowed.packet.dst).toMatch(/^10\.244\.0\.[2-3]$/);
    const denied = trace({ rules: dump }, syn('192.0.2.9', LB));
    expect(denied.fate).toBe('dropped');
    expect(denied.packet.dst).toBe(LB);
    expect(denied.walk.at(-1)).toMatchObject({ table: 'filter', chain: 'KUBE-PROXY-FIREWALL', verdict: 'drop' });
  });

  it('traces: an external IP reaches an endpoint of its service', () => {
    const r = trace({ rules: dump }, syn('192.0.2.9', EXTERNAL_IP));
    expect(r.fate).toBe('sent');
    expect(r.packet.dst).toMatch(/^10\.244\.0\.[2-3]$/);
  });
});

describe('IPVS mode (pkg/proxy/ipvs/proxier.go, ipset.go)', () => {
  const d = generateKubeProxyIpvs(OPTS);
  const host: HostSpec = {
    ...NODE,
    interfaces: [...NODE.interfaces, { name: 'kube-ipvs0', addresses: d.kubeIpvs0 }],
  };
  const req = { rules: d.rules, ipsets: d.ipsets, ipvs: d.ipvsadm, host };

  it('fills the firewall, external IP and health-check sets', () => {
    expect(lines(d.ipsets, 'add KUBE-LOAD-BALANCER-FW ')).toEqual([
      `add KUBE-LOAD-BALANCER-FW ${LB},tcp:80`,
      'add KUBE-LOAD-BALANCER-FW 203.0.113.2,tcp:80',
    ]);
    expect(lines(d.ipsets, 'add KUBE-LOAD-BALANCER-SOURCE-CIDR ')[0]).toBe(
      `add KUBE-LOAD-BALANCER-SOURCE-CIDR ${LB},tcp:80,198.18.0.0/15`,
    );
    expect(lines(d.ipsets, 'add KUBE-LOAD-BALANCER-SOURCE-IP ')).toEqual([]);
    // svc0 and svc2 are Local: their external IPs go to the -LOCAL set only, never masqueraded.
    expect(lines(d.ipsets, 'add KUBE-EXTERNAL-IP-LOCAL ')).toEqual([
      `add KUBE-EXTERNAL-IP-LOCAL ${EXTERNAL_IP},tcp:80`,
      'add KUBE-EXTERNAL-IP-LOCAL 198.51.100.2,tcp:80',
    ]);
    expect(lines(d.ipsets, 'add KUBE-EXTERNAL-IP ')).toEqual([]);
    expect(lines(d.ipsets, 'add KUBE-HEALTH-CHECK-NODE-PORT ')).toEqual([
      'add KUBE-HEALTH-CHECK-NODE-PORT 31384',
      'add KUBE-HEALTH-CHECK-NODE-PORT 31386',
    ]);
    expect(d.kubeIpvs0).toContain(`${EXTERNAL_IP}/32`);
    expect(d.ipvsadm).toContain(`-A -t ${EXTERNAL_IP}:80 -s rr`);
  });

  it('writes the firewall rules: KUBE-PROXY-FIREWALL → KUBE-SOURCE-RANGES-FIREWALL (RETURN allowed, then DROP)', () => {
    expect(lines(d.rules, '-A KUBE-SOURCE-RANGES-FIREWALL ')).toEqual([
      '-A KUBE-SOURCE-RANGES-FIREWALL -m comment --comment "Kubernetes service load balancer ip + port + source cidr for packet filter purpose" -m set --match-set KUBE-LOAD-BALANCER-SOURCE-CIDR dst,dst,src -j RETURN',
      '-A KUBE-SOURCE-RANGES-FIREWALL -j DROP',
    ]);
    const parsed = parseRuleset(d.rules, { ipsets: lines(d.ipsets, 'create ').map((l) => l.split(' ')[1]!) });
    expect(parsed.diagnostics.filter((x) => x.severity === 'error')).toEqual([]);
    expect(saveRuleset(parsed.ruleset)).toBe(d.rules);
  });

  it('a range holding the node IP puts the LB IP in KUBE-LOAD-BALANCER-SOURCE-IP (allowFromNode)', () => {
    const n = generateKubeProxyIpvs({ ...OPTS, loadBalancerSourceRanges: ['192.168.0.0/16'] });
    expect(lines(n.ipsets, 'add KUBE-LOAD-BALANCER-SOURCE-IP ')[0]).toBe(
      `add KUBE-LOAD-BALANCER-SOURCE-IP ${LB},tcp:80,${LB}`,
    );
    expect(n.rules).toContain('--match-set KUBE-LOAD-BALANCER-SOURCE-IP dst,dst,src -j RETURN');
  });

  it('traces: an allowed source is sent to a real server, another dropped in filter INPUT before IPVS', () => {
    const allowed = trace(req, syn('198.18.5.5', LB));
    expect(allowed.fate).toBe('sent');
    expect(allowed.packet.dst).toMatch(/^10\.244\.0\.[2-3]$/);
    const denied = trace(req, syn('192.0.2.9', LB));
    expect(denied.fate).toBe('dropped');
    expect(denied.walk.at(-1)).toMatchObject({ hook: 'INPUT', chain: 'KUBE-SOURCE-RANGES-FIREWALL', verdict: 'drop' });
    expect(denied.steps.some((s) => s.kind === 'ipvs')).toBe(false);
  });

  it('traces: an external IP is taken by IPVS; the health-check port is accepted on the node', () => {
    const r = trace(req, syn('192.0.2.9', EXTERNAL_IP));
    expect(r.fate).toBe('sent');
    expect(r.packet.dst).toMatch(/^10\.244\.0\.[2-3]$/);
    expect(trace(req, syn('192.0.2.9', '192.168.0.2', 31384)).fate).toBe('delivered');
  });
});

describe('nftables mode (pkg/proxy/nftables/proxier.go)', () => {
  const text = generateKubeProxyNft(OPTS);

  it('maps the LB IP to a firewall chain in firewall-ips, and external IPs to the external chain in service-ips', () => {
    const fw = /(\S+) \. tcp \. 80 : goto (firewall-[A-Z2-7]{8}-ns0\/svc0\/tcp\/http)/.exec(text);
    expect(fw?.[1]).toBe(LB);
    expect(text).toContain(`\tchain ${fw![2]} {\n\t\tip saddr != 198.18.0.0/15 drop\n\t}`);
    expect(text).toMatch(/198\.51\.100\.1 \. tcp \. 80 : goto external-[A-Z2-7]{8}-ns0\/svc0\/tcp\/http/);
    // Health-check node ports: nftables mode writes nothing for them (nothing in its table drops them).
    expect(text).not.toContain('31384');
    const two = generateKubeProxyNft({ ...OPTS, loadBalancerSourceRanges: ['198.18.0.0/15', '192.168.0.0/16'] });
    expect(two).toContain(`ip saddr != { 198.18.0.0/15, 192.168.0.0/16, ${LB} } drop`);
  });

  it('traces: an allowed source is DNATed to an endpoint, another dropped in the firewall chain before DNAT', () => {
    const allowed = trace({ rules: text }, syn('198.18.5.5', LB));
    expect(allowed.fate).toBe('sent');
    expect(allowed.packet.dst).toMatch(/^10\.244\.0\.[2-3]$/);
    const denied = trace({ rules: text }, syn('192.0.2.9', LB));
    expect(denied.fate).toBe('dropped');
    expect(denied.packet.dst).toBe(LB);
    expect(denied.walk.at(-1)).toMatchObject({ chain: expect.stringMatching(/^firewall-/), verdict: 'drop' });
  });

  // proxier.go: `usesFWChain := len(svcInfo.LoadBalancerVIPs()) > 0 && len(svcInfo.LoadBalancerSourceRanges()) > 0`,
  // independent of hasEndpoints; the LB IP's no-endpoint-services verdict is then `goto reject-chain`.
  it('writes the firewall chain of a LoadBalancer without endpoints too: outside sources dropped, others rejected', () => {
    const none = generateKubeProxyNft({ ...OPTS, noEndpointsFor: 0 });
    const fw = /(\S+) \. tcp \. 80 : goto (firewall-[A-Z2-7]{8}-ns0\/svc0\/tcp\/http)/.exec(none);
    expect(fw?.[1]).toBe(LB);
    expect(none).toContain(`\tchain ${fw![2]} {`);
    expect(none).toContain(`${LB} . tcp . 80 comment "ns0/svc0:http" : goto reject-chain`);
    const denied = trace({ rules: none }, syn('192.0.2.9', LB));
    expect(denied.fate).toBe('dropped');
    expect(denied.walk.at(-1)).toMatchObject({ chain: fw![2], verdict: 'drop' });
    const allowed = trace({ rules: none }, syn('198.18.5.5', LB));
    expect(allowed.fate).toBe('rejected');
    expect(allowed.walk.at(-1)).toMatchObject({ chain: 'reject-chain' });
  });

  it('traces: an external IP reaches an endpoint; with no endpoint here (Local), it is dropped', () => {
    expect(trace({ rules: text }, syn('192.0.2.9', EXTERNAL_IP)).packet.dst).toMatch(/^10\.244\.0\.[2-3]$/);
    // Pods past the 254th are on other nodes: svc130 (Local, external IP 198.51.100.2) has none here.
    const far = generateKubeProxyNft({ ...OPTS, services: 200, externalIPEvery: 130 });
    const r = trace({ rules: far }, syn('192.0.2.9', '198.51.100.2'));
    expect(r.fate).toBe('dropped');
  });
});
