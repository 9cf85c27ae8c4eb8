// kube-proxy's IPVS mode on one node (pkg/proxy/ipvs/proxier.go, ipset.go): every service address is bound to the
// kube-ipvs0 dummy interface and is an IPVS virtual server (scheduler rr, masq forwarding, weight 1 per endpoint);
// ipsets carry what iptables needs (KUBE-CLUSTER-IP for masquerading, KUBE-LOOP-BACK for hairpin, the node ports),
// so the iptables rules are a small constant set whatever the number of services.
import { cidrContains, kubeServices, type KubeModelOptions } from './kubeModel.ts';

export interface KubeIpvsDump {
  /** `ipvsadm-save -n`. */
  ipvsadm: string;
  /** `ipset save`. */
  ipsets: string;
  /** `iptables-save` (filter and nat). */
  rules: string;
  /** Addresses on kube-ipvs0 (CIDR form), for the host model. */
  kubeIpvs0: string[];
}

const MASQ_MARK = '0x4000';

/** ipset.go ipsetInfo: name, type, comment; in the order kube-proxy creates them. */
const SETS: [string, string][] = [
  ['KUBE-LOOP-BACK', 'hash:ip,port,ip'],
  ['KUBE-CLUSTER-IP', 'hash:ip,port'],
  ['KUBE-EXTERNAL-IP', 'hash:ip,port'],
  ['KUBE-EXTERNAL-IP-LOCAL', 'hash:ip,port'],
  ['KUBE-LOAD-BALANCER', 'hash:ip,port'],
  ['KUBE-LOAD-BALANCER-LOCAL', 'hash:ip,port'],
  ['KUBE-LOAD-BALANCER-FW', 'hash:ip,port'],
  ['KUBE-LOAD-BALANCER-SOURCE-IP', 'hash:ip,port,ip'],
  ['KUBE-LOAD-BALANCER-SOURCE-CIDR', 'hash:ip,port,net'],
  ['KUBE-NODE-PORT-TCP', 'bitmap:port'],
  ['KUBE-NODE-PORT-LOCAL-TCP', 'bitmap:port'],
  ['KUBE-NODE-PORT-UDP', 'bitmap:port'],
  ['KUBE-NODE-PORT-LOCAL-UDP', 'bitmap:port'],
  ['KUBE-HEALTH-CHECK-NODE-PORT', 'bitmap:port'],
  ['KUBE-IPVS-IPS', 'hash:ip'],
];

function createLine(name: string, type: string): string {
  return type === 'bitmap:port'
    ? `create ${name} ${type} range 0-65535`
    : `create ${name} ${type} family inet hashsize 1024 maxelem 65536`;
}

export function generateKubeProxyIpvs(opts: KubeModelOptions): KubeIpvsDump {
  const services = kubeServices(opts);
  const nodeIP = opts.nodeIP ?? '192.168.0.2';
  const clusterCIDR = opts.clusterCIDR ?? '10.244.0.0/16';
  const ipvs: string[] = [];
  const members = new Map<string, string[]>(SETS.map(([n]) => [n, []]));
  const add = (set: string, entry: string) => members.get(set)!.push(`add ${set} ${entry}`);
  const addresses: string[] = [];
  const virtual = (addr: string, port: number, eps: { ip: string; port: number }[]) => {
    ipvs.push(`-A -t ${addr}:${port} -s rr`);
    for (const e of eps) ipvs.push(`-a -t ${addr}:${port} -r ${e.ip}:${e.port} -m -w 1`);
  };
  for (const svc of services) {
    addresses.push(`${svc.clusterIP}/32`);
    add('KUBE-CLUSTER-IP', `${svc.clusterIP},tcp:${svc.servicePort}`);
    add('KUBE-IPVS-IPS', svc.clusterIP);
    for (const e of svc.endpoints) if (e.local) add('KUBE-LOOP-BACK', `${e.ip},tcp:${e.port},${e.ip}`);
    virtual(svc.clusterIP, svc.servicePort, svc.endpoints);
    // externalTrafficPolicy Local: the external virtual servers get this node's endpoints only (none here: a
    // virtual server with no real server), and the -LOCAL sets exempt them from masquerading.
    const local = svc.externalTrafficPolicy === 'Local';
    const externalEps = local ? svc.endpoints.filter((e) => e.local) : svc.endpoints;
    const ipPort = (ip: string) => `${ip},tcp:${svc.servicePort}`;
    // External IPs: bound to kube-ipvs0 like the cluster IP; KUBE-EXTERNAL-IP (masqueraded) or, for a Local
    // policy, KUBE-EXTERNAL-IP-LOCAL instead (proxier.go syncProxyRules, "Capture externalIPs").
    for (const ip of svc.externalIPs) {
      addresses.push(`${ip}/32`);
      add(local ? 'KUBE-EXTERNAL-IP-LOCAL' : 'KUBE-EXTERNAL-IP', ipPort(ip));
      add('KUBE-IPVS-IPS', ip);
      virtual(ip, svc.servicePort, externalEps);
    }
    if (svc.loadBalancerIP) {
      const lb = svc.loadBalancerIP;
      addresses.push(`${lb}/32`);
      add('KUBE-LOAD-BALANCER', ipPort(lb));
      if (local) add('KUBE-LOAD-BALANCER-LOCAL', ipPort(lb));
      // loadBalancerSourceRanges: the LB IP:port in KUBE-LOAD-BALANCER-FW, each allowed range beside it in
      // KUBE-LOAD-BALANCER-SOURCE-CIDR, and the LB IP as its own source when a range holds the node IP.
      if (svc.loadBalancerSourceRanges.length > 0) {
        add('KUBE-LOAD-BALANCER-FW', ipPort(lb));
        for (const cidr of svc.loadBalancerSourceRanges) add('KUBE-LOAD-BALANCER-SOURCE-CIDR', `${ipPort(lb)},${cidr}`);
        if (svc.loadBalancerSourceRanges.some((c) => cidrContains(c, nodeIP)))
          add('KUBE-LOAD-BALANCER-SOURCE-IP', `${ipPort(lb)},${lb}`);
      }
      add('KUBE-IPVS-IPS', lb);
      virtual(lb, svc.servicePort, externalEps);
    }
    if (svc.nodePort !== undefined) {
      add('KUBE-NODE-PORT-TCP', String(svc.nodePort));
      if (local) add('KUBE-NODE-PORT-LOCAL-TCP', String(svc.nodePort));
      virtual(nodeIP, svc.nodePort, externalEps);
    }
    if (svc.healthCheckNodePort !== undefined) add('KUBE-HEALTH-CHECK-NODE-PORT', String(svc.healthCheckNodePort));
  }
  const ipsets = SETS.flatMap(([name, type]) => [createLine(name, type), ...members.get(name)!]);
  return {
    ipvsadm: ipvs.join('\n') + '\n',
    ipsets: ipsets.join('\n') + '\n',
    rules: ipvsModeRules(clusterCIDR, (set) => members.get(set)!.length > 0),
    kubeIpvs0: addresses,
  };
}

const COMMENT: Record<string, string> = {
  'KUBE-LOAD-BALANCER-FW': 'Kubernetes service load balancer ip + port for load balancer with sourceRange',
  'KUBE-LOAD-BALANCER-SOURCE-CIDR':
    'Kubernetes service load balancer ip + port + source cidr for packet filter purpose',
  'KUBE-LOAD-BALANCER-SOURCE-IP': 'Kubernetes service load balancer ip + port + source IP for packet filter purpose',
  'KUBE-EXTERNAL-IP': 'Kubernetes service external ip + port for masquerade and filter purpose',
  'KUBE-EXTERNAL-IP-LOCAL': 'Kubernetes service external ip + port with externalTrafficPolicy=local',
};

/** `-m comment --comment "…" -m set --match-set SET FLAGS`, as writeIptablesRules matches a set. */
function setMatch(set: string, flags: string): string {
  return `-m comment --comment "${COMMENT[set]}" -m set --match-set ${set} ${flags}`;
}

/**
 * External IPs (writeIptablesRules, externalIPRules): KUBE-EXTERNAL-IP is masqueraded; both sets ACCEPT traffic
 * from off the machine (not bridged in, not from a local address) and traffic to an external IP that is local.
 */
function externalIpRules(set: string): string[] {
  const match = `-A KUBE-SERVICES ${setMatch(set, 'dst,dst')}`;
  return [
    ...(set === 'KUBE-EXTERNAL-IP' ? [`${match} -j KUBE-MARK-MASQ`] : []),
    `${match} -m physdev ! --physdev-is-in -m addrtype ! --src-type LOCAL -j ACCEPT`,
    `${match} -m addrtype --dst-type LOCAL -j ACCEPT`,
  ];
}

/**
 * The iptables rules of IPVS mode (proxier.go writeIptablesRules), as iptables-save prints them. Their number does
 * not grow with the services: a rule matching a set (ipsetWithIptablesChain, acceptIPVSTraffic, the external IP
 * and cluster IP rules) is written only when its set has members; the rest always.
 */
function ipvsModeRules(clusterCIDR: string, has: (set: string) => boolean): string {
  const when = (set: string, rules: string[]) => (has(set) ? rules : []);
  return [
    '*filter',
    ':INPUT ACCEPT [0:0]',
    ':FORWARD ACCEPT [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    ':KUBE-FORWARD - [0:0]',
    ':KUBE-IPVS-FILTER - [0:0]',
    ':KUBE-IPVS-OUT-FILTER - [0:0]',
    ':KUBE-NODE-PORT - [0:0]',
    ':KUBE-PROXY-FIREWALL - [0:0]',
    ':KUBE-SOURCE-RANGES-FIREWALL - [0:0]',
    '-A INPUT -m comment --comment "kubernetes ipvs access filter" -j KUBE-IPVS-FILTER',
    '-A INPUT -m comment --comment "kube-proxy firewall rules" -j KUBE-PROXY-FIREWALL',
    '-A INPUT -m comment --comment "kubernetes health check rules" -j KUBE-NODE-PORT',
    '-A FORWARD -m comment --comment "kube-proxy firewall rules" -j KUBE-PROXY-FIREWALL',
    '-A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD',
    '-A OUTPUT -m comment --comment "kubernetes ipvs access filter" -j KUBE-IPVS-OUT-FILTER',
    '-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP',
    `-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark ${MASQ_MARK}/${MASQ_MARK} -j ACCEPT`,
    '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
    '-A KUBE-IPVS-FILTER -m set --match-set KUBE-LOAD-BALANCER dst,dst -j RETURN',
    '-A KUBE-IPVS-FILTER -m set --match-set KUBE-CLUSTER-IP dst,dst -j RETURN',
    '-A KUBE-IPVS-FILTER -m set --match-set KUBE-EXTERNAL-IP dst,dst -j RETURN',
    '-A KUBE-IPVS-FILTER -m set --match-set KUBE-EXTERNAL-IP-LOCAL dst,dst -j RETURN',
    '-A KUBE-IPVS-FILTER -m set --match-set KUBE-HEALTH-CHECK-NODE-PORT dst -j RETURN',
    '-A KUBE-IPVS-FILTER -m conntrack --ctstate NEW -m set --match-set KUBE-IPVS-IPS dst -j REJECT --reject-with icmp-port-unreachable',
    '-A KUBE-NODE-PORT -m comment --comment "Kubernetes health check node port" -m set --match-set KUBE-HEALTH-CHECK-NODE-PORT dst -j ACCEPT',
    // loadBalancerSourceRanges: new packets to a firewalled LB IP:port go through KUBE-SOURCE-RANGES-FIREWALL,
    // which RETURNs allowed sources and DROPs the rest (that DROP is written whatever the sets hold).
    ...when('KUBE-LOAD-BALANCER-FW', [
      `-A KUBE-PROXY-FIREWALL ${setMatch('KUBE-LOAD-BALANCER-FW', 'dst,dst')} -j KUBE-SOURCE-RANGES-FIREWALL`,
    ]),
    ...when('KUBE-LOAD-BALANCER-SOURCE-CIDR', [
      `-A KUBE-SOURCE-RANGES-FIREWALL ${setMatch('KUBE-LOAD-BALANCER-SOURCE-CIDR', 'dst,dst,src')} -j RETURN`,
    ]),
    ...when('KUBE-LOAD-BALANCER-SOURCE-IP', [
      `-A KUBE-SOURCE-RANGES-FIREWALL ${setMatch('KUBE-LOAD-BALANCER-SOURCE-IP', 'dst,dst,src')} -j RETURN`,
    ]),
    '-A KUBE-SOURCE-RANGES-FIREWALL -j DROP',
    'COMMIT',
    '*nat',
    ':PREROUTING ACCEPT [0:0]',
    ':INPUT ACCEPT [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    ':POSTROUTING ACCEPT [0:0]',
    ':KUBE-LOAD-BALANCER - [0:0]',
    ':KUBE-MARK-MASQ - [0:0]',
    ':KUBE-NODE-PORT - [0:0]',
    ':KUBE-POSTROUTING - [0:0]',
    ':KUBE-SERVICES - [0:0]',
    '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    '-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    '-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING',
    ...when('KUBE-LOAD-BALANCER-LOCAL', [
      '-A KUBE-LOAD-BALANCER -m comment --comment "Kubernetes service load balancer ip + port with externalTrafficPolicy=local" -m set --match-set KUBE-LOAD-BALANCER-LOCAL dst,dst -j RETURN',
    ]),
    '-A KUBE-LOAD-BALANCER -j KUBE-MARK-MASQ',
    `-A KUBE-MARK-MASQ -j MARK --set-xmark ${MASQ_MARK}/${MASQ_MARK}`,
    ...when('KUBE-NODE-PORT-LOCAL-TCP', [
      '-A KUBE-NODE-PORT -p tcp -m comment --comment "Kubernetes nodeport TCP port with externalTrafficPolicy=local" -m set --match-set KUBE-NODE-PORT-LOCAL-TCP dst -j RETURN',
    ]),
    ...when('KUBE-NODE-PORT-TCP', [
      '-A KUBE-NODE-PORT -p tcp -m comment --comment "Kubernetes nodeport TCP port for masquerade purpose" -m set --match-set KUBE-NODE-PORT-TCP dst -j KUBE-MARK-MASQ',
    ]),
    ...when('KUBE-LOOP-BACK', [
      '-A KUBE-POSTROUTING -m comment --comment "Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose" -m set --match-set KUBE-LOOP-BACK dst,dst,src -j MASQUERADE',
    ]),
    `-A KUBE-POSTROUTING -m mark ! --mark ${MASQ_MARK}/${MASQ_MARK} -j RETURN`,
    `-A KUBE-POSTROUTING -j MARK --set-xmark ${MASQ_MARK}/0x0`,
    '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully',
    ...when('KUBE-LOAD-BALANCER', [
      '-A KUBE-SERVICES -m comment --comment "Kubernetes service lb portal" -m set --match-set KUBE-LOAD-BALANCER dst,dst -j KUBE-LOAD-BALANCER',
    ]),
    ...when('KUBE-CLUSTER-IP', [
      `-A KUBE-SERVICES ! -s ${clusterCIDR} -m comment --comment "Kubernetes service cluster ip + port for masquerade purpose" -m set --match-set KUBE-CLUSTER-IP dst,dst -j KUBE-MARK-MASQ`,
    ]),
    ...when('KUBE-EXTERNAL-IP', externalIpRules('KUBE-EXTERNAL-IP')),
    ...when('KUBE-EXTERNAL-IP-LOCAL', externalIpRules('KUBE-EXTERNAL-IP-LOCAL')),
    '-A KUBE-SERVICES -m addrtype --dst-type LOCAL -j KUBE-NODE-PORT',
    ...when('KUBE-CLUSTER-IP', ['-A KUBE-SERVICES -m set --match-set KUBE-CLUSTER-IP dst,dst -j ACCEPT']),
    ...when('KUBE-LOAD-BALANCER', ['-A KUBE-SERVICES -m set --match-set KUBE-LOAD-BALANCER dst,dst -j ACCEPT']),
    'COMMIT',
    '',
  ].join('\n');
}
