// `npm run --silent nflab -- COMMAND …`: the lab's engine on the command line. Each command is imported when it
// runs (the bundle is split per command): `--help` compiles none of them, `check` none of the tracer.

type Command = (args: string[]) => number | Promise<number>;

const COMMANDS: Record<string, () => Promise<Command>> = {
  check: async () => (await import('./check.ts')).checkCommand,
  save: async () => (await import('./save.ts')).saveCommand,
  batch: async () => (await import('./batch.ts')).batchCommand,
  trace: async () => (await import('./trace.ts')).traceCommand,
  'gen-kube': async () => (await import('./genKube.ts')).genKubeCommand,
};

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
  const load = command !== undefined && Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (load) return (await load())(rest);
  switch (command) {
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
  // Exit at once when every line is written: Node would otherwise free the whole heap page by page first (0.35 % of
  // the instructions of `nflab check` on a 25 MB dump). Output still queued (a slow pipe on some systems) drains.
  if (process.stdout.writableLength === 0 && process.stderr.writableLength === 0) process.exit(code);
  process.exitCode = code;
}, fail);
