// `npm run build:cli`, and the launcher (nflab.mjs) when the bundle is missing or stale: bundles src/cli/main.ts
// and the engine with esbuild (a well-kept bundler already used by tsx and Vite's ecosystem; one call, no config
// file), split per command: main.ts imports each command when it runs, so `nflab --help` loads a few KB and
// `nflab check` never compiles the tracer. Also records the inputs, so the launcher can tell when a source changed.
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { BUNDLE, INPUTS, OUT_DIR, ROOT } from './bundlePaths.mjs';

/** A build left by another run is removed once this old: a process started from it has long loaded its chunks. */
const STALE_BUILD_MS = 60_000;

/**
 * Each build goes to a folder of its own (dist-cli/build-…); BUNDLE, the one file the launcher imports, names it
 * and is written under a temporary name and renamed, so a run in parallel never loads half a build.
 */
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
  const build = `build-${Date.now().toString(36)}-${process.pid}`;
  let result;
  try {
    result = await esbuild.build({
      absWorkingDir: ROOT,
      entryPoints: [{ in: 'src/cli/main.ts', out: 'nflab' }],
      outdir: path.join(OUT_DIR, build),
      outExtension: { '.js': '.mjs' },
      chunkNames: '[name]-[hash]',
      bundle: true,
      splitting: true,
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
  fs.writeFileSync(tmp(BUNDLE), `// Written by buildBundle.mjs: the current build.\nimport './${build}/nflab.mjs';\n`);
  fs.renameSync(tmp(BUNDLE), BUNDLE);
  fs.renameSync(tmp(INPUTS), INPUTS);
  removeStaleBuilds(build);
}

function removeStaleBuilds(current) {
  for (const entry of fs.readdirSync(OUT_DIR, { withFileTypes: true })) {
    if (!entry.isDirectory() || !entry.name.startsWith('build-') || entry.name === current) continue;
    const dir = path.join(OUT_DIR, entry.name);
    if (Date.now() - fs.statSync(dir).mtimeMs > STALE_BUILD_MS) fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await buildBundle();
