// `npm run --silent nflab -- COMMAND …`: the lab's engine on the command line.
import { batchCommand } from './batch.ts';
import { checkCommand } from './check.ts';
import { saveCommand } from './save.ts';

const USAGE = `usage: nflab COMMAND …
  check FILE [--json] [--verbose] [--ipsets SETS]
                             parse and validate a ruleset: a summary, or FILE:LINE:COL: message lines (exit 1)
  save FILE [--json] [-c] [--ipsets SETS]
                             print the ruleset as iptables-save does (-c: with counters)
  trace …                    walk packets through a ruleset (nflab trace --help)
  batch                      JSON requests on stdin, one per line; JSON responses on stdout
  gen-kube --services N --endpoints M   print a kube-proxy iptables-mode dump
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'check':
      return checkCommand(rest);
    case 'save':
      return saveCommand(rest);
    case 'batch':
      return batchCommand();
    case 'trace': {
      // Loaded on demand: the tracer's command may not exist yet while check/save already work.
      const modulePath = './trace.ts';
      const mod = (await import(/* @vite-ignore */ modulePath)) as { traceCommand(argv: string[]): Promise<number> };
      return mod.traceCommand(rest);
    }
    case 'gen-kube': {
      const { genKubeCommand } = await import('./genKube.ts');
      return genKubeCommand(rest);
    }
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      process.stdout.write(USAGE);
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`nflab: unknown command ${command}\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`nflab: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  },
);
