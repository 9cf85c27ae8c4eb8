// `npm run build:cli`, and the launcher (nflab.mjs) when the bundle is missing or stale: bundles src/cli/main.ts
// and the engine into dist-cli/nflab.mjs with esbuild (a well-kept bundler already used by tsx and Vite's ecosystem;
// one call, ~70 ms, no config file). Also records the inputs, so the launcher can tell when a source changed.
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { BUNDLE, INPUTS, OUT_DIR, ROOT } from './bundlePaths.mjs';

/** Written under temporary names and renamed, so a run in parallel never loads half a file. */
export async function buildBundle() {
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    process.stderr.write('nflab: the CLI is not built and esbuild is missing: run `npm ci`\n');
    process.exit(1);
  }
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const tmp = (file) => `${file}.${process.pid}.tmp`;
  let result;
  try {
    result = await esbuild.build({
      absWorkingDir: ROOT,
      entryPoints: ['src/cli/main.ts'],
      outfile: tmp(BUNDLE),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      // ES modules first: jsonc-parser's CommonJS entry is a UMD wrapper with requires esbuild cannot follow.
      mainFields: ['module', 'main'],
      metafile: true,
      logLevel: 'error',
    });
  } catch {
    // esbuild has printed its errors (file:line:col); a stack trace of the bundler would add nothing.
    process.stderr.write('nflab: the CLI bundle could not be built (errors above)\n');
    process.exit(1);
  }
  // The lock file stands for the bundled packages (jsonc-parser): an upgrade rebuilds.
  // Keys are paths, JSON imports with their attributes appended (`x.json with { type: 'json' }`).
  const sources = Object.keys(result.metafile.inputs).map((key) => key.replace(/ with \{.*\}$/, ''));
  const inputs = new Set(['package-lock.json', ...sources.filter((f) => !f.startsWith('node_modules/'))]);
  fs.writeFileSync(tmp(INPUTS), [...inputs].join('\n') + '\n');
  fs.renameSync(tmp(BUNDLE), BUNDLE);
  fs.renameSync(tmp(INPUTS), INPUTS);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await buildBundle();
