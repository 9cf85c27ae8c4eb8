// `npm run --silent gen:kube -- --services N --endpoints M [--nodeport-every K]`: a kube-proxy iptables-save dump.
import { generateKubeProxyDump } from '../engine/index.ts';
import { usageError } from './check.ts';

function flag(argv: string[], name: string, fallback: number): number | undefined {
  const i = argv.indexOf(name);
  if (i < 0) return fallback;
  const v = Number(argv[i + 1]);
  return Number.isInteger(v) && v >= 0 ? v : undefined;
}

const GEN_KUBE_USAGE = `usage: nflab gen-kube --services N --endpoints M [--nodeport-every K]  (whole numbers)
  Prints a kube-proxy iptables-mode dump (iptables-save text) of N services with M endpoints each.
`;

export function genKubeCommand(argv: string[]): number {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(GEN_KUBE_USAGE);
    return 0;
  }
  const services = flag(argv, '--services', 10);
  const endpoints = flag(argv, '--endpoints', 3);
  const nodePortEvery = flag(argv, '--nodeport-every', 10);
  if (services === undefined || endpoints === undefined || nodePortEvery === undefined) {
    process.stderr.write(usageError(GEN_KUBE_USAGE, 'the counts must be whole numbers'));
    return 2;
  }
  process.stdout.write(generateKubeProxyDump({ services, endpoints, nodePortEvery }));
  return 0;
}
