// The `nft-accept` step: an accept ends only the base chain it is in (nf_hook_slow: NF_ACCEPT moves on to the next
// hook entry), so the trace says which chain the packet meets next at the same hook.
import { describe, expect, it } from 'vitest';
import { runTrace } from './index.ts';
import type { PacketSpec, TraceStep } from './types.ts';

const FWD: PacketSpec = { in: 'eth0', proto: 'tcp', src: '10.0.1.2', sport: 40000, dst: '10.0.2.2', dport: 80 };

function steps(rules: string, iptablesRules?: string): TraceStep[] {
  const resp = runTrace({ rules, packets: [FWD], ...(iptablesRules ? { iptablesRules } : {}) });
  if (!resp.ok || !('results' in resp)) throw new Error(JSON.stringify(resp));
  return resp.results[0]!.steps;
}
const accepts = (s: TraceStep[]) => s.filter((x) => x.kind === 'nft-accept');

describe('an accept ends only its base chain', () => {
  it('names the next base chain of another table on the same hook, by priority', () => {
    const s = steps(`table ip a { chain c { type filter hook forward priority 0; accept\n }\n}
table inet b { chain d { type filter hook forward priority 10; drop\n }\n}`);
    expect(accepts(s)).toMatchObject([
      {
        table: 'a',
        chain: 'c',
        base: 'c',
        by: 1,
        next: { kind: 'nft', family: 'inet', table: 'b', chain: 'd', priority: 10 },
      },
    ]);
    // The drop that follows is final.
    expect(s.at(-1)).toMatchObject({ kind: 'fate', fate: 'dropped' });
  });

  it('an accepting policy is said too, and the last chain at the hook has no next', () => {
    const s = steps('table ip a { chain c { type filter hook forward priority 0; policy accept; }\n}');
    expect(accepts(s)).toMatchObject([{ by: 'policy', next: null }]);
  });

  it('the next chain may be an iptables-nft table registered at a higher priority', () => {
    const s = steps(
      'table ip a { chain c { type filter hook forward priority -5; accept\n }\n}',
      '*filter\n:FORWARD DROP [0:0]\nCOMMIT\n',
    );
    expect(accepts(s)).toMatchObject([{ next: { kind: 'iptables', table: 'filter', chain: 'FORWARD', priority: 0 } }]);
  });

  it('a drop is final: no accept step, no later chain', () => {
    const s = steps(`table ip a { chain c { type filter hook forward priority 0; drop\n }\n}
table ip b { chain d { type filter hook forward priority 10; accept\n }\n}`);
    expect(accepts(s)).toEqual([]);
    expect(s.some((x) => x.kind === 'nft-rule' && x.table === 'b')).toBe(false);
  });
});
