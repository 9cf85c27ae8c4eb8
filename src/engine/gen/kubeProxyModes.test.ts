// kube-proxy's IPVS and nftables modes: names and shapes checked against kube-proxy's own expected output
// (pkg/proxy/nftables TestOverallNFTablesRules names ns1/svc1 port p80's chains ULMVA6XW and, for endpoint
// 10.180.0.1:80, 5OJB2KTY), and the IPVS dump loading into the lab's own parsers.
import { describe, expect, it } from 'vitest';
import { parseRuleset } from '../parse/index.ts';
import { parseIpsets } from '../host/ipset.ts';
import { parseIpvs } from '../ipvs/parse.ts';
import { hashAndTruncate, generateKubeProxyNft } from './kubeProxyNft.ts';
import { generateKubeProxyIpvs } from './kubeProxyIpvs.ts';

describe('nftables mode', () => {
  it('names chains as kube-proxy does (hashAndTruncate)', () => {
    expect(hashAndTruncate('ns1/svc1/tcp/p80')).toBe('ULMVA6XW-ns1/svc1/tcp/p80');
    expect(hashAndTruncate('ns1/svc1/tcp/p80__10.180.0.1/80')).toBe('5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80');
  });

  it('finds every service through one verdict map and picks endpoints with numgen', () => {
    const text = generateKubeProxyNft({ services: 20, endpoints: 3, nodePortEvery: 10 });
    expect(text).toContain('ip daddr . meta l4proto . th dport vmap @service-ips');
    expect(text.match(/ : goto service-/g)).toHaveLength(20);
    expect(text.match(/numgen random mod 3 vmap/g)).toHaveLength(20);
    expect(text.match(/^\tchain endpoint-/gm)).toHaveLength(60);
    expect(text.match(/^\tchain external-/gm)).toHaveLength(2);
    expect(text).toMatch(/^table ip kube-proxy \{\n/);
  });

  it('services without endpoints are rejected through no-endpoint-services', () => {
    const text = generateKubeProxyNft({ services: 1, endpoints: 0 });
    expect(text).toContain('10.96.0.10 . tcp . 80 comment "ns0/svc0:http" : goto reject-chain');
    expect(text).not.toMatch(/chain service-[A-Z2-7]{8}-/);
  });
});

describe('IPVS mode', () => {
  const dump = generateKubeProxyIpvs({ services: 30, endpoints: 2, nodePortEvery: 10, loadBalancerEvery: 15 });

  it('makes a virtual server per cluster IP, node port and load balancer IP, with masq real servers', () => {
    const { config, diagnostics } = parseIpvs(dump.ipvsadm);
    expect(diagnostics).toEqual([]);
    // 30 cluster IPs + 3 NodePorts (0, 10, 20; 15 is a LoadBalancer and so also a NodePort: 4) + 2 LB IPs.
    expect(config.services).toHaveLength(30 + 4 + 2);
    expect(config.services.every((s) => s.scheduler === 'rr' && s.dests.every((d) => d.forwarding === 'masq'))).toBe(
      true,
    );
    expect(dump.kubeIpvs0).toHaveLength(32);
  });

  it('its ipsets load and its iptables rules are a constant set that loads against them', () => {
    const { sets, diagnostics } = parseIpsets(dump.ipsets);
    expect(diagnostics).toEqual([]);
    expect(sets.get('KUBE-CLUSTER-IP')!.elements).toHaveLength(30);
    const parsed = parseRuleset(dump.rules, { ipsets: [...sets.keys()] });
    expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const small = generateKubeProxyIpvs({ services: 1, endpoints: 1 });
    expect(small.rules).toBe(dump.rules);
  });
});
