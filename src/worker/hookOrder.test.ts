import { describe, expect, it } from 'vitest';
import { stopsAtHook } from './hookOrder.ts';

const names = (hook: Parameters<typeof stopsAtHook>[0], order: 'nft' | 'legacy') =>
  stopsAtHook(hook, order).map((s) => s.stop);

describe('stopsAtHook (kernel hook priorities, issue #3)', () => {
  it('PREROUTING: raw -300, conntrack -200, mangle -150, nat (DNAT) -100', () => {
    expect(names('PREROUTING', 'nft')).toEqual(['raw', 'conntrack', 'mangle', 'nat']);
  });
  it('INPUT under iptables-nft: security (150) after nat (SNAT, 100)', () => {
    expect(names('INPUT', 'nft')).toEqual(['mangle', 'filter', 'nat', 'security']);
  });
  it('INPUT under legacy iptables: security (50) before nat (100)', () => {
    expect(names('INPUT', 'legacy')).toEqual(['mangle', 'filter', 'security', 'nat']);
  });
  it('FORWARD has no nat or raw table', () => {
    expect(names('FORWARD', 'nft')).toEqual(['mangle', 'filter', 'security']);
  });
  it('OUTPUT: raw, conntrack, mangle, nat (DNAT), filter, security', () => {
    expect(names('OUTPUT', 'nft')).toEqual(['raw', 'conntrack', 'mangle', 'nat', 'filter', 'security']);
  });
  it('POSTROUTING: mangle then nat (SNAT)', () => {
    expect(names('POSTROUTING', 'nft')).toEqual(['mangle', 'nat']);
  });
});
