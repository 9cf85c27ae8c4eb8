// Why the packet is in an nftables chain, said on the chain's trace line: a hook's base chains run in priority order
// (nf_hook_slow walks the hook's entries, lowest priority first) and an accept ends only its own base chain; a jump
// pushes a return address and a goto does not (nf_tables_core.c nft_do_chain, its jumpstack); a chain that runs out of
// rules, or a `return`, pops back to the last jump's caller, after the jumping rule.
import { describe, expect, it } from 'vitest';
import { runTrace } from './index.ts';
import type { PacketSpec, TraceStep } from './types.ts';

const FWD: PacketSpec = { in: 'eth0', proto: 'tcp', src: '10.0.1.2', sport: 40000, dst: '10.0.2.2', dport: 80 };

/** Each nft-chain line as `chain ← via`, with its explanation. */
function entries(rules: string, iptablesRules?: string) {
  const resp = runTrace({ rules, packets: [FWD], ...(iptablesRules ? { iptablesRules } : {}) });
  if (!resp.ok || !('results' in resp)) throw new Error(JSON.stringify(resp));
  return resp.results[0]!.steps.filter(
    (s): s is Extract<TraceStep, { kind: 'nft-chain' }> => s.kind === 'nft-chain',
  ).map((s) => ({ at: `${s.chain} ← ${s.via}`, explain: s.explain }));
}
const line = (key: string, params: Record<string, string | number>) => [
  { id: `nftlab:chainEntry.${key}`, params, matched: true },
];

describe('an nft chain line says how the packet came into the chain', () => {
  it('the first base chain at a hook runs by priority; the next one after an accept that ended only the first', () => {
    expect(
      entries(`table ip a { chain c { type filter hook forward priority 0; accept\n }\n}
table inet b { chain d { type filter hook forward priority 10; accept\n }\n}`),
    ).toEqual([
      { at: 'c ← hook', explain: line('enterBase', { hook: 'forward', chain: 'ip a c', priority: 0 }) },
      {
        at: 'd ← hook',
        explain: line('enterAfterAccept', { hook: 'forward', chain: 'inet b d', priority: 10, previous: 'ip a c' }),
      },
    ]);
  });

  it("a nat chain run for a connection's first packet also names the base chain whose accept came before it", () => {
    expect(
      entries(`table ip a {
  chain early { type filter hook prerouting priority -200; ct state new accept\n }
  chain natpre { type nat hook prerouting priority -100; accept\n }
}`).slice(0, 2),
    ).toEqual([
      { at: 'early ← hook', explain: line('enterBase', { hook: 'prerouting', chain: 'ip a early', priority: -200 }) },
      {
        at: 'natpre ← hook',
        explain: line('enterAfterAccept', {
          hook: 'prerouting',
          chain: 'ip a natpre',
          priority: -100,
          previous: 'ip a early',
        }),
      },
    ]);
  });

  it('after an iptables-nft table that accepted, the base chain at a higher priority names that chain', () => {
    expect(
      entries(
        'table ip a { chain c { type filter hook forward priority 10; accept\n }\n}',
        '*filter\n:FORWARD ACCEPT [0:0]\nCOMMIT\n',
      ),
    ).toEqual([
      {
        at: 'c ← hook',
        explain: line('enterAfterAcceptIptables', {
          hook: 'forward',
          chain: 'ip a c',
          priority: 10,
          previous: 'filter FORWARD',
        }),
      },
    ]);
  });

  it('a jump comes back after the jumping rule, when the chain runs out of rules or returns', () => {
    const ends = entries(`table ip a {
  chain c { type filter hook forward priority 0; counter; jump web; jump api; accept\n }
  chain web { counter\n }
  chain api { return\n }
}`);
    expect(ends.slice(1)).toEqual([
      { at: 'web ← jump', explain: line('jump', { chain: 'web', from: 'c', rule: 2 }) },
      { at: 'c ← return', explain: line('returnEnd', { chain: 'c', from: 'web', rule: 2 }) },
      { at: 'api ← jump', explain: line('jump', { chain: 'api', from: 'c', rule: 3 }) },
      { at: 'c ← return', explain: line('returnVerdict', { chain: 'c', from: 'api', rule: 3 }) },
    ]);
  });

  it('a goto never comes back to its chain: the end goes to the last jump, or to the base chain policy', () => {
    const viaJump = entries(`table ip a {
  chain c { type filter hook forward priority 0; jump x; accept\n }
  chain x { goto y\n }
  chain y { counter\n }
}`);
    expect(viaJump.slice(1)).toEqual([
      { at: 'x ← jump', explain: line('jump', { chain: 'x', from: 'c', rule: 1 }) },
      { at: 'y ← goto', explain: line('goto', { chain: 'y', from: 'x', rule: 1, back: 'c' }) },
      { at: 'c ← return', explain: line('returnEnd', { chain: 'c', from: 'y', rule: 1 }) },
    ]);
    const direct = entries(`table ip a {
  chain c { type filter hook forward priority 0; policy drop; goto y\n }
  chain y { counter\n }
}`);
    expect(direct.slice(1)).toEqual([
      { at: 'y ← goto', explain: line('gotoPolicy', { chain: 'y', from: 'c', rule: 1, base: 'ip a c' }) },
    ]);
  });
});
