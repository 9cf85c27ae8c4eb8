// A kube-proxy (iptables mode) ruleset as `iptables-save` prints it on a node: the chain structure and rule shapes
// of kube-proxy 1.28+ (KUBE-SERVICES → KUBE-SVC-… → KUBE-SEP-… with statistic random load balancing, KUBE-MARK-MASQ,
// KUBE-POSTROUTING, KUBE-NODEPORTS/KUBE-EXT-…, the filter chains). Chain names are kube-proxy's own:
// "KUBE-SVC-" + the first 16 base32 characters of sha256(servicePortName + protocol), "KUBE-SEP-" likewise with the
// endpoint appended (pkg/proxy/iptables/proxier.go, portProtoHash / servicePortEndpointChainName).
import { formatIPv4 } from '../net/ipv4.ts';
import { base32, sha256 } from './sha256.ts';
import { EXTRA_ENDPOINT_IP } from './kubeModel.ts';

export interface KubeDumpOptions {
  services: number;
  /** Endpoints per service (0: every service rejects in filter KUBE-SERVICES, "has no endpoints"). */
  endpoints: number;
  /** Every Nth service is also a NodePort service (0: none). Default 10. */
  nodePortEvery?: number;
  /** Pod network, masqueraded when it is not the source (`! -s clusterCIDR -j KUBE-MARK-MASQ`). */
  clusterCIDR?: string;
  /** This service gets one more endpoint, 10.243.0.2 (kubeModel.ts EXTRA_ENDPOINT_IP): an update to measure. */
  extraEndpointFor?: number;
}

const SERVICE_BASE = (10 << 24) | (96 << 16); // 10.96.0.0/12, the default service range
const POD_BASE = (10 << 24) | (244 << 16); // 10.244.0.0/16
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

export function generateKubeProxyDump(opts: KubeDumpOptions): string {
  const services = Math.max(0, Math.floor(opts.services));
  const endpoints = Math.max(0, Math.floor(opts.endpoints));
  const nodePortEvery = opts.nodePortEvery ?? 10;
  const clusterCIDR = opts.clusterCIDR ?? '10.244.0.0/16';

  const natChains: string[] = [];
  const natRules: string[] = [];
  const svcChains: string[] = [];
  const sepChains: string[] = [];
  const extChains: string[] = [];
  const servicesRules: string[] = [];
  const nodePortRules: string[] = [];
  const filterServiceRules: string[] = [];
  const filterExternalRules: string[] = [];
  const perChainRules = new Map<string, string[]>();
  const push = (chain: string, rule: string) => {
    let list = perChainRules.get(chain);
    if (!list) perChainRules.set(chain, (list = []));
    list.push(`-A ${chain} ${rule}`);
  };

  let podIndex = 0;
  for (let s = 0; s < services; s++) {
    const ns = `ns${Math.floor(s / 100)}`;
    const name = `svc${s}`;
    const portName = `${ns}/${name}:http`;
    const clusterIP = formatIPv4((SERVICE_BASE + 10 + s) >>> 0);
    const svcHash = hash16(portName + 'tcp');
    const svcChain = `KUBE-SVC-${svcHash}`;
    const nodePort = nodePortEvery > 0 && s % nodePortEvery === 0 ? 30000 + ((s / nodePortEvery) % 2768) : undefined;

    const podIPs = Array.from({ length: endpoints }, () => formatIPv4((POD_BASE + 2 + podIndex++) >>> 0));
    if (opts.extraEndpointFor === s) podIPs.push(EXTRA_ENDPOINT_IP);
    if (podIPs.length === 0) {
      filterServiceRules.push(
        `-A KUBE-SERVICES -d ${clusterIP}/32 -p tcp -m comment --comment ${q(`${portName} has no endpoints`)} -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable`,
      );
      if (nodePort !== undefined)
        filterExternalRules.push(
          `-A KUBE-EXTERNAL-SERVICES -p tcp -m comment --comment ${q(`${portName} has no endpoints`)} -m addrtype --dst-type LOCAL -m tcp --dport ${nodePort} -j REJECT --reject-with icmp-port-unreachable`,
        );
      continue;
    }

    svcChains.push(svcChain);
    servicesRules.push(
      `-d ${clusterIP}/32 -p tcp -m comment --comment ${q(`${portName} cluster IP`)} -m tcp --dport 80 -j ${svcChain}`,
    );
    push(
      svcChain,
      `! -s ${clusterCIDR} -d ${clusterIP}/32 -p tcp -m comment --comment ${q(`${portName} cluster IP`)} -m tcp --dport 80 -j KUBE-MARK-MASQ`,
    );
    if (nodePort !== undefined) {
      const extChain = `KUBE-EXT-${svcHash}`;
      extChains.push(extChain);
      nodePortRules.push(`-p tcp -m comment --comment ${q(portName)} -m tcp --dport ${nodePort} -j ${extChain}`);
      push(
        extChain,
        `-m comment --comment ${q(`masquerade traffic for ${portName} external destinations`)} -j KUBE-MARK-MASQ`,
      );
      push(extChain, `-j ${svcChain}`);
    }
    for (let e = 0; e < podIPs.length; e++) {
      const podIP = podIPs[e]!;
      const endpoint = `${podIP}:8080`;
      const sepChain = `KUBE-SEP-${hash16(portName + 'tcp' + endpoint)}`;
      sepChains.push(sepChain);
      const comment = q(`${portName} -> ${endpoint}`);
      if (e < podIPs.length - 1)
        push(
          svcChain,
          `-m comment --comment ${comment} -m statistic --mode random --probability ${savedProbability(1 / (podIPs.length - e))} -j ${sepChain}`,
        );
      else push(svcChain, `-m comment --comment ${comment} -j ${sepChain}`);
      push(sepChain, `-s ${podIP}/32 -m comment --comment ${q(portName)} -j KUBE-MARK-MASQ`);
      push(sepChain, `-p tcp -m comment --comment ${q(portName)} -m tcp -j DNAT --to-destination ${endpoint}`);
    }
  }

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
