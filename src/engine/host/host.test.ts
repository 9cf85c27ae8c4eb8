import { describe, expect, it } from 'vitest';
import { parseIPv4 } from '../net/ipv4.ts';
import { addressType } from './addrtype.ts';
import { buildHost, isLocal, lookupRoute, selectSourceAddress } from './host.ts';

const ip = (s: string) => parseIPv4(s)!;

describe('host model', () => {
  it('uses the router of the kernel cases when no host is given, with lo always present', () => {
    const { host, diagnostics } = buildHost(undefined);
    expect(diagnostics).toEqual([]);
    expect([...host.interfaces.keys()]).toEqual(['lo', 'eth0', 'eth1']);
    expect(host.forwarding).toBe(true);
    expect(host.conntrack).toBe('auto');
    const bare = buildHost({
      interfaces: [{ name: 'eth0', addresses: ['192.0.2.1/24'] }],
      routes: [],
      forwarding: false,
    }).host;
    expect(bare.interfaces.has('lo')).toBe(true);
    expect(isLocal(bare, ip('127.0.0.53'))).toBe(true);
  });

  it('derives connected routes from addresses and picks the longest prefix (ip-route(8))', () => {
    const { host } = buildHost({
      interfaces: [
        { name: 'eth0', addresses: ['10.0.1.1/24'] },
        { name: 'eth1', addresses: ['10.0.2.1/24'] },
      ],
      routes: [
        { to: 'default', via: '10.0.2.2', dev: 'eth1' },
        { to: '10.0.0.0/8', via: '10.0.1.254', dev: 'eth0' },
      ],
      forwarding: true,
    });
    expect(lookupRoute(host, ip('10.0.2.77'))?.dev).toBe('eth1');
    expect(lookupRoute(host, ip('10.0.2.77'))?.origin).toBe('connected');
    expect(lookupRoute(host, ip('10.9.9.9'))?.dev).toBe('eth0');
    expect(lookupRoute(host, ip('8.8.8.8'))?.via).toBe(ip('10.0.2.2'));
  });

  it('reports malformed addresses and routes instead of throwing', () => {
    const { diagnostics } = buildHost({
      interfaces: [{ name: 'eth0', addresses: ['10.0.1.300/24', '10.0.1.1/33'] }],
      routes: [{ to: 'default', dev: 'eth9' }],
      forwarding: true,
    });
    expect(diagnostics.map((d) => d.code)).toEqual(['bad-host', 'bad-host', 'bad-host']);
  });

  it('answers addrtype as the local table does (iptables-extensions(8) addrtype)', () => {
    const { host } = buildHost(undefined);
    expect(addressType(host, ip('10.0.1.1'))).toBe('LOCAL');
    expect(addressType(host, ip('127.0.0.1'))).toBe('LOCAL');
    expect(addressType(host, ip('10.0.1.255'))).toBe('BROADCAST');
    expect(addressType(host, ip('255.255.255.255'))).toBe('BROADCAST');
    expect(addressType(host, ip('127.255.255.255'))).toBe('BROADCAST');
    expect(addressType(host, ip('127.0.0.53'))).toBe('LOCAL');
    expect(addressType(host, ip('224.0.0.251'))).toBe('MULTICAST');
    expect(addressType(host, ip('10.0.2.2'))).toBe('UNICAST');
    // --limit-iface-in: the eth1 address asked through eth0 is not LOCAL (kernel case f15).
    expect(addressType(host, ip('10.0.2.1'), 'eth0')).toBe('UNICAST');
    expect(addressType(host, ip('10.0.2.1'), 'eth1')).toBe('LOCAL');
  });

  it('selects the source address facing the next hop (MASQUERADE)', () => {
    const { host } = buildHost({
      interfaces: [{ name: 'eth0', addresses: ['192.168.0.2/24', '192.168.1.2/24'] }],
      routes: [],
      forwarding: true,
    });
    expect(selectSourceAddress(host, 'eth0', ip('192.168.1.9'))).toBe(ip('192.168.1.2'));
    expect(selectSourceAddress(host, 'eth0', ip('8.8.8.8'))).toBe(ip('192.168.0.2'));
    expect(selectSourceAddress(host, 'nope', undefined)).toBeUndefined();
  });

  it('inet_select_addr (universe scope) never picks 127.0.0.1: through lo it takes the first global address', () => {
    const { host } = buildHost(undefined);
    const eth0 = parseIPv4('10.0.1.1')!;
    expect(selectSourceAddress(host, 'lo', parseIPv4('10.0.2.1'))).toBe(eth0);
    expect(selectSourceAddress(host, 'lo', parseIPv4('127.0.0.1'))).toBe(eth0);
    expect(selectSourceAddress(host, 'eth1', parseIPv4('10.0.2.2'))).toBe(parseIPv4('10.0.2.1'));
  });
});
