// What makes a host valid, defined once: the host editor shows these problems field by field, scenario validation
// refuses a scenario that has any, and buildHost reports them to the trace. Problems are catalog keys
// (scenario.json host.errors.<key>) with params, never sentences.
import type { HostSpec } from '../trace/types.ts';
import { parseIPv4 } from '../net/ipv4.ts';

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

export type HostProblemKey =
  'ifaceName' | 'ifaceDuplicate' | 'address' | 'routeTo' | 'routeVia' | 'routeDev' | 'routeMetric';

export interface HostProblem {
  /** Which field, e.g. "interfaces.1.addresses" or "routes.0.dev". */
  field: string;
  key: HostProblemKey;
  params: Record<string, string | number>;
}

/**
 * Linux interface names: 1 to 15 bytes (IFNAMSIZ - 1), not "." or "..", no '/', ':' or whitespace
 * (net/core/dev.c, dev_valid_name).
 */
export function validInterfaceName(name: string): boolean {
  return name.length >= 1 && name.length <= 15 && !/[\s/:]/.test(name) && name !== '.' && name !== '..';
}

/** An empty gateway is no gateway (a form field left blank). */
export function hasGateway(via: string | undefined): via is string {
  return via !== undefined && via !== '';
}

/**
 * Every problem of a host, in field order. Addresses are "a.b.c.d/len" or a bare address (/32, as `ip addr add`
 * takes it); a route goes to "default", a prefix or an address, through an interface the host has (lo always).
 */
export function hostProblems(host: HostSpec): HostProblem[] {
  const problems: HostProblem[] = [];
  const names = new Set<string>();
  (host.interfaces ?? []).forEach((iface, i) => {
    if (!validInterfaceName(iface.name))
      problems.push({ field: `interfaces.${i}.name`, key: 'ifaceName', params: { name: iface.name } });
    else if (names.has(iface.name))
      problems.push({ field: `interfaces.${i}.name`, key: 'ifaceDuplicate', params: { name: iface.name } });
    names.add(iface.name);
    for (const address of iface.addresses ?? [])
      if (!parseCidr(address))
        problems.push({ field: `interfaces.${i}.addresses`, key: 'address', params: { address } });
  });
  names.add('lo');
  (host.routes ?? []).forEach((route, i) => {
    if (route.to !== 'default' && !parseCidr(route.to))
      problems.push({ field: `routes.${i}.to`, key: 'routeTo', params: { to: route.to } });
    if (hasGateway(route.via) && parseIPv4(route.via) === undefined)
      problems.push({ field: `routes.${i}.via`, key: 'routeVia', params: { via: route.via } });
    if (!names.has(route.dev)) problems.push({ field: `routes.${i}.dev`, key: 'routeDev', params: { dev: route.dev } });
    if (route.metric !== undefined && (!Number.isInteger(route.metric) || route.metric < 0))
      problems.push({ field: `routes.${i}.metric`, key: 'routeMetric', params: {} });
  });
  return problems;
}
