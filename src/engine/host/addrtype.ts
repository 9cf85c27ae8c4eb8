// Address types as the addrtype match asks the routing tables (iptables-extensions(8) "addrtype";
// the kernel's inet_dev_addr_type: a lookup in the local table, UNICAST when it holds nothing for the address).
import type { AddrType } from '../ext/types.ts';
import type { Host } from './host.ts';
import { isLimitedBroadcast, isMulticastAddr, isZeroNet, localInterfaceOf } from './host.ts';

/**
 * The type of `addr`. With `iface` (--limit-iface-in/out), a local-table entry counts only when it belongs to that
 * interface: the router's eth1 address asked through eth0 is UNICAST, as recorded on a real kernel (case f15).
 */
export function addressType(host: Host, addr: number, iface?: string): AddrType {
  if (isZeroNet(addr) || isLimitedBroadcast(addr)) return 'BROADCAST';
  if (isMulticastAddr(addr)) return 'MULTICAST';
  const localIface = localInterfaceOf(host, addr);
  if (localIface !== undefined) return iface === undefined || iface === localIface ? 'LOCAL' : 'UNICAST';
  const bcastIface = host.broadcast.get(addr);
  if (bcastIface !== undefined) return iface === undefined || iface === bcastIface ? 'BROADCAST' : 'UNICAST';
  return 'UNICAST';
}

export function addressTypes(host: Host, addr: number, iface?: string): Set<AddrType> {
  return new Set([addressType(host, addr, iface)]);
}
