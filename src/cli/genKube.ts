// `npm run --silent gen:kube -- [--mode iptables|ipvs|nftables] --services N --endpoints M [--nodeport-every K]
// [--lb-every L]`: what kube-proxy writes on a node in that mode. iptables: an iptables-save dump; nftables: the
// `nft list ruleset` text; ipvs: `ipvsadm-save -n`, then `ipset save`, then the iptables-save dump, each section
// after a `# ` header line naming it (and the kube-ipvs0 addresses).
import { pathToFileURL } from 'node:url';
import { generateKubeProxyDump, generateKubeProxyIpvs, generateKubeProxyNft } from '../engine/index.ts';

const USAGE =
  'usage: gen:kube -- [--mode iptables|ipvs|nftables] --services N --endpoints M [--nodeport-every K] [--lb-every L]  (whole numbers)\n';

function flag(argv: string[], name: string, fallback: number): number | undefined {
  const i = argv.indexOf(name);
  if (i < 0) return fallback;
  const v = Number(argv[i + 1]);
  return Number.isInteger(v) && v >= 0 ? v : undefined;
}

export function genKubeCommand(argv: string[]): number {
  const services = flag(argv, '--services', 10);
  const endpoints = flag(argv, '--endpoints', 3);
  const nodePortEvery = flag(argv, '--nodeport-every', 10);
  const loadBalancerEvery = flag(argv, '--lb-every', 0);
  const modeAt = argv.indexOf('--mode');
  const mode = modeAt < 0 ? 'iptables' : argv[modeAt + 1];
  if (
    services === undefined ||
    endpoints === undefined ||
    nodePortEvery === undefined ||
    loadBalancerEvery === undefined ||
    (mode !== 'iptables' && mode !== 'ipvs' && mode !== 'nftables')
  ) {
    process.stderr.write(USAGE);
    return 2;
  }
  const opts = { services, endpoints, nodePortEvery, loadBalancerEvery };
  if (mode === 'iptables') process.stdout.write(generateKubeProxyDump(opts));
  else if (mode === 'nftables') process.stdout.write(generateKubeProxyNft(opts));
  else {
    const d = generateKubeProxyIpvs(opts);
    process.stdout.write(
      `# kube-ipvs0: ${d.kubeIpvs0.join(' ')}\n# ipvsadm-save -n\n${d.ipvsadm}# ipset save\n${d.ipsets}# iptables-save\n${d.rules}`,
    );
  }
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = genKubeCommand(process.argv.slice(2));
}
