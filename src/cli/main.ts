// `npm run --silent nflab -- COMMAND …`: the lab's engine on the command line.
import { batchCommand } from './batch.ts';
import { checkCommand } from './check.ts';
import { genKubeCommand } from './genKube.ts';
import { saveCommand } from './save.ts';
import { traceCommand } from './trace.ts';

const USAGE = `usage: nflab COMMAND …
  check FILE [--json] [--verbose] [--ipsets SETS]
                             parse and validate a ruleset: a summary, or FILE:LINE:COL: message lines (exit 1)
  save FILE [--json] [-c] [-j] [--ipsets SETS]
                             print the ruleset as iptables-save or nft list ruleset does (-c: with counters;
                             -j: an nftables ruleset as nft -j list ruleset does)
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
      return batchCommand(rest);
    case 'trace':
      return traceCommand(rest);
    case 'gen-kube':
      return genKubeCommand(rest);
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      process.stdout.write(USAGE);
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`nflab: unknown command ${command} (nflab --help lists the commands)\n`);
      return 2;
  }
}

/** A reader that went away (`nflab trace … | head`) is not an error of ours: stop quietly, as `cat` does. */
function quitOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    fail(e);
  });
}

/** A bug of ours still gets one line, never a stack trace. */
function fail(e: unknown): void {
  process.stderr.write(`nflab: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
}

quitOnClosedPipe(process.stdout);
quitOnClosedPipe(process.stderr);
process.on('uncaughtException', fail);
main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
}, fail);
