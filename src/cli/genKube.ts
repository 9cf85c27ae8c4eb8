// `npm run --silent gen:kube -- --services N --endpoints M [--nodeport-every K]`: a kube-proxy iptables-save dump.
import { pathToFileURL } from 'node:url';
import { generateKubeProxyDump } from '../engine/index.ts';

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
  if (services === undefined || endpoints === undefined || nodePortEvery === undefined) {
    process.stderr.write('usage: gen:kube -- --services N --endpoints M [--nodeport-every K]  (whole numbers)\n');
    return 2;
  }
  process.stdout.write(generateKubeProxyDump({ services, endpoints, nodePortEvery }));
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = genKubeCommand(process.argv.slice(2));
}
