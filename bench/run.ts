// `npm run bench`: runs every bench/*.bench.ts in its own Node process (so each one's memory figures are its own)
// and lets it print its figures. Exit code 1 when a benchmark fails or misses its budget.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const dir = import.meta.dirname;
const only = process.argv[2];
const files = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts') && (!only || f.includes(only)))
  .sort();
let failed = 0;
for (const file of files) {
  process.stdout.write(`\n== ${file}\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', path.join(dir, file)], { stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    process.stdout.write(`${file}: FAILED (exit ${r.status ?? r.signal})\n`);
  }
}
process.stdout.write(`\n${files.length - failed} of ${files.length} benchmarks passed\n`);
process.exitCode = failed > 0 ? 1 : 0;
