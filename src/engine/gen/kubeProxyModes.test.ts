// kube-proxy's IPVS and nftables modes: names and shapes checked against kube-proxy's own expected output
// (pkg/proxy/nftables TestOverallNFTablesRules names ns1/svc1 port p80's chains ULMVA6XW and, for endpoint
// 10.180.0.1:80, 5OJB2KTY), and the IPVS dump loading into the lab's own parsers.
import { describe, expect, it } from 'vitest';
import { parseRuleset } from '../parse/index.ts';
import { parseIpsets } from '../host/ipset.ts';
import { parseIpvs } from '../ipvs/parse.ts';
import { hashAndTruncate, generateKubeProxyNft } from './kubeProxyNft.ts';
import { generateKubeProxyIpvs } from './kubeProxyIpvs.ts';
import { parseNft } from '../nft/index.ts';
import { formatIPv4 } from '../net/ipv4.ts';

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
    // The rule count does not grow with the services: ten times as many, the same rules (the sets hold the rest).
    const large = generateKubeProxyIpvs({ services: 300, endpoints: 2, nodePortEvery: 10, loadBalancerEvery: 15 });
    expect(large.rules).toBe(dump.rules);
    // A rule matching a set is written only when the set has members (writeIptablesRules): no LoadBalancer here.
    const small = generateKubeProxyIpvs({ services: 1, endpoints: 1 });
    expect(small.rules).not.toContain('KUBE-LOAD-BALANCER dst,dst -j KUBE-LOAD-BALANCER');
    expect(dump.rules).toContain('--match-set KUBE-LOAD-BALANCER dst,dst -j KUBE-LOAD-BALANCER');
  });
});

describe('externalTrafficPolicy Local (every 2nd external service; pods past the 254th are on other nodes)', () => {
  const opts = { services: 100, endpoints: 3, nodePortEvery: 1, loadBalancerEvery: 2, localTrafficEvery: 2 };

  describe('nftables mode (pkg/proxy/nftables/proxier.go)', () => {
    const text = generateKubeProxyNft(opts);
    const chainBody = (prefix: string, svc: string) => {
      const m = new RegExp(`\\tchain (${prefix}-[A-Z2-7]{8}-ns0/${svc}/tcp/http) \\{\\n([\\s\\S]*?)\\n\\t\\}\\n`).exec(
        text,
      );
      return {
        name: m?.[1] ?? '',
        rules: (m?.[2] ?? '')
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean),
      };
    };

    it('parses with the lab’s nftables parser', () => {
      expect(parseNft(text).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    });

    it('a Local service with endpoints here short-circuits pods and the node, then goes to its local- chain', () => {
      const svc = chainBody('service', 'svc84').name;
      const local = chainBody('local', 'svc84');
      expect(chainBody('external', 'svc84').rules).toEqual([
        `ip saddr 10.244.0.0/16 goto ${svc} comment "short-circuit pod traffic"`,
        'fib saddr type local jump mark-for-masquerade comment "masquerade local traffic"',
        `fib saddr type local goto ${svc} comment "short-circuit local traffic"`,
        `goto ${local.name}`,
      ]);
      expect(local.rules).toHaveLength(1);
      expect(local.rules[0]).toMatch(
        /^numgen random mod 2 vmap \{ 0 : goto endpoint-\S+10\.244\.0\.254\/8080, 1 : goto /,
      );
    });

    it('a Local service with no endpoint here drops external traffic through the no-endpoint maps', () => {
      expect(chainBody('external', 'svc86').rules).toHaveLength(3);
      expect(chainBody('local', 'svc86').name).toBe('');
      expect(text).toMatch(/203\.0\.113\.\d+ \. tcp \. 80 comment "ns0\/svc86:http" : drop/);
      expect(text).toMatch(/tcp \. \d+ comment "ns0\/svc86:http" : drop/);
    });
  });

  describe('IPVS mode (pkg/proxy/ipvs/proxier.go)', () => {
    const dump = generateKubeProxyIpvs(opts);
    const { config } = parseIpvs(dump.ipvsadm);
    const { sets } = parseIpsets(dump.ipsets);
    const lbOf = (svc: number) => {
      const line = dump.ipsets.split('\n').filter((l) => l.startsWith('add KUBE-LOAD-BALANCER '))[svc / 2];
      return /(\d+\.\d+\.\d+\.\d+),/.exec(line ?? '')?.[1];
    };

    it('the LoadBalancer virtual server of a Local service has this node’s endpoints only (none: no real server)', () => {
      const dests = (addr: string | undefined) =>
        config.services.find((s) => s.key.kind === 'addr' && formatIPv4(s.key.addr) === addr)?.dests.length;
      expect(dests(lbOf(84))).toBe(2);
      expect(dests(lbOf(86))).toBe(0);
      expect(dests(lbOf(82))).toBe(3);
    });

    it('the -LOCAL sets hold the Local services, and their RETURN rules skip masquerading', () => {
      // Every even service is a Local LoadBalancer (all 100 are NodePorts; every 2nd of them is Local).
      expect(sets.get('KUBE-LOAD-BALANCER-LOCAL')!.elements).toHaveLength(50);
      expect(sets.get('KUBE-NODE-PORT-LOCAL-TCP')!.elements).toHaveLength(50);
      const rules = dump.rules.split('\n');
      const lbReturn = rules.findIndex((l) => l.includes('--match-set KUBE-LOAD-BALANCER-LOCAL dst,dst -j RETURN'));
      expect(lbReturn).toBeGreaterThan(-1);
      expect(rules[lbReturn + 1]).toBe('-A KUBE-LOAD-BALANCER -j KUBE-MARK-MASQ');
      const npReturn = rules.findIndex((l) => l.includes('--match-set KUBE-NODE-PORT-LOCAL-TCP dst -j RETURN'));
      expect(rules[npReturn + 1]).toContain('--match-set KUBE-NODE-PORT-TCP dst -j KUBE-MARK-MASQ');
      const parsed = parseRuleset(dump.rules, { ipsets: [...sets.keys()] });
      expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    });
  });
});
