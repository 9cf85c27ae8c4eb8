import { describe, expect, it } from 'vitest';
import { parseRuleset, saveRuleset } from '../parse/index.ts';
import { generateKubeProxyDump, savedProbability } from './kubeProxy.ts';

describe('kube-proxy dump generator', () => {
  it('names chains exactly as kube-proxy does (sha256 + base32 of "ns/svc:port" + protocol)', () => {
    // The kube-proxy conformance cases name ns2/svc2:p80's chain KUBE-SVC-GNZBNJ2PO5MGZ6GT; our generator uses the
    // port name "http", so check the hashing through a service name we can predict instead.
    const dump = generateKubeProxyDump({ services: 1, endpoints: 1 });
    expect(dump).toMatch(/^:KUBE-SVC-[A-Z2-7]{16} - \[0:0\]$/m);
    expect(dump).toMatch(/^:KUBE-SEP-[A-Z2-7]{16} - \[0:0\]$/m);
  });

  it('writes statistic probabilities 1/(n-i) as iptables-save prints them back (11 decimals)', () => {
    expect(savedProbability(1 / 3)).toBe('0.33333333349');
    expect(savedProbability(1 / 2)).toBe('0.50000000000');
    const dump = generateKubeProxyDump({ services: 1, endpoints: 4 });
    const probs = [...dump.matchAll(/--probability (\S+)/g)].map((m) => m[1]);
    expect(probs).toEqual(['0.25000000000', '0.33333333349', '0.50000000000']);
  });

  it('has the kube-proxy chain structure and loads without errors', () => {
    const r = parseRuleset(generateKubeProxyDump({ services: 30, endpoints: 3 }));
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const nat = r.ruleset.tables.get('nat')!;
    const filter = r.ruleset.tables.get('filter')!;
    for (const c of ['KUBE-SERVICES', 'KUBE-MARK-MASQ', 'KUBE-POSTROUTING', 'KUBE-NODEPORTS'])
      expect(nat.chains.has(c)).toBe(true);
    for (const c of [
      'KUBE-FIREWALL',
      'KUBE-FORWARD',
      'KUBE-SERVICES',
      'KUBE-EXTERNAL-SERVICES',
      'KUBE-NODEPORTS',
      'KUBE-PROXY-FIREWALL',
    ])
      expect(filter.chains.has(c)).toBe(true);
    const svc = [...nat.chains.keys()].filter((c) => c.startsWith('KUBE-SVC-'));
    const sep = [...nat.chains.keys()].filter((c) => c.startsWith('KUBE-SEP-'));
    expect(svc).toHaveLength(30);
    expect(sep).toHaveLength(90);
    // 3 KUBE-SERVICES built-in jumps + per service: 1 service rule, 1 masq + 3 endpoint rules, 3 × 2 SEP rules.
    expect(nat.chains.get('KUBE-SERVICES')!.rules).toHaveLength(31);
  });

  it('is deterministic and already in canonical iptables-save form', () => {
    const a = generateKubeProxyDump({ services: 12, endpoints: 2 });
    expect(generateKubeProxyDump({ services: 12, endpoints: 2 })).toBe(a);
    expect(saveRuleset(parseRuleset(a).ruleset)).toBe(a);
  });

  it('services without endpoints are rejected in filter KUBE-SERVICES', () => {
    const dump = generateKubeProxyDump({ services: 2, endpoints: 0 });
    expect(dump).toContain('"ns0/svc1:http has no endpoints" -m tcp --dport 80 -j REJECT');
    expect(parseRuleset(dump).rejected).toBe(false);
  });
});

describe('externalTrafficPolicy Local and LoadBalancer services (pkg/proxy/iptables/proxier.go)', () => {
  // Services 0..99 are NodePorts, every 2nd of them externalTrafficPolicy Local; 3 endpoints each, and only pods
  // 10.244.0.2–10.244.0.255 (the first 254) are on this node: svc84 has two local endpoints, svc86 none.
  const dump = generateKubeProxyDump({
    services: 100,
    endpoints: 3,
    nodePortEvery: 1,
    loadBalancerEvery: 2,
    localTrafficEvery: 2,
  });
  const rulesOf = (chain: string) => dump.split('\n').filter((l) => l.startsWith(`-A ${chain} `));
  const chainOf = (comment: string, prefix: string) => {
    const line = dump.split('\n').find((l) => l.includes(`"${comment}"`) && l.includes(`-j ${prefix}`));
    return /-j (KUBE-\S+)/.exec(line ?? '')?.[1] ?? '';
  };

  it('loads as iptables-save prints it', () => {
    const parsed = parseRuleset(dump);
    expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(saveRuleset(parsed.ruleset)).toBe(dump);
  });

  it('sends a LoadBalancer IP to the service’s KUBE-EXT chain, after its cluster IP rule', () => {
    const svc = rulesOf('KUBE-SERVICES').filter((l) => l.includes('ns0/svc84:http'));
    expect(svc).toHaveLength(2);
    expect(svc[0]).toMatch(/"ns0\/svc84:http cluster IP" -m tcp --dport 80 -j KUBE-SVC-/);
    expect(svc[1]).toMatch(
      /^-A KUBE-SERVICES -d 203\.0\.113\.\d+\/32 -p tcp -m comment --comment "ns0\/svc84:http loadbalancer IP" -m tcp --dport 80 -j KUBE-EXT-/,
    );
  });

  it('Local with endpoints here: pods and the node go to KUBE-SVC, everyone else to KUBE-SVL (local endpoints only)', () => {
    const ext = chainOf('ns0/svc84:http loadbalancer IP', 'KUBE-EXT-');
    const hash = ext.slice('KUBE-EXT-'.length);
    // The four rules of kube-proxy's TestOverallIPTablesRules for a Local service, in iptables-save's order.
    expect(rulesOf(ext)).toEqual([
      `-A ${ext} -s 10.244.0.0/16 -m comment --comment "pod traffic for ns0/svc84:http external destinations" -j KUBE-SVC-${hash}`,
      `-A ${ext} -m comment --comment "masquerade LOCAL traffic for ns0/svc84:http external destinations" -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ`,
      `-A ${ext} -m comment --comment "route LOCAL traffic for ns0/svc84:http external destinations" -m addrtype --src-type LOCAL -j KUBE-SVC-${hash}`,
      `-A ${ext} -j KUBE-SVL-${hash}`,
    ]);
    // KUBE-SVL: the two pods on this node, 1/2 then the rest; no masquerade rule (the client address is kept).
    const svl = rulesOf(`KUBE-SVL-${hash}`);
    expect(svl.map((l) => /"ns0\/svc84:http -> (\S+)"/.exec(l)?.[1])).toEqual([
      '10.244.0.254:8080',
      '10.244.0.255:8080',
    ]);
    expect(svl[0]).toContain('--probability 0.50000000000');
    expect(svl.some((l) => l.includes('KUBE-MARK-MASQ'))).toBe(false);
    // KUBE-SVC still balances over all three endpoints, for cluster IP traffic.
    expect(rulesOf(`KUBE-SVC-${hash}`).filter((l) => l.includes(' -> '))).toHaveLength(3);
  });

  it('Local with no endpoint here: KUBE-EXT keeps its short cuts but leads nowhere, and filter DROPs the rest', () => {
    const ext = chainOf('ns0/svc86:http loadbalancer IP', 'KUBE-EXT-');
    const hash = ext.slice('KUBE-EXT-'.length);
    expect(rulesOf(ext)).toHaveLength(3);
    expect(dump).not.toContain(`:KUBE-SVL-${hash} `);
    const drops = rulesOf('KUBE-EXTERNAL-SERVICES').filter((l) =>
      l.includes('"ns0/svc86:http has no local endpoints"'),
    );
    expect(drops).toHaveLength(2);
    expect(drops[0]).toMatch(/^-A KUBE-EXTERNAL-SERVICES -d 203\.0\.113\.\d+\/32 -p tcp .* -m tcp --dport 80 -j DROP$/);
    expect(drops[1]).toMatch(/-m addrtype --dst-type LOCAL -m tcp --dport \d+ -j DROP$/);
  });

  it('Cluster policy: every external packet is masqueraded and balanced over all endpoints', () => {
    const ext = chainOf('ns0/svc85:http', 'KUBE-EXT-');
    const hash = ext.slice('KUBE-EXT-'.length);
    expect(rulesOf(ext)).toEqual([
      `-A ${ext} -m comment --comment "masquerade traffic for ns0/svc85:http external destinations" -j KUBE-MARK-MASQ`,
      `-A ${ext} -j KUBE-SVC-${hash}`,
    ]);
  });
});
