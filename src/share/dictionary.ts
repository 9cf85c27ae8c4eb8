// The preset deflate dictionary of share-link format v1 (RFC 1951 allows one; fflate supports it). Text that
// real rulesets and our JSON repeat is found here instead of in the link, so links get much shorter.
// FROZEN: a v1 link decodes only with exactly these bytes. To change it, add a v2 format and a migration.

/** Ruleset vocabulary as iptables-save prints it: generic, Docker's and kube-proxy's fixed texts. */
const RULES_TEXT = [
  '*raw\n*mangle\n*security\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\nCOMMIT\n - [0:0]\n',
  '-A PREROUTING -A POSTROUTING -A INPUT -A FORWARD -A OUTPUT ',
  ' -j MASQUERADE -j REJECT --reject-with icmp-port-unreachable -j RETURN -j DROP\n',
  ' -p udp -m udp --dport -j DNAT --to-destination -j LOG --log-prefix ',
  ' -m conntrack --ctstate NEW -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n',
  ' -m addrtype --dst-type LOCAL -j DOCKER\n-j DOCKER-USER -j DOCKER-ISOLATION-STAGE-',
  ':KUBE-EXTERNAL-SERVICES - [0:0]\n:KUBE-FIREWALL - [0:0]\n:KUBE-FORWARD - [0:0]\n:KUBE-NODEPORTS - [0:0]\n',
  ':KUBE-PROXY-FIREWALL - [0:0]\n:KUBE-SERVICES - [0:0]\n:KUBE-MARK-MASQ - [0:0]\n:KUBE-POSTROUTING - [0:0]\n',
  ' -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL\n',
  ' -m comment --comment "kubernetes health check service ports" -j KUBE-NODEPORTS\n',
  ' -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES\n',
  ' -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD\n',
  ' -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES\n',
  ' -j KUBE-FIREWALL\n',
  '-A KUBE-FIREWALL ! -s 127.0.0.0/8 -d 127.0.0.0/8 -m comment --comment "block incoming localnet connections" -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP\n',
  '-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP\n',
  '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT\n',
  '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n',
  '*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n',
  '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES\n',
  '-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES\n',
  '-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING\n',
  '-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000\n',
  '-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN\n',
  '-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0\n',
  '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE\n',
  '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS\n',
  ' -m statistic --mode random --probability 0.',
  '/32 -m comment --comment "default/ -j KUBE-MARK-MASQ\n-A KUBE-SEP-',
  ' -p tcp -m comment --comment "default/ -m tcp -j DNAT --to-destination 10.',
  ' -p tcp -m comment --comment "default/ cluster IP" -m tcp --dport 80 -j KUBE-SVC-',
  '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n',
  ' -p tcp -m tcp --dport ',
];

/** The JSON around the rules, as encodeShare writes it. */
const JSON_TEXT = [
  '"host":{"interfaces":[{"name":"lo","addresses":["127.0.0.1/8"]},{"name":"eth0","addresses":["',
  '"routes":[{"to":"default","via":"","dev":"eth0"}],"forwarding":false,"conntrack":"on"},',
  '"seed":1,"packets":[{"label":"","in":"eth0","local":true,"proto":"tcp","src":"","sport":',
  ',"dst":"","dport":,"tcpFlags":["SYN","ACK"]},"icmpType":8,"icmpCode":0,"proto":"udp"',
  '"view":{"packetIndex":0,"stepIndex":0,"tableOrder":"nft"}}',
  '{"v":1,"scenario":{"id":"","title":"","summary":"","teaching":["',
];

/** Inside the JSON payload the rules are a string: quotes and newlines appear escaped. */
const escaped = RULES_TEXT.map((t) => JSON.stringify(t).slice(1, -1));

export const DICTIONARY_V1: Uint8Array = new TextEncoder().encode([...escaped, ...JSON_TEXT].join(''));
