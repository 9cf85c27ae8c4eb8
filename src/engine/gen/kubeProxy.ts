// A kube-proxy (iptables mode) ruleset as `iptables-save` prints it on a node: the chain structure and rule shapes
// of kube-proxy 1.28+ (KUBE-SERVICES → KUBE-SVC-… → KUBE-SEP-… with statistic random load balancing, KUBE-MARK-MASQ,
// KUBE-POSTROUTING, KUBE-NODEPORTS/KUBE-EXT-…, the filter chains). Chain names are kube-proxy's own:
// "KUBE-SVC-" + the first 16 base32 characters of sha256(servicePortName + protocol), "KUBE-SEP-" likewise with the
// endpoint appended (pkg/proxy/iptables/proxier.go, portProtoHash / servicePortEndpointChainName).
import { base32, sha256 } from './sha256.ts';
import {
  cidrContains,
  hasExternalDestinations,
  kubeServices,
  type KubeModelOptions,
  type KubeService,
} from './kubeModel.ts';

/** The services (kubeModel.ts, shared with the IPVS and nftables generators); `endpoints` 0: every service rejects. */
export type KubeDumpOptions = KubeModelOptions;

const MASQ_MARK = '0x4000';

function hash16(text: string): string {
  return base32(sha256(text)).slice(0, 16);
}

/**
 * `--probability` as iptables-save prints it: libxt_statistic stores round(p × 2^31) and prints it back with 11
 * decimals, so kube-proxy's 1/3 reads 0.33333333349.
 */
export function savedProbability(p: number): string {
  const stored = Math.round(p * 0x80000000);
  return (stored / 0x80000000).toFixed(11);
}

function q(text: string): string {
  return `"${text}"`;
}

/** What one service adds to the dump's chains, per table. */
interface DumpParts {
  svcChains: string[];
  sepChains: string[];
  extChains: string[];
  fwChains: string[];
  servicesRules: string[];
  nodePortRules: string[];
  filterServiceRules: string[];
  filterExternalRules: string[];
  filterFirewallRules: string[];
  filterNodePortRules: string[];
  push: (chain: string, rule: string) => void;
}

/** KUBE-SVC-… or KUBE-SVL-…: one rule per endpoint, statistic 1/(n−i) until the last (writeServiceToEndpointRules). */
function endpointRules(parts: DumpParts, chain: string, portName: string, eps: string[]): void {
  eps.forEach((endpoint, e) => {
    const sepChain = `KUBE-SEP-${hash16(portName + 'tcp' + endpoint)}`;
    const comment = `-m comment --comment ${q(`${portName} -> ${endpoint}`)}`;
    parts.push(
      chain,
      e < eps.length - 1
        ? `${comment} -m statistic --mode random --probability ${savedProbability(1 / (eps.length - e))} -j ${sepChain}`
        : `${comment} -j ${sepChain}`,
    );
  });
}

/**
 * The chains of one service port, as pkg/proxy/iptables/proxier.go syncProxyRules writes them: KUBE-SVC (cluster
 * policy), KUBE-SVL (local policy: this node's endpoints only), KUBE-EXT (external destinations: NodePort and
 * LoadBalancer IP), KUBE-SEP per endpoint; with no endpoints, filter rules that REJECT; with externalTrafficPolicy
 * Local and no endpoint on this node, filter rules that DROP external traffic ("has no local endpoints").
 */
function serviceRules(parts: DumpParts, svc: KubeService, clusterCIDR: string, nodeIP: string): void {
  const portName = `${svc.namespace}/${svc.name}:${svc.port}`;
  const svcHash = hash16(portName + 'tcp');
  const svcChain = `KUBE-SVC-${svcHash}`;
  const svlChain = `KUBE-SVL-${svcHash}`;
  const extChain = `KUBE-EXT-${svcHash}`;
  const fwChain = `KUBE-FW-${svcHash}`;
  const dport = `-m tcp --dport ${svc.servicePort}`;
  const eps = svc.endpoints.map((e) => `${e.ip}:${e.port}`);
  const localEps = svc.endpoints.filter((e) => e.local).map((e) => `${e.ip}:${e.port}`);
  const hasEndpoints = eps.length > 0;
  const policyLocal = svc.externalTrafficPolicy === 'Local';
  const hasExternalEndpoints = hasEndpoints && (!policyLocal || localEps.length > 0);
  const external = hasExternalDestinations(svc);
  // loadBalancerSourceRanges: the LB IP's rule jumps to KUBE-FW-…, which sends allowed sources on to KUBE-EXT-…;
  // what falls out of it was not DNATed and meets filter KUBE-PROXY-FIREWALL's DROP (proxier.go, usesFWChain).
  const usesFWChain = hasEndpoints && svc.loadBalancerIP !== undefined && svc.loadBalancerSourceRanges.length > 0;
  const noEndpoints = q(`${portName} has no endpoints`);
  // No endpoints at all: REJECT; endpoints, but none here for a Local policy: DROP what the EXT chain let through.
  const [filterComment, filterTarget] = hasEndpoints
    ? [q(`${portName} has no local endpoints`), 'DROP']
    : [noEndpoints, 'REJECT --reject-with icmp-port-unreachable'];

  // A health-check node port is accepted whether or not this node has endpoints: kube-proxy's own HTTP server
  // answers on it (200 with local endpoints, 503 without), so the load balancer learns which nodes to use.
  if (svc.healthCheckNodePort !== undefined)
    parts.filterNodePortRules.push(
      `-A KUBE-NODEPORTS -p tcp -m comment --comment ${q(`${portName} health check node port`)} -m tcp --dport ${svc.healthCheckNodePort} -j ACCEPT`,
    );
  if (!hasEndpoints) {
    parts.filterServiceRules.push(
      `-A KUBE-SERVICES -d ${svc.clusterIP}/32 -p tcp -m comment --comment ${noEndpoints} ${dport} -j REJECT --reject-with icmp-port-unreachable`,
    );
  } else {
    parts.svcChains.push(svcChain);
    parts.servicesRules.push(
      `-d ${svc.clusterIP}/32 -p tcp -m comment --comment ${q(`${portName} cluster IP`)} ${dport} -j ${svcChain}`,
    );
    for (const ip of svc.externalIPs)
      parts.servicesRules.push(
        `-d ${ip}/32 -p tcp -m comment --comment ${q(`${portName} external IP`)} ${dport} -j ${extChain}`,
      );
    if (svc.loadBalancerIP)
      parts.servicesRules.push(
        `-d ${svc.loadBalancerIP}/32 -p tcp -m comment --comment ${q(`${portName} loadbalancer IP`)} ${dport} -j ${usesFWChain ? fwChain : extChain}`,
      );
    if (svc.nodePort !== undefined)
      parts.nodePortRules.push(
        `-p tcp -m comment --comment ${q(portName)} -m tcp --dport ${svc.nodePort} -j ${extChain}`,
      );
  }
  if (usesFWChain) {
    parts.fwChains.push(fwChain);
    const lbComment = `-m comment --comment ${q(`${portName} loadbalancer IP`)}`;
    for (const cidr of svc.loadBalancerSourceRanges) parts.push(fwChain, `-s ${cidr} ${lbComment} -j ${extChain}`);
    // A VIP-like load balancer's address is often local: the node's own request loops back with the VIP as its
    // source, so it is let through when a range holds the node IP (allowFromNode).
    if (svc.loadBalancerSourceRanges.some((c) => cidrContains(c, nodeIP)))
      parts.push(fwChain, `-s ${svc.loadBalancerIP}/32 ${lbComment} -j ${extChain}`);
    parts.push(
      fwChain,
      `-m comment --comment ${q(`other traffic to ${portName} will be dropped by KUBE-PROXY-FIREWALL`)}`,
    );
    parts.filterFirewallRules.push(
      `-A KUBE-PROXY-FIREWALL -d ${svc.loadBalancerIP}/32 -p tcp -m comment --comment ${q(`${portName} traffic not accepted by ${fwChain}`)} ${dport} -j DROP`,
    );
  }
  if (!hasExternalEndpoints) {
    for (const ip of svc.externalIPs)
      parts.filterExternalRules.push(
        `-A KUBE-EXTERNAL-SERVICES -d ${ip}/32 -p tcp -m comment --comment ${filterComment} ${dport} -j ${filterTarget}`,
      );
    if (svc.loadBalancerIP)
      parts.filterExternalRules.push(
        `-A KUBE-EXTERNAL-SERVICES -d ${svc.loadBalancerIP}/32 -p tcp -m comment --comment ${filterComment} ${dport} -j ${filterTarget}`,
      );
    if (svc.nodePort !== undefined)
      parts.filterExternalRules.push(
        `-A KUBE-EXTERNAL-SERVICES -p tcp -m comment --comment ${filterComment} -m addrtype --dst-type LOCAL -m tcp --dport ${svc.nodePort} -j ${filterTarget}`,
      );
  }
  if (!hasEndpoints) return;

  // Internal traffic (the cluster IP) always uses the cluster policy chain: off-cluster sources are masqueraded.
  parts.push(
    svcChain,
    `! -s ${clusterCIDR} -d ${svc.clusterIP}/32 -p tcp -m comment --comment ${q(`${portName} cluster IP`)} ${dport} -j KUBE-MARK-MASQ`,
  );
  if (external) {
    parts.extChains.push(extChain);
    if (!policyLocal) {
      parts.push(
        extChain,
        `-m comment --comment ${q(`masquerade traffic for ${portName} external destinations`)} -j KUBE-MARK-MASQ`,
      );
    } else {
      // Local: the client's address is kept. Pods and the node itself are special cases sent to the cluster chain
      // (a pod "goes out to the load balancer and back"; the node's own traffic is masqueraded, its source being
      // the local address that holds the LB IP).
      parts.push(
        extChain,
        `-s ${clusterCIDR} -m comment --comment ${q(`pod traffic for ${portName} external destinations`)} -j ${svcChain}`,
      );
      parts.push(
        extChain,
        `-m comment --comment ${q(`masquerade LOCAL traffic for ${portName} external destinations`)} -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ`,
      );
      parts.push(
        extChain,
        `-m comment --comment ${q(`route LOCAL traffic for ${portName} external destinations`)} -m addrtype --src-type LOCAL -j ${svcChain}`,
      );
    }
    if (hasExternalEndpoints) parts.push(extChain, `-j ${policyLocal ? svlChain : svcChain}`);
  }
  endpointRules(parts, svcChain, portName, eps);
  if (external && policyLocal && localEps.length > 0) {
    parts.svcChains.push(svlChain);
    endpointRules(parts, svlChain, portName, localEps);
  }
  for (const endpoint of eps) {
    const sepChain = `KUBE-SEP-${hash16(portName + 'tcp' + endpoint)}`;
    const ip = endpoint.slice(0, endpoint.indexOf(':'));
    parts.sepChains.push(sepChain);
    parts.push(sepChain, `-s ${ip}/32 -m comment --comment ${q(portName)} -j KUBE-MARK-MASQ`);
    parts.push(sepChain, `-p tcp -m comment --comment ${q(portName)} -m tcp -j DNAT --to-destination ${endpoint}`);
  }
}

export function generateKubeProxyDump(opts: KubeDumpOptions): string {
  const clusterCIDR = opts.clusterCIDR ?? '10.244.0.0/16';
  const natChains: string[] = [];
  const natRules: string[] = [];
  const perChainRules = new Map<string, string[]>();
  const parts: DumpParts = {
    svcChains: [],
    sepChains: [],
    extChains: [],
    fwChains: [],
    servicesRules: [],
    nodePortRules: [],
    filterServiceRules: [],
    filterExternalRules: [],
    filterFirewallRules: [],
    filterNodePortRules: [],
    push: (chain, rule) => {
      let list = perChainRules.get(chain);
      if (!list) perChainRules.set(chain, (list = []));
      list.push(`-A ${chain} ${rule}`);
    },
  };
  const nodeIP = opts.nodeIP ?? '192.168.0.2';
  for (const svc of kubeServices(opts)) serviceRules(parts, svc, clusterCIDR, nodeIP);
  const { svcChains, sepChains, extChains, fwChains, servicesRules, nodePortRules } = parts;
  const { filterServiceRules, filterExternalRules, filterFirewallRules, filterNodePortRules } = parts;
  const push = parts.push;

  // ---- filter
  const filter: string[] = [
    '*filter',
    ':INPUT ACCEPT [0:0]',
    ':FORWARD ACCEPT [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    ':KUBE-EXTERNAL-SERVICES - [0:0]',
    ':KUBE-FIREWALL - [0:0]',
    ':KUBE-FORWARD - [0:0]',
    ':KUBE-NODEPORTS - [0:0]',
    ':KUBE-PROXY-FIREWALL - [0:0]',
    ':KUBE-SERVICES - [0:0]',
    '-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL',
    '-A INPUT -m comment --comment "kubernetes health check service ports" -j KUBE-NODEPORTS',
    '-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES',
    '-A INPUT -j KUBE-FIREWALL',
    '-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL',
    '-A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD',
    '-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    '-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES',
    '-A OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL',
    '-A OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    '-A OUTPUT -j KUBE-FIREWALL',
    ...filterExternalRules,
    '-A KUBE-FIREWALL ! -s 127.0.0.0/8 -d 127.0.0.0/8 -m comment --comment "block incoming localnet connections" -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP',
    '-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP',
    `-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark ${MASQ_MARK}/${MASQ_MARK} -j ACCEPT`,
    '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
    ...filterNodePortRules,
    ...filterFirewallRules,
    ...filterServiceRules,
    'COMMIT',
  ];

  // ---- nat: chains in iptables-save order (built-ins, then user chains sorted by name)
  const userChains = [
    'KUBE-MARK-MASQ',
    'KUBE-NODEPORTS',
    'KUBE-POSTROUTING',
    'KUBE-SERVICES',
    ...svcChains,
    ...sepChains,
    ...extChains,
    ...fwChains,
  ].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  natChains.push(
    ':PREROUTING ACCEPT [0:0]',
    ':INPUT ACCEPT [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    ':POSTROUTING ACCEPT [0:0]',
  );
  for (const c of userChains) natChains.push(`:${c} - [0:0]`);
  natRules.push(
    '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    '-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    '-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING',
  );
  push('KUBE-MARK-MASQ', `-j MARK --set-xmark ${MASQ_MARK}/${MASQ_MARK}`);
  push('KUBE-POSTROUTING', `-m mark ! --mark ${MASQ_MARK}/${MASQ_MARK} -j RETURN`);
  push('KUBE-POSTROUTING', `-j MARK --set-xmark ${MASQ_MARK}/0x0`);
  push(
    'KUBE-POSTROUTING',
    '-m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully',
  );
  for (const r of nodePortRules) push('KUBE-NODEPORTS', r);
  for (const r of servicesRules) push('KUBE-SERVICES', r);
  push(
    'KUBE-SERVICES',
    '-m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS',
  );
  for (const c of userChains) for (const r of perChainRules.get(c) ?? []) natRules.push(r);

  return [...filter, '*nat', ...natChains, ...natRules, 'COMMIT', ''].join('\n');
}
