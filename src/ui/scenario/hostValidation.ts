// Checks a host before it reaches the engine: interface names as the kernel accepts them, addresses in CIDR
// form, routes to a CIDR or "default" through an existing interface. Returns catalog keys, not sentences.
import type { HostSpec } from '../../engine/index.ts';
import { parseIPv4 } from '../../store/engineFacts.ts';

export interface HostProblem {
  /** Which field, e.g. "interfaces.1.addresses" or "routes.0.dev". */
  field: string;
  /** A key of scenario.json under host.errors. */
  key: string;
  params?: Record<string, string | number>;
}

/** Linux interface names: 1 to 15 bytes, no '/', no whitespace, not "." or ".." (IFNAMSIZ, dev_valid_name). */
export function validInterfaceName(name: string): boolean {
  return name.length >= 1 && name.length <= 15 && !/[\s/:]/.test(name) && name !== '.' && name !== '..';
}

export function validCidr(text: string): boolean {
  const m = /^([^/]+)\/(\d{1,2})$/.exec(text.trim());
  return Boolean(m && parseIPv4(m[1] ?? '') !== undefined && Number(m[2]) <= 32);
}

export function validateHost(host: HostSpec): HostProblem[] {
  const problems: HostProblem[] = [];
  const names = new Set<string>();
  host.interfaces.forEach((iface, i) => {
    if (!validInterfaceName(iface.name))
      problems.push({ field: `interfaces.${i}.name`, key: 'ifaceName', params: { name: iface.name } });
    else if (names.has(iface.name))
      problems.push({ field: `interfaces.${i}.name`, key: 'ifaceDuplicate', params: { name: iface.name } });
    names.add(iface.name);
    for (const address of iface.addresses)
      if (!validCidr(address))
        problems.push({ field: `interfaces.${i}.addresses`, key: 'address', params: { address } });
  });
  names.add('lo');
  host.routes.forEach((route, i) => {
    if (route.to !== 'default' && !validCidr(route.to) && parseIPv4(route.to) === undefined)
      problems.push({ field: `routes.${i}.to`, key: 'routeTo', params: { to: route.to } });
    if (route.via !== undefined && route.via !== '' && parseIPv4(route.via) === undefined)
      problems.push({ field: `routes.${i}.via`, key: 'routeVia', params: { via: route.via } });
    if (!names.has(route.dev)) problems.push({ field: `routes.${i}.dev`, key: 'routeDev', params: { dev: route.dev } });
    if (route.metric !== undefined && (!Number.isInteger(route.metric) || route.metric < 0))
      problems.push({ field: `routes.${i}.metric`, key: 'routeMetric' });
  });
  return problems;
}

/** "10.0.0.1/24, 10.0.1.1/24" or one per line → the list. */
export function splitAddresses(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((a) => a.trim())
    .filter(Boolean);
}
