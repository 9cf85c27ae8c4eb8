// Address types as the addrtype match asks the routing tables (iptables-extensions(8) "addrtype";
// the kernel's inet_dev_addr_type: a lookup in the local table, UNICAST when it holds nothing for the address).
import type { AddrType } from '../ext/types.ts';
import type { Host } from './host.ts';
import { isLimitedBroadcast, isLoopbackAddr, isMulticastAddr, isZeroNet } from './host.ts';

/**
 * The type of `addr`. With `iface` (--limit-iface-in/out), a local-table entry counts only when it belongs to that
 * interface: the router's eth1 address asked through eth0 is UNICAST, as recorded on a real kernel (case f15).
 */
/** --limit-iface-*: the entry counts only when it belongs to the asked interface. */
function within(asked: string | undefined, owner: string): boolean {
  return asked === undefined || asked === owner;
}

export function addressType(host: Host, addr: number, iface?: string): AddrType {
  if (isZeroNet(addr) || isLimitedBroadcast(addr)) return 'BROADCAST';
  if (isMulticastAddr(addr)) return 'MULTICAST';
  const localIface = host.local.get(addr);
  if (localIface !== undefined) return within(iface, localIface) ? 'LOCAL' : 'UNICAST';
  // Directed broadcasts are /32 entries, more specific than lo's `local 127.0.0.0/8` (127.255.255.255 is BROADCAST).
  const bcastIface = host.broadcast.get(addr);
  if (bcastIface !== undefined) return within(iface, bcastIface) ? 'BROADCAST' : 'UNICAST';
  if (isLoopbackAddr(addr)) return within(iface, 'lo') ? 'LOCAL' : 'UNICAST';
  return 'UNICAST';
}

export function addressTypes(host: Host, addr: number, iface?: string): Set<AddrType> {
  return new Set([addressType(host, addr, iface)]);
}
