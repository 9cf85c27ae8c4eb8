// kube-proxy's nftables mode (pkg/proxy/nftables/proxier.go) as `nft list ruleset` prints it: one `table ip
// kube-proxy`, services found by one verdict-map lookup keyed on `ip daddr . meta l4proto . th dport`, a
// `service-…` chain per service port choosing an endpoint with `numgen random mod N vmap`, an `endpoint-…` chain
// per endpoint doing the DNAT. Chain names are hashAndTruncate's: the first 8 base32 characters of sha256(name),
// "-", then "ns/svc/proto/port" (and "__ip/port" for an endpoint). The fixed chains and their rules follow the
// listing of kube-proxy's TestOverallNFTablesRules.
import { base32, sha256 } from './sha256.ts';
import {
  cidrContains,
  hasExternalDestinations,
  kubeServices,
  type KubeModelOptions,
  type KubeService,
} from './kubeModel.ts';

const SERVICE_CIDR = '10.96.0.0/12';

/** hashAndTruncate (proxier.go): kube-proxy's nftables chain names (never over 256 characters here). */
export function hashAndTruncate(name: string): string {
  return `${base32(sha256(name)).slice(0, 8)}-${name}`;
}

export function serviceChain(svc: KubeService): string {
  return `service-${hashAndTruncate(`${svc.namespace}/${svc.name}/tcp/${svc.port}`)}`;
}

export function externalChain(svc: KubeService): string {
  return `external-${hashAndTruncate(`${svc.namespace}/${svc.name}/tcp/${svc.port}`)}`;
}

/** The firewall chain (loadBalancerSourceRanges): drops sources outside the ranges, before DNAT. */
export function firewallChain(svc: KubeService): string {
  return `firewall-${hashAndTruncate(`${svc.namespace}/${svc.name}/tcp/${svc.port}`)}`;
}

/**
 * A firewall chain's one rule (proxier.go): a source outside every range (and, when a range holds the node IP,
 * other than the LB IP itself: allowFromNode) is dropped. nft lists a one-element anonymous set as a plain value.
 */
function firewallRule(svc: KubeService, nodeIP: string): string {
  const sources = [...svc.loadBalancerSourceRanges];
  if (sources.some((c) => cidrContains(c, nodeIP)) && svc.loadBalancerIP) sources.push(svc.loadBalancerIP);
  return `ip saddr != ${sources.length === 1 ? sources[0] : `{ ${sources.join(', ')} }`} drop`;
}

/** The local policy chain (externalTrafficPolicy Local): this node's endpoints only. */
export function localChain(svc: KubeService): string {
  return `local-${hashAndTruncate(`${svc.namespace}/${svc.name}/tcp/${svc.port}`)}`;
}

/**
 * An external chain as proxier.go writes it: Cluster policy masquerades and goes to the service chain; Local keeps
 * the client's address, short-circuits pods and the node itself to the service chain (the node's traffic
 * masqueraded) and sends the rest to the local chain, when this node has an endpoint.
 */
function externalRules(svc: KubeService, clusterCIDR: string, hasLocal: boolean): string[] {
  const svcChain = serviceChain(svc);
  if (svc.externalTrafficPolicy === 'Cluster') return ['jump mark-for-masquerade', `goto ${svcChain}`];
  return [
    `ip saddr ${clusterCIDR} goto ${svcChain} comment "short-circuit pod traffic"`,
    'fib saddr type local jump mark-for-masquerade comment "masquerade local traffic"',
    `fib saddr type local goto ${svcChain} comment "short-circuit local traffic"`,
    ...(hasLocal ? [`goto ${localChain(svc)}`] : []),
  ];
}

function numgenRule(svc: KubeService, eps: { ip: string; port: number }[]): string {
  const arms = eps.map((e, i) => `${i} : goto ${endpointChain(svc, e.ip, e.port)}`);
  return `numgen random mod ${eps.length} vmap { ${arms.join(', ')} }`;
}

export function endpointChain(svc: KubeService, ip: string, port: number): string {
  return `endpoint-${hashAndTruncate(`${svc.namespace}/${svc.name}/tcp/${svc.port}__${ip}/${port}`)}`;
}

/** nft's listing of a set's elements: maps one per line, plain sets two per line. */
function elements(items: string[], perLine: number): string[] {
  if (items.length === 0) return [];
  const lines: string[] = [];
  for (let i = 0; i < items.length; i += perLine) lines.push(items.slice(i, i + perLine).join(', '));
  return [`\t\telements = { ${lines.join(',\n\t\t\t     ')} }`];
}

function set(kind: 'set' | 'map', name: string, type: string, comment: string, items: string[]): string[] {
  return [
    `\t${kind} ${name} {`,
    `\t\ttype ${type}`,
    `\t\tcomment "${comment}"`,
    ...elements(items, kind === 'map' ? 1 : 2),
    '\t}',
    '',
  ];
}

function chain(name: string, body: string[]): string[] {
  return [`\tchain ${name} {`, ...body.map((l) => `\t\t${l}`), '\t}', ''];
}

export function generateKubeProxyNft(opts: KubeModelOptions): string {
  const services = kubeServices(opts);
  const nodeIP = opts.nodeIP ?? '192.168.0.2';
  const clusterCIDR = opts.clusterCIDR ?? '10.244.0.0/16';
  const serviceIps: string[] = [];
  const serviceNodeports: string[] = [];
  const noEndpointServices: string[] = [];
  const noEndpointNodeports: string[] = [];
  const firewallIps: string[] = [];
  const perService: string[] = [];
  for (const svc of services) {
    const svcChain = serviceChain(svc);
    const extChain = externalChain(svc);
    const external = hasExternalDestinations(svc);
    const comment = `"${svc.namespace}/${svc.name}:${svc.port}"`;
    // External destinations in the order kube-proxy adds them: external IPs, then the LoadBalancer IP.
    const externalIps = [...svc.externalIPs, ...(svc.loadBalancerIP ? [svc.loadBalancerIP] : [])];
    // loadBalancerSourceRanges: firewall-check (filter prerouting/output at priority -110, before DNAT) sends a
    // new packet to the LB IP:port to the service's firewall chain, which drops sources outside the ranges.
    if (svc.loadBalancerIP && svc.loadBalancerSourceRanges.length > 0) {
      firewallIps.push(`${svc.loadBalancerIP} . tcp . ${svc.servicePort} : goto ${firewallChain(svc)}`);
      perService.push(...chain(firewallChain(svc), [firewallRule(svc, nodeIP)]));
    }
    if (svc.endpoints.length === 0) {
      // No endpoints: the filter hooks reject new connections (service-endpoints-check → reject-chain).
      noEndpointServices.push(`${svc.clusterIP} . tcp . ${svc.servicePort} comment ${comment} : goto reject-chain`);
      for (const ip of externalIps)
        noEndpointServices.push(`${ip} . tcp . ${svc.servicePort} comment ${comment} : goto reject-chain`);
      if (svc.nodePort !== undefined)
        noEndpointNodeports.push(`tcp . ${svc.nodePort} comment ${comment} : goto reject-chain`);
      continue;
    }
    serviceIps.push(`${svc.clusterIP} . tcp . ${svc.servicePort} : goto ${svcChain}`);
    for (const ip of externalIps) serviceIps.push(`${ip} . tcp . ${svc.servicePort} : goto ${extChain}`);
    if (svc.nodePort !== undefined) serviceNodeports.push(`tcp . ${svc.nodePort} : goto ${extChain}`);
    const localEps = svc.endpoints.filter((e) => e.local);
    const local = external && svc.externalTrafficPolicy === 'Local';
    if (local && localEps.length === 0) {
      // Endpoints, none on this node: external traffic the external chain did not short-circuit is dropped.
      for (const ip of externalIps)
        noEndpointServices.push(`${ip} . tcp . ${svc.servicePort} comment ${comment} : drop`);
      if (svc.nodePort !== undefined) noEndpointNodeports.push(`tcp . ${svc.nodePort} comment ${comment} : drop`);
    }
    perService.push(
      ...chain(svcChain, [
        `ip daddr ${svc.clusterIP} ip saddr != ${clusterCIDR} jump mark-for-masquerade`,
        numgenRule(svc, svc.endpoints),
      ]),
    );
    if (external) perService.push(...chain(extChain, externalRules(svc, clusterCIDR, localEps.length > 0)));
    if (local && localEps.length > 0) perService.push(...chain(localChain(svc), [numgenRule(svc, localEps)]));
    for (const e of svc.endpoints)
      perService.push(
        ...chain(endpointChain(svc, e.ip, e.port), [
          `ip saddr ${e.ip} jump mark-for-masquerade`,
          `meta l4proto tcp dnat to ${e.ip}:${e.port}`,
        ]),
      );
  }
  const lines = [
    'table ip kube-proxy {',
    '\tcomment "rules for kube-proxy"',
    ...set(
      'set',
      'cluster-ips',
      'ipv4_addr',
      'Active ClusterIPs',
      services.map((s) => s.clusterIP),
    ),
    ...set('set', 'nodeport-ips', 'ipv4_addr', 'IPs that accept NodePort traffic', [nodeIP]),
    ...set(
      'map',
      'firewall-ips',
      'ipv4_addr . inet_proto . inet_service : verdict',
      'destinations that are subject to LoadBalancerSourceRanges',
      firewallIps,
    ),
    ...set(
      'map',
      'no-endpoint-nodeports',
      'inet_proto . inet_service : verdict',
      'vmap to drop or reject packets to service nodeports with no endpoints',
      noEndpointNodeports,
    ),
    ...set(
      'map',
      'no-endpoint-services',
      'ipv4_addr . inet_proto . inet_service : verdict',
      'vmap to drop or reject packets to services with no endpoints',
      noEndpointServices,
    ),
    ...set(
      'map',
      'service-ips',
      'ipv4_addr . inet_proto . inet_service : verdict',
      'ClusterIP, ExternalIP and LoadBalancer IP traffic',
      serviceIps,
    ),
    ...set('map', 'service-nodeports', 'inet_proto . inet_service : verdict', 'NodePort traffic', serviceNodeports),
    ...chain('cluster-ips-check', [
      'ip daddr @cluster-ips reject comment "Reject traffic to invalid ports of ClusterIPs"',
      `ip daddr ${SERVICE_CIDR} drop comment "Drop traffic to unallocated ClusterIPs"`,
    ]),
    ...chain('filter-prerouting-pre-dnat', [
      'type filter hook prerouting priority dstnat - 10; policy accept;',
      'ct state new jump firewall-check',
    ]),
    ...chain('filter-output-pre-dnat', [
      'type filter hook output priority -110; policy accept;',
      'ct state new jump firewall-check',
    ]),
    ...chain('filter-forward', [
      'type filter hook forward priority filter; policy accept;',
      'ct state new jump service-endpoints-check',
      'ct state new jump cluster-ips-check',
    ]),
    ...chain('filter-input', [
      'type filter hook input priority filter; policy accept;',
      'ct state new jump nodeport-endpoints-check',
      'ct state new jump service-endpoints-check',
    ]),
    ...chain('filter-output', [
      'type filter hook output priority filter; policy accept;',
      'ct state new jump service-endpoints-check',
      'ct state new jump cluster-ips-check',
    ]),
    ...chain('firewall-check', ['ip daddr . meta l4proto . th dport vmap @firewall-ips']),
    ...chain('mark-for-masquerade', ['meta mark set meta mark | 0x00004000']),
    ...chain('masquerading', [
      'meta mark & 0x00004000 == 0x00000000 return',
      'meta mark set meta mark ^ 0x00004000',
      'masquerade fully-random',
    ]),
    ...chain('nat-output', ['type nat hook output priority -100; policy accept;', 'jump services']),
    ...chain('nat-postrouting', ['type nat hook postrouting priority srcnat; policy accept;', 'jump masquerading']),
    ...chain('nat-prerouting', ['type nat hook prerouting priority dstnat; policy accept;', 'jump services']),
    ...chain('nodeport-endpoints-check', [
      'ip daddr @nodeport-ips meta l4proto . th dport vmap @no-endpoint-nodeports',
    ]),
    ...chain('reject-chain', ['comment "helper for @no-endpoint-services / @no-endpoint-nodeports"', 'reject']),
    ...chain('services', [
      'ip daddr . meta l4proto . th dport vmap @service-ips',
      'ip daddr @nodeport-ips meta l4proto . th dport vmap @service-nodeports',
    ]),
    ...chain('service-endpoints-check', ['ip daddr . meta l4proto . th dport vmap @no-endpoint-services']),
    ...perService,
  ];
  if (lines[lines.length - 1] === '') lines.pop();
  return [...lines, '}', ''].join('\n');
}
