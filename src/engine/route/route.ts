// The routing decisions the kernel takes between the hooks (ip_route_input / ip_route_output), with the martian and
// forwarding checks that decide whether a packet is delivered, forwarded or dropped. Reverse-path filtering is off.
import type { Explanation } from '../ext/types.ts';
import type { Host, HostRoute } from '../host/host.ts';
import {
  describeRoute,
  isLimitedBroadcast,
  isLocal,
  isLoopbackAddr,
  isMulticastAddr,
  isZeroNet,
  lookupRoute,
} from '../host/host.ts';
import { formatIPv4 } from '../net/ipv4.ts';

export type RouteDecision =
  | { kind: 'local'; outIface: null; reason: Explanation }
  | { kind: 'forward'; outIface: string; route: HostRoute; reason: Explanation }
  | { kind: 'output'; outIface: string; route: HostRoute | undefined; reason: Explanation }
  | { kind: 'drop'; outIface: null; reason: Explanation };

function why(id: string, params: Record<string, string | number | boolean>, matched = true): Explanation {
  return { id: `trace.route.${id}`, params, matched };
}

/** 224.0.0.1 (all hosts) is joined by every interface; the lab models no other multicast membership. */
const ALL_HOSTS = 0xe0000001;

function drop(id: string, params: Record<string, string | number | boolean>): RouteDecision {
  return { kind: 'drop', outIface: null, reason: why(id, params, false) };
}

/**
 * The input route of a packet that arrived on `inIface` (ip_route_input_slow, in its order of checks): martian
 * sources and destinations, broadcast, local delivery, then forwarding through the main table.
 */
export function routeInput(host: Host, src: number, dst: number, inIface: string, mark = 0): RouteDecision {
  const s = formatIPv4(src);
  const d = formatIPv4(dst);
  if (isMulticastAddr(dst)) {
    if (dst === ALL_HOSTS) return { kind: 'local', outIface: null, reason: why('multicast-local', { dst: d }) };
    return drop('multicast-not-joined', { dst: d });
  }
  if (isMulticastAddr(src) || isLimitedBroadcast(src)) return drop('martian-source', { src: s, iface: inIface });
  if (isLimitedBroadcast(dst)) return { kind: 'local', outIface: null, reason: why('broadcast', { dst: d }) };
  if (isZeroNet(src)) return drop('martian-source', { src: s, iface: inIface });
  if (isZeroNet(dst)) return drop('martian-destination', { dst: d, iface: inIface });
  // net.ipv4.conf.*.route_localnet: 127.0.0.0/8 off the loopback interface is martian unless it is on.
  if (inIface !== 'lo' && !host.routeLocalnet) {
    if (isLoopbackAddr(dst)) return drop('martian-localnet-destination', { dst: d, iface: inIface });
    if (isLoopbackAddr(src)) return drop('martian-localnet-source', { src: s, iface: inIface });
  }
  // fib_validate_source: a packet from outside claiming one of the host's own addresses is a martian source.
  if (inIface !== 'lo' && isLocal(host, src)) return drop('martian-own-source', { src: s, iface: inIface });
  if (host.broadcast.has(dst)) return { kind: 'local', outIface: null, reason: why('broadcast', { dst: d }) };
  if (isLocal(host, dst)) return { kind: 'local', outIface: null, reason: why('local', { dst: d }) };
  if (!host.forwarding) return drop('forwarding-off', { dst: d });
  const route = lookupRoute(host, dst, mark);
  if (!route) return drop('no-route', { dst: d });
  return {
    kind: 'forward',
    outIface: route.dev,
    route,
    reason: why('forward', { dst: d, route: describeRoute(route), iface: route.dev }),
  };
}

/** The output route of a locally generated packet (ip_route_output): local addresses go through lo. */
export function routeOutput(host: Host, src: number, dst: number, mark = 0): RouteDecision {
  const d = formatIPv4(dst);
  if (isLocal(host, dst))
    return { kind: 'output', outIface: 'lo', route: undefined, reason: why('output-local', { dst: d }) };
  const route = lookupRoute(host, dst, mark);
  if (!route) return drop('no-route-output', { dst: d });
  if (isLoopbackAddr(src) && route.dev !== 'lo' && !host.routeLocalnet) {
    return drop('martian-localnet-source', { src: formatIPv4(src), iface: route.dev });
  }
  return {
    kind: 'output',
    outIface: route.dev,
    route,
    reason: why('output', { dst: d, route: describeRoute(route), iface: route.dev }),
  };
}
