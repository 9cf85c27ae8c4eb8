// The host a packet crosses: interfaces and their addresses, the routing table, sysctls.
// Built once per trace request from a HostSpec (or the default router) and then only read.
import type { Diagnostic } from '../model/types.ts';
import type { HostSpec } from '../trace/types.ts';
import { formatIPv4, inSubnet, parseIPv4, prefixToMask } from '../net/ipv4.ts';
import catalog from '../../i18n/en/scenario.json' with { type: 'json' };
import { fillTemplate } from '../ext/refusal.ts';
import { hasGateway, hostProblems, parseCidr, type HostProblem } from './validity.ts';

export { parseCidr };

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
  /** The main table, sorted for longest-prefix match: longer prefix first, then lower metric, then declaration order. */
  routes: HostRoute[];
  /** Other routing tables by number (`ip route add … table 100`), sorted the same way. */
  tables: Map<number, HostRoute[]>;
  /** Policy routing rules (`ip rule add fwmark 1 table 100`), in order, before the main table. */
  routingRules: { fwmark: number; mask: number; table: number }[];
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

/** A host problem (src/engine/host/validity.ts) as a trace error, in English (scenario.json host.errors). */
function hostError(problem: HostProblem): Diagnostic {
  const message = `host ${problem.field}: ${fillTemplate(catalog.host.errors[problem.key], problem.params)}`;
  return { line: 0, col: 0, severity: 'error', message, code: 'bad-host' };
}

function hostAddress(addr: number, prefix: number): HostAddress {
  const mask = prefixToMask(prefix);
  const broadcast = prefix < 31 ? ((addr & mask) | (~mask >>> 0)) >>> 0 : undefined;
  return { addr, prefix, mask, broadcast };
}

/** Builds the host model; malformed parts are reported and skipped, never thrown. */
export function buildHost(spec: HostSpec | undefined): { host: Host; diagnostics: Diagnostic[] } {
  const given = spec ?? DEFAULT_HOST;
  // Malformed parts are reported here once, then skipped below.
  const diagnostics: Diagnostic[] = hostProblems(given).map(hostError);
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
      if (!cidr) continue;
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

  const tables = new Map<number, HostRoute[]>();
  const tableOf = (n: number) => {
    let t = tables.get(n);
    if (!t) tables.set(n, (t = []));
    return t;
  };
  for (const r of given.routes ?? []) {
    const target = r.to === 'default' ? { addr: 0, prefix: 0 } : parseCidr(r.to);
    if (!target || !interfaces.has(r.dev)) continue;
    const via = hasGateway(r.via) ? parseIPv4(r.via) : undefined;
    if (hasGateway(r.via) && via === undefined) continue;
    const mask = prefixToMask(target.prefix);
    const table = r.table === undefined || r.table === 254 ? routes : tableOf(r.table);
    table.push({
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
  for (const t of tables.values()) t.sort((a, b) => b.prefix - a.prefix || a.metric - b.metric);

  return {
    host: {
      interfaces,
      routes,
      tables,
      routingRules: (given.routingRules ?? []).map((r) => ({
        fwmark: r.fwmark >>> 0,
        mask: (r.mask ?? 0xffffffff) >>> 0,
        table: r.table,
      })),
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

/**
 * Longest-prefix match: first in the table of each policy rule whose fwmark matches the packet's mark (fib_rules:
 * a rule whose table has no route falls through to the next), then in the main table.
 */
export function lookupRoute(host: Host, dst: number, mark = 0): HostRoute | undefined {
  for (const rule of host.routingRules) {
    if ((mark & rule.mask) >>> 0 !== rule.fwmark) continue;
    for (const r of host.tables.get(rule.table) ?? []) if (inSubnet(dst, r.dst, r.mask)) return r;
  }
  for (const r of host.routes) if (inSubnet(dst, r.dst, r.mask)) return r;
  return undefined;
}

/**
 * The source address the kernel picks for traffic leaving `dev` toward `nexthop` (devinet.c inet_select_addr with
 * RT_SCOPE_UNIVERSE): among the device's addresses of global scope, the one whose subnet holds the next hop, else
 * its primary one. 127.0.0.0/8 has host scope and is never chosen; a device with no global address (lo) lends
 * the first global address of the interfaces in order ("lo is the first interface in dev_base list").
 */
export function selectSourceAddress(host: Host, dev: string, nexthop: number | undefined): number | undefined {
  const global = (i: HostInterface | undefined) => (i?.addresses ?? []).filter((a) => !isLoopbackAddr(a.addr));
  const own = global(host.interfaces.get(dev));
  if (nexthop !== undefined) {
    for (const a of own) if (inSubnet(nexthop, a.addr, a.mask)) return a.addr;
  }
  if (own[0]) return own[0].addr;
  if (!host.interfaces.has(dev)) return undefined;
  const lo = host.interfaces.get('lo');
  for (const iface of [lo, ...host.interfaces.values()]) {
    const first = global(iface)[0];
    if (first) return first.addr;
  }
  return undefined;
}

export function describeRoute(r: HostRoute): string {
  const to = r.prefix === 0 ? 'default' : `${formatIPv4(r.dst)}/${r.prefix}`;
  return r.via !== undefined ? `${to} via ${formatIPv4(r.via)} dev ${r.dev}` : `${to} dev ${r.dev}`;
}
