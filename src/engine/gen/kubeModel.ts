// The services the kube-proxy generators describe, one source for the IPVS and nftables modes: N services × M
// endpoints, numbered like the iptables-mode generator (kubeProxy.ts): cluster IPs from 10.96.0.10, pods from
// 10.244.0.2, every Nth service a NodePort, every Kth a LoadBalancer (which is also a NodePort, as in Kubernetes).
import { formatIPv4, parseIPv4 } from '../net/ipv4.ts';

export interface KubeModelOptions {
  services: number;
  endpoints: number;
  /** Every Nth service is also a NodePort service (0: none). Default 10. */
  nodePortEvery?: number;
  /** Every Kth service is a LoadBalancer (with a NodePort), its ingress IP from 203.0.113.1 (0: none). Default 0. */
  loadBalancerEvery?: number;
  clusterCIDR?: string;
  /** The node's own address (NodePort services answer on it). */
  nodeIP?: string;
  /** This service gets one more endpoint, EXTRA_ENDPOINT_IP (an update to measure: the rest stays identical). */
  extraEndpointFor?: number;
  /**
   * Every Lth externally reachable service (NodePort or LoadBalancer, counted among those) has
   * externalTrafficPolicy Local: external traffic only reaches endpoints on this node (0: none). Default 0.
   */
  localTrafficEvery?: number;
  /** This service has no endpoints (its pods are still counted, so no other service's endpoints move). */
  noEndpointsFor?: number;
  /** Every Xth service also has an external IP (spec.externalIPs), from 198.51.100.1 (0: none). Default 0. */
  externalIPEvery?: number;
  /** spec.loadBalancerSourceRanges of every LoadBalancer service (empty: no firewall). */
  loadBalancerSourceRanges?: string[];
  /**
   * LoadBalancer services with externalTrafficPolicy Local get a healthCheckNodePort, as the API server allocates
   * one for them (and only them). Off by default so that dumps made before this option stay identical.
   */
  healthCheckNodePorts?: boolean;
}

/** The added endpoint's address: outside the numbered pods, so no other service's endpoints move. */
export const EXTRA_ENDPOINT_IP = '10.243.0.2';

export interface KubeEndpoint {
  ip: string;
  port: number;
  /** On this node (its pod range is 10.244.0.0/24): IPVS mode's KUBE-LOOP-BACK lists only these. */
  local: boolean;
}

export interface KubeService {
  namespace: string;
  name: string;
  /** The service port's name ("http"), as in "ns0/svc0:http". */
  port: string;
  clusterIP: string;
  servicePort: number;
  nodePort: number | undefined;
  loadBalancerIP: string | undefined;
  /** Local: NodePort and LoadBalancer traffic goes to this node's endpoints only, its client address kept. */
  externalTrafficPolicy: 'Cluster' | 'Local';
  /** spec.externalIPs: addresses routed to this node that the service answers on (external destinations). */
  externalIPs: string[];
  /** spec.loadBalancerSourceRanges: the only sources allowed to reach the LoadBalancer IP (empty: all). */
  loadBalancerSourceRanges: string[];
  /** kube-proxy's health-check HTTP server answers /healthz on this node port (LoadBalancer + Local only). */
  healthCheckNodePort: number | undefined;
  endpoints: KubeEndpoint[];
}

/** Whether a CIDR ("a.b.c.d/n") contains an address: kube-proxy's allowFromNode test on the node IP. */
export function cidrContains(cidr: string, ip: string): boolean {
  const [net, bits] = cidr.split('/');
  const n = Number(bits ?? 32);
  const mask = n === 0 ? 0 : (~0 << (32 - n)) >>> 0;
  return ((parseIPv4(net!) ?? 0) & mask) >>> 0 === ((parseIPv4(ip) ?? 0) & mask) >>> 0;
}

/** The external destinations of a service: NodePort, LoadBalancer IP or external IPs. */
export function hasExternalDestinations(svc: KubeService): boolean {
  return svc.nodePort !== undefined || svc.loadBalancerIP !== undefined || svc.externalIPs.length > 0;
}

const SERVICE_BASE = (10 << 24) | (96 << 16);
const POD_BASE = (10 << 24) | (244 << 16);
const LB_BASE = (203 << 24) | (0 << 16) | (113 << 8);
const EXTERNAL_IP_BASE = (198 << 24) | (51 << 16) | (100 << 8);
/**
 * NodePorts come from the apiserver's default range 30000-32767 (--service-node-port-range): service s asks for
 * 30000 + (s mod 2768), its health-check port for the port half the range away. Each port is given once, as the
 * apiserver's allocator does: a port taken goes to the next free one, and when the range is full the service gets
 * none (the apiserver refuses it: "range is full"). Without this, every 10th service of 20,000 asked twice for the
 * same port past service 13,840, and nft refused the duplicate map element ("File exists").
 */
const NODE_PORT_RANGE = 2768;

function nodePortAllocator(): (wanted: number) => number | undefined {
  const used = new Set<number>();
  return (wanted) => {
    for (let k = 0; k < NODE_PORT_RANGE; k++) {
      const port = 30000 + ((wanted + k) % NODE_PORT_RANGE);
      if (used.has(port)) continue;
      used.add(port);
      return port;
    }
    return undefined;
  };
}

export function kubeServices(opts: KubeModelOptions): KubeService[] {
  const count = Math.max(0, Math.floor(opts.services));
  const perService = Math.max(0, Math.floor(opts.endpoints));
  const nodePortEvery = opts.nodePortEvery ?? 10;
  const lbEvery = opts.loadBalancerEvery ?? 0;
  const localEvery = opts.localTrafficEvery ?? 0;
  const externalIPEvery = opts.externalIPEvery ?? 0;
  let pod = 0;
  let externalIP = 0;
  let lb = 0;
  let external = 0;
  const allocate = nodePortAllocator();
  return Array.from({ length: count }, (_, s) => {
    const isLb = lbEvery > 0 && s % lbEvery === 0;
    const isNodePort = isLb || (nodePortEvery > 0 && s % nodePortEvery === 0);
    const endpoints = Array.from({ length: perService }, () => {
      const n = pod++;
      return { ip: formatIPv4((POD_BASE + 2 + n) >>> 0), port: 8080, local: n < 254 };
    });
    if (opts.extraEndpointFor === s) endpoints.push({ ip: EXTRA_ENDPOINT_IP, port: 8080, local: false });
    if (opts.noEndpointsFor === s) endpoints.length = 0;
    const local = isNodePort && localEvery > 0 && external++ % localEvery === 0;
    const nodePort = isNodePort ? allocate(s) : undefined;
    const healthCheckNodePort =
      isLb && local && opts.healthCheckNodePorts ? allocate(s + NODE_PORT_RANGE / 2) : undefined;
    const externalIPs =
      externalIPEvery > 0 && s % externalIPEvery === 0 ? [formatIPv4((EXTERNAL_IP_BASE + 1 + externalIP++) >>> 0)] : [];
    return {
      namespace: `ns${Math.floor(s / 100)}`,
      name: `svc${s}`,
      port: 'http',
      clusterIP: formatIPv4((SERVICE_BASE + 10 + s) >>> 0),
      servicePort: 80,
      nodePort,
      loadBalancerIP: isLb ? formatIPv4((LB_BASE + 1 + lb++) >>> 0) : undefined,
      externalTrafficPolicy: local ? 'Local' : 'Cluster',
      externalIPs,
      loadBalancerSourceRanges: isLb ? (opts.loadBalancerSourceRanges ?? []) : [],
      healthCheckNodePort,
      endpoints,
    };
  });
}
