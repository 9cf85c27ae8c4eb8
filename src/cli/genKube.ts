// `nflab gen-kube [--mode iptables|ipvs|nftables] --services N --endpoints M [--nodeport-every K] [--lb-every L]
// [--local-every P] [--external-ip-every X] [--lb-source-ranges CIDR,…] [--health-check-ports]`:
// what kube-proxy writes on a node in that mode. iptables: an iptables-save dump; nftables: the `nft list ruleset`
// text; ipvs: `ipvsadm-save -n`, then `ipset save`, then the iptables-save dump, each section after a `# ` header
// line naming it (and the kube-ipvs0 addresses).
import { generateKubeProxyDump, generateKubeProxyIpvs, generateKubeProxyNft, joinIpvsBundle } from '../engine/index.ts';
import { parseIPv4 } from '../engine/index.ts';
import { usageError } from './check.ts';

function flag(argv: string[], name: string, fallback: number): number | undefined {
  const i = argv.indexOf(name);
  if (i < 0) return fallback;
  const v = Number(argv[i + 1]);
  return Number.isInteger(v) && v >= 0 ? v : undefined;
}

const GEN_KUBE_USAGE = `usage: nflab gen-kube [--mode iptables|ipvs|nftables] --services N --endpoints M [--nodeport-every K]
                      [--lb-every L] [--local-every P] [--external-ip-every X]  (whole numbers)
                      [--lb-source-ranges CIDR[,CIDR…]] [--health-check-ports]
  Prints what kube-proxy writes for N services with M endpoints each: an iptables-save dump (iptables, the
  default), an nft ruleset (nftables), or ipvsadm-save, ipset save and iptables-save sections (ipvs).
  Every Kth service is a NodePort, every Lth a LoadBalancer (IPs from 203.0.113.1), and every Pth of those
  externalTrafficPolicy Local (pods 10.244.0.2 to 10.244.0.255 are on this node; the node is 192.168.0.2).
  --external-ip-every X: every Xth service also has an external IP (from 198.51.100.1).
  --lb-source-ranges: every LoadBalancer allows only these sources (loadBalancerSourceRanges).
  --health-check-ports: every Local LoadBalancer gets a healthCheckNodePort (as the API server allocates).
`;

/** `--lb-source-ranges a.b.c.d/n,…`: [] when absent, undefined when a range is not an IPv4 CIDR. */
function sourceRanges(argv: string[]): string[] | undefined {
  const i = argv.indexOf('--lb-source-ranges');
  if (i < 0) return [];
  const ranges = (argv[i + 1] ?? '').split(',');
  const valid = (c: string) => {
    const [ip, bits] = c.split('/');
    return parseIPv4(ip ?? '') !== undefined && /^\d+$/.test(bits ?? '') && Number(bits) <= 32;
  };
  return ranges.every(valid) ? ranges : undefined;
}

export function genKubeCommand(argv: string[]): number {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(GEN_KUBE_USAGE);
    return 0;
  }
  const services = flag(argv, '--services', 10);
  const endpoints = flag(argv, '--endpoints', 3);
  const nodePortEvery = flag(argv, '--nodeport-every', 10);
  const loadBalancerEvery = flag(argv, '--lb-every', 0);
  const localTrafficEvery = flag(argv, '--local-every', 0);
  const externalIPEvery = flag(argv, '--external-ip-every', 0);
  const loadBalancerSourceRanges = sourceRanges(argv);
  const modeAt = argv.indexOf('--mode');
  const mode = modeAt < 0 ? 'iptables' : argv[modeAt + 1];
  if (
    services === undefined ||
    endpoints === undefined ||
    nodePortEvery === undefined ||
    loadBalancerEvery === undefined ||
    localTrafficEvery === undefined ||
    externalIPEvery === undefined ||
    loadBalancerSourceRanges === undefined ||
    (mode !== 'iptables' && mode !== 'ipvs' && mode !== 'nftables')
  ) {
    process.stderr.write(
      usageError(
        GEN_KUBE_USAGE,
        'the counts must be whole numbers, the source ranges IPv4 CIDRs (a.b.c.d/n) and the mode iptables, ipvs or nftables',
      ),
    );
    return 2;
  }
  const opts = {
    services,
    endpoints,
    nodePortEvery,
    loadBalancerEvery,
    localTrafficEvery,
    externalIPEvery,
    loadBalancerSourceRanges,
    healthCheckNodePorts: argv.includes('--health-check-ports'),
  };
  if (mode === 'iptables') process.stdout.write(generateKubeProxyDump(opts));
  else if (mode === 'nftables') process.stdout.write(generateKubeProxyNft(opts));
  else {
    const d = generateKubeProxyIpvs(opts);
    // The sections nflab check, nflab save and the lab's import read back (engine/ipvs/bundle.ts).
    process.stdout.write(
      joinIpvsBundle({ kubeIpvs0: d.kubeIpvs0, ipvs: d.ipvsadm, ipsets: d.ipsets, iptables: d.rules }),
    );
  }
  return 0;
}
