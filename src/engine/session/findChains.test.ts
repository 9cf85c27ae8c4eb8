import { describe, expect, it } from 'vitest';
import { generateKubeProxyDump } from '../gen/kubeProxy.ts';
import { parseRuleset } from '../parse/index.ts';
import { findChains } from './findChains.ts';

const RULES = `*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:WEB - [0:0]
:OPS - [0:0]
-A INPUT -p tcp -m tcp --dport 80 -m comment --comment "Public Website" -j WEB
-A INPUT -j OPS
-A WEB -j ACCEPT
-A OPS -m comment --comment "on-call laptops" -s 10.1.0.0/16 -j ACCEPT
COMMIT
`;

const ruleset = parseRuleset(RULES).ruleset;

describe('findChains', () => {
  it('finds a chain by its name, case-insensitively, and says no comment was needed', () => {
    expect(findChains(ruleset, { query: 'op' })).toEqual({
      total: 1,
      chains: [{ table: 'filter', chain: 'OPS', builtin: false, ruleCount: 1, comment: null }],
    });
  });

  it('finds a chain by a comment on one of its own rules', () => {
    const found = findChains(ruleset, { query: 'LAPTOP' });
    expect(found.chains.map((c) => [c.chain, c.comment])).toEqual([['OPS', 'on-call laptops']]);
  });

  it('finds a chain by the comment of the rule that jumps to it (and the chain holding that rule)', () => {
    const found = findChains(ruleset, { query: 'website' });
    // INPUT holds the commented rule; WEB is the chain it jumps to.
    expect(found.chains.map((c) => c.chain)).toEqual(['INPUT', 'WEB']);
  });

  it('lists every chain for an empty query, cut at the limit but counted in full', () => {
    const found = findChains(ruleset, { query: '  ', limit: 2 });
    expect(found.total).toBe(5);
    expect(found.chains.map((c) => c.chain)).toEqual(['INPUT', 'FORWARD']);
  });

  it("finds a kube-proxy Service's KUBE-SVC chain by the Service name in its comments", () => {
    const dump = parseRuleset(generateKubeProxyDump({ services: 30, endpoints: 2 })).ruleset;
    const found = findChains(dump, { query: 'ns0/svc17:' });
    const svc = found.chains.filter((c) => c.chain.startsWith('KUBE-SVC-'));
    expect(svc).toHaveLength(1);
    expect(svc[0]?.comment).toContain('ns0/svc17:');
    expect(found.chains.every((c) => c.comment?.includes('ns0/svc17:'))).toBe(true);
  });
});
