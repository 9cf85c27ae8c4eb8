// A kube-proxy nftables-mode ruleset of N services for the benchmarks, in the shape of kube-proxy's own
// (pkg/proxy/nftables/proxier.go: the service-ips verdict map, one service chain with a numgen vmap over its endpoint
// chains, one endpoint chain with its dnat). Minimal on purpose: the full generator lives in src/engine/gen.
import { formatIPv4 } from '../src/engine/net/ipv4.ts';

export const CLUSTER_BASE = ((172 << 24) | (30 << 16)) >>> 0;
export const clusterIP = (s: number) => formatIPv4(CLUSTER_BASE + 10 + s);
const podIP = (s: number, e: number) => formatIPv4((((10 << 24) | (180 << 16)) >>> 0) + s * 8 + e + 1);

export function kubeNftRuleset(services: number, endpoints: number): string {
  const out: string[] = [
    'add table ip kube-proxy { comment "rules for kube-proxy" ; }',
    'add map ip kube-proxy service-ips { type ipv4_addr . inet_proto . inet_service : verdict ; }',
    'add chain ip kube-proxy services',
    'add chain ip kube-proxy mark-for-masquerade',
    'add chain ip kube-proxy masquerading',
    'add chain ip kube-proxy nat-prerouting { type nat hook prerouting priority -100 ; }',
    'add chain ip kube-proxy nat-postrouting { type nat hook postrouting priority 100 ; }',
    'add rule ip kube-proxy mark-for-masquerade mark set mark or 0x4000',
    'add rule ip kube-proxy masquerading mark and 0x4000 == 0 return',
    'add rule ip kube-proxy masquerading mark set mark xor 0x4000',
    'add rule ip kube-proxy masquerading masquerade fully-random',
    'add rule ip kube-proxy nat-prerouting jump services',
    'add rule ip kube-proxy nat-postrouting jump masquerading',
    'add rule ip kube-proxy services ip daddr . meta l4proto . th dport vmap @service-ips',
  ];
  for (let s = 0; s < services; s++) {
    const name = `ns${s}/svc${s}/tcp/p80`;
    const svc = `service-${s.toString(36).toUpperCase().padStart(8, '0')}-${name}`;
    const eps = Array.from({ length: endpoints }, (_, e) => `endpoint-${e}-${name}__${podIP(s, e)}/80`);
    out.push(`add chain ip kube-proxy ${svc}`);
    for (const ep of eps) out.push(`add chain ip kube-proxy ${ep}`);
    out.push(`add rule ip kube-proxy ${svc} ip daddr ${clusterIP(s)} ip saddr != 10.0.0.0/8 jump mark-for-masquerade`);
    const vmap = eps.map((ep, e) => `${e} : goto ${ep}`).join(' , ');
    out.push(`add rule ip kube-proxy ${svc} numgen random mod ${endpoints} vmap { ${vmap} }`);
    eps.forEach((ep, e) => {
      out.push(`add rule ip kube-proxy ${ep} ip saddr ${podIP(s, e)} jump mark-for-masquerade`);
      out.push(`add rule ip kube-proxy ${ep} meta l4proto tcp dnat to ${podIP(s, e)}:80`);
    });
    out.push(`add element ip kube-proxy service-ips { ${clusterIP(s)} . tcp . 80 : goto ${svc} }`);
  }
  return out.join('\n') + '\n';
}
