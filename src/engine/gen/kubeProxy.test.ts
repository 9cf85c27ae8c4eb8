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
