import { describe, expect, it } from 'vitest';
import { inferListingTable } from './listingTable.ts';

describe('which table an `iptables -S` listing belongs to (iptables(8) TABLES: built-in chains and targets)', () => {
  it('PREROUTING/POSTROUTING with DNAT and MASQUERADE can only be nat', () => {
    const nat =
      '-P PREROUTING ACCEPT\n-P POSTROUTING ACCEPT\n-N DOCKER\n-A PREROUTING -j DOCKER\n-A POSTROUTING -s 10.0.0.0/8 -j MASQUERADE\n-A DOCKER -p tcp --dport 80 -j DNAT --to-destination 10.0.0.2\n';
    expect(inferListingTable(nat)).toEqual({ kind: 'one', table: 'nat' });
  });

  it('FORWARD with TTL (a mangle-only target) can only be mangle', () => {
    expect(inferListingTable('-P FORWARD ACCEPT\n-A FORWARD -j TTL --ttl-set 64\n')).toEqual({
      kind: 'one',
      table: 'mangle',
    });
  });

  it('asks when several tables fit (INPUT with ACCEPT: mangle, nat, filter or security)', () => {
    expect(inferListingTable('-P INPUT DROP\n-A INPUT -j ACCEPT\n')).toEqual({
      kind: 'ambiguous',
      candidates: ['mangle', 'nat', 'filter', 'security'],
    });
  });

  it('leaves dumps, commands and listings with `# table:` hints alone', () => {
    expect(inferListingTable('*nat\n-A POSTROUTING -j MASQUERADE\nCOMMIT\n').kind).toBe('not-listing');
    expect(inferListingTable('iptables -t nat -A POSTROUTING -j MASQUERADE\n').kind).toBe('not-listing');
    expect(inferListingTable('# table: nat\n-A POSTROUTING -j MASQUERADE\n').kind).toBe('not-listing');
  });
});
