// Native nftables base chains on the tracer's hooks (NFT.md; kernel nf_hook_entries_grow, nf_nat_inet_fn).
import { describe, expect, it } from 'vitest';
import { runTrace } from './index.ts';
import type { PacketSpec, TraceResult } from './types.ts';

const FWD: PacketSpec = { in: 'eth0', proto: 'tcp', src: '10.0.1.2', sport: 40000, dst: '10.0.2.2', dport: 80 };

function trace(rules: string, packets: PacketSpec[] = [FWD], extra: Partial<Parameters<typeof runTrace>[0]> = {}) {
  const resp = runTrace({ rules, packets, detail: 'walk', ...extra });
  if (!resp.ok || !('results' in resp)) throw new Error(JSON.stringify(resp));
  return resp.results;
}
const walk = (r: TraceResult) =>
  r.walk.map((w) => `${w.hook} ${w.priority} ${w.family} ${w.table} ${w.chain} ${w.rule} ${w.verdict}`);

describe('nftables base chains in the trace', () => {
  it('accept ends only its base chain: a later chain on the hook can still drop', () => {
    const [r] = trace(`table ip a { chain c { type filter hook forward priority 0; accept\n }\n}
table inet b { chain c { type filter hook forward priority 10; drop\n }\n}`);
    expect(r!.fate).toBe('dropped');
    expect(walk(r!)).toEqual(['forward 0 ip a c 1 accept', 'forward 10 inet b c 1 drop']);
  });

  it('equal priorities run newest first', () => {
    const [r] = trace(`table ip a { chain old { type filter hook forward priority 0; counter\n }
chain new { type filter hook forward priority 0; counter\n }\n}`);
    expect(r!.walk.map((w) => w.chain)).toEqual(['new', 'new', 'old', 'old']);
  });

  it('the iptables-nft tables (iptablesRules) sit at their priorities beside native chains', () => {
    const [r] = trace('table ip t { chain c { type filter hook forward priority -5; counter\n }\n}', [FWD], {
      iptablesRules: '*filter\n:FORWARD DROP [0:0]\nCOMMIT\n',
    });
    expect(walk(r!)).toEqual([
      'forward -5 ip t c 1 continue',
      'forward -5 ip t c policy accept',
      'forward 0 ip filter FORWARD policy drop',
    ]);
  });

  it('nat chains run once per connection and the first binding skips the later nat chains', () => {
    const rules = `table ip a { chain p { type nat hook prerouting priority -100; tcp dport 80 dnat to 10.0.2.9\n }\n}
table ip b { chain p { type nat hook prerouting priority -90; tcp dport 80 dnat to 10.0.2.7\n }\n}`;
    const reply: PacketSpec = {
      in: 'eth1',
      proto: 'tcp',
      src: '10.0.2.9',
      sport: 80,
      dst: '10.0.1.2',
      dport: 40000,
      tcpFlags: ['SYN', 'ACK'],
    };
    const [first, back] = trace(rules, [FWD, reply]);
    expect(first!.packet.dst).toBe('10.0.2.9');
    expect(first!.walk.map((w) => w.table)).toEqual(['a']);
    expect(back!.walk).toEqual([]);
    expect(back!.packet.src).toBe('10.0.2.2');
  });

  it('explore mode gives each numgen branch its exact probability', () => {
    const resp = runTrace({
      rules:
        'table ip t { chain p { type filter hook prerouting priority 0; tcp dport 80 numgen random mod 3 vmap { 0 : accept, 1 : drop, 2 : drop }\n }\n}',
      packets: [FWD],
      explore: true,
    });
    if (!resp.ok || !('outcomes' in resp)) throw new Error('explore failed');
    const byFate = Object.fromEntries(resp.outcomes.map((o) => [o.fate, o.probability]));
    expect(byFate.sent).toBeCloseTo(1 / 3);
    expect(byFate.dropped).toBeCloseTo(2 / 3);
  });
});
