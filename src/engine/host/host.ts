// The host a packet crosses: interfaces and their addresses, the routing table, sysctls.
// Built once per trace request from a HostSpec (or the default router) and then only read.
import type { Diagnostic } from '../model/types.ts';
import type { HostSpec } from '../trace/types.ts';
import { formatIPv4, inSubnet, parseIPv4, prefixToMask } from '../net/ipv4.ts';

export interface HostAddress {
  addr: number;
  prefix: number;
  mask: number;
  /** The subnet's directed broadcast address (none for /31 and /32). */
  broadcast: number | undefined;
}

export interface HostInterface {
  name: string;
  /** In the order given: the first one is the primary address (MASQUERADE, REDIRECT). */
  addresses: HostAddress[];
}

export interface HostRoute {
  dst: number;
  prefix: number;
  mask: number;
  dev: string;
  via: number | undefined;
  metric: number;
  /** 'connected': derived from an interface address, as the kernel adds a "proto kernel scope link" route. */
  origin: 'connected' | 'static';
}

export interface Host {
  interfaces: Map<string, HostInterface>;
  /** Sorted for longest-prefix match: longer prefix first, then lower metric, then declaration order. */
  routes: HostRoute[];
  /** Every address configured on any interface, with the interface holding it (the kernel's local table). */
  local: Map<number, string>;
  /** Directed broadcast addresses of the configured subnets, with their interface. */
  broadcast: Map<number, string>;
  forwarding: boolean;
  conntrack: 'auto' | 'on';
  routeLocalnet: boolean;
  tableOrder: 'nft' | 'legacy';
}

/**
 * The router of the kernel conformance cases: a client network on eth0, a server network on eth1 and the default
 * route toward the server side. Used when a scenario gives no host.
 */
export const DEFAULT_HOST: HostSpec = {
  interfaces: [
    { name: 'lo', addresses: ['127.0.0.1/8'] },
    { name: 'eth0', addresses: ['10.0.1.1/24'] },
    { name: 'eth1', addresses: ['10.0.2.1/24'] },
  ],
  routes: [{ to: 'default', via: '10.0.2.2', dev: 'eth1' }],
  forwarding: true,
  conntrack: 'auto',
  routeLocalnet: false,
};

function hostError(message: string): Diagnostic {
  return { line: 0, col: 0, severity: 'error', message, code: 'bad-host' };
}

/** Parses "a.b.c.d/len" (or a bare address, taken as /32). */
export function parseCidr(text: string): { addr: number; prefix: number } | undefined {
  const [addrText, lenText, extra] = text.trim().split('/');
  if (addrText === undefined || extra !== undefined) return undefined;
  const addr = parseIPv4(addrText);
  if (addr === undefined) return undefined;
  if (lenText === undefined) return { addr, prefix: 32 };
  if (!/^\d{1,2}$/.test(lenText)) return undefined;
  const prefix = Number(lenText);
  return prefix <= 32 ? { addr, prefix } : undefined;
}

function hostAddress(addr: number, prefix: number): HostAddress {
  const mask = prefixToMask(prefix);
  const broadcast = prefix < 31 ? ((addr & mask) | (~mask >>> 0)) >>> 0 : undefined;
  return { addr, prefix, mask, broadcast };
}

/** Builds the host model; malformed parts are reported and skipped, never thrown. */
export function buildHost(spec: HostSpec | undefined): { host: Host; diagnostics: Diagnostic[] } {
  const given = spec ?? DEFAULT_HOST;
  const diagnostics: Diagnostic[] = [];
  const interfaces = new Map<string, HostInterface>();
  const local = new Map<number, string>();
  const broadcast = new Map<number, string>();
  const routes: HostRoute[] = [];

  const specs = [...(given.interfaces ?? [])];
  // The kernel always has lo with 127.0.0.1/8, whether or not the scenario lists it.
  if (!specs.some((i) => i.name === 'lo')) specs.unshift({ name: 'lo', addresses: ['127.0.0.1/8'] });

  for (const ifSpec of specs) {
    const iface: HostInterface = interfaces.get(ifSpec.name) ?? { name: ifSpec.name, addresses: [] };
    interfaces.set(ifSpec.name, iface);
    for (const text of ifSpec.addresses ?? []) {
      const cidr = parseCidr(text);
      if (!cidr) {
        diagnostics.push(hostError(`Interface ${ifSpec.name}: "${text}" is not an IPv4 address with a prefix length.`));
        continue;
      }
      const a = hostAddress(cidr.addr, cidr.prefix);
      iface.addresses.push(a);
      if (!local.has(a.addr)) local.set(a.addr, iface.name);
      if (a.broadcast !== undefined && !broadcast.has(a.broadcast)) broadcast.set(a.broadcast, iface.name);
      // Loopback's 127.0.0.0/8 is a local route in the kernel, not a link route: handled by isLocal().
      // fib_add_ifaddr adds no prefix route for a /32 (prefix == addr): such an address (a VIP on kube-ipvs0) is
      // only in the local table.
      if (ifSpec.name !== 'lo' && cidr.prefix > 0 && cidr.prefix < 32) {
        routes.push({
          dst: (a.addr & a.mask) >>> 0,
          prefix: a.prefix,
          mask: a.mask,
          dev: iface.name,
          via: undefined,
          metric: 0,
          origin: 'connected',
        });
      }
    }
  }

  for (const r of given.routes ?? []) {
    const target = r.to === 'default' ? { addr: 0, prefix: 0 } : parseCidr(r.to);
    if (!target) {
      diagnostics.push(hostError(`Route "${r.to}": not "default" nor an IPv4 prefix.`));
      continue;
    }
    if (!interfaces.has(r.dev)) {
      diagnostics.push(hostError(`Route "${r.to}": interface ${r.dev} does not exist.`));
      continue;
    }
    let via: number | undefined;
    if (r.via !== undefined) {
      via = parseIPv4(r.via);
      if (via === undefined) {
        diagnostics.push(hostError(`Route "${r.to}": gateway "${r.via}" is not an IPv4 address.`));
        continue;
      }
    }
    const mask = prefixToMask(target.prefix);
    routes.push({
      dst: (target.addr & mask) >>> 0,
      prefix: target.prefix,
      mask,
      dev: r.dev,
      via,
      metric: r.metric ?? 0,
      origin: 'static',
    });
  }
  // Array.prototype.sort is stable: equal routes keep their declaration order.
  routes.sort((a, b) => b.prefix - a.prefix || a.metric - b.metric);

  return {
    host: {
      interfaces,
      routes,
      local,
      broadcast,
      forwarding: given.forwarding ?? true,
      conntrack: given.conntrack ?? 'auto',
      routeLocalnet: given.routeLocalnet ?? false,
      tableOrder: given.tableOrder ?? 'nft',
    },
    diagnostics,
  };
}

/** 127.0.0.0/8 (the kernel's ipv4_is_loopback). */
export function isLoopbackAddr(addr: number): boolean {
  return addr >>> 24 === 127;
}

export function isMulticastAddr(addr: number): boolean {
  return addr >>> 28 === 0xe;
}

/** 255.255.255.255 (ipv4_is_lbcast). */
export function isLimitedBroadcast(addr: number): boolean {
  return addr === 0xffffffff;
}

/** 0.0.0.0/8 (ipv4_is_zeronet). */
export function isZeroNet(addr: number): boolean {
  return addr >>> 24 === 0;
}

/**
 * Is `addr` one of the host's own addresses? The kernel's local table holds every configured address and the whole
 * 127.0.0.0/8 on lo (`local 127.0.0.0/8 dev lo`).
 */
export function isLocal(host: Host, addr: number): boolean {
  return host.local.has(addr) || isLoopbackAddr(addr);
}

/** Longest-prefix match in the main table. */
export function lookupRoute(host: Host, dst: number): HostRoute | undefined {
  for (const r of host.routes) if (inSubnet(dst, r.dst, r.mask)) return r;
  return undefined;
}

/**
 * The source address the kernel picks for traffic leaving `dev` toward `nexthop` (inet_select_addr): the interface
 * address whose subnet holds the next hop, else its primary address.
 */
export function selectSourceAddress(host: Host, dev: string, nexthop: number | undefined): number | undefined {
  const iface = host.interfaces.get(dev);
  if (!iface || iface.addresses.length === 0) return undefined;
  if (nexthop !== undefined) {
    for (const a of iface.addresses) if (inSubnet(nexthop, a.addr, a.mask)) return a.addr;
  }
  return iface.addresses[0]?.addr;
}

export function describeRoute(r: HostRoute): string {
  const to = r.prefix === 0 ? 'default' : `${formatIPv4(r.dst)}/${r.prefix}`;
  return r.via !== undefined ? `${to} via ${formatIPv4(r.via)} dev ${r.dev}` : `${to} dev ${r.dev}`;
}
