// `npm run build:cli`, and the launcher (nflab.cjs) when the bundle is missing or stale: bundles src/cli/main.ts
// and the engine with esbuild (a well-kept bundler already used by tsx and Vite's ecosystem; one call, no config
// file) into one CommonJS file, which the launcher runs with a V8 code cache (see runBundle.cjs): commands are
// still loaded when they run, and a command run before starts from its cached bytecode instead of compiling the
// engine again. Also records the inputs, so the launcher can tell when a source changed.
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import paths from './bundlePaths.cjs';

const { BUNDLE_FILE, CURRENT, INPUTS, OUT_DIR, ROOT } = paths;

/** A build left by another run is removed once this old: a process started from it has long read its bundle. */
const STALE_BUILD_MS = 60_000;

/**
 * Each build goes to a folder of its own (dist-cli/build-…), with the code caches made from it; CURRENT, the one
 * file the launcher reads first, names it and is written under a temporary name and renamed, so a run in parallel
 * never loads half a build, and a cache is never read for another build's source.
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
      entryPoints: ['src/cli/main.ts'],
      outfile: path.join(OUT_DIR, build, BUNDLE_FILE),
      bundle: true,
      platform: 'node',
      // CommonJS: Node 20 can cache the compiled code of a script (vm.Script cachedData), not of an ES module.
      format: 'cjs',
      // No comments or layout: Node must read the whole source even when the code cache is used (1.1 → 0.75 MB, and
      // ASCII only, which V8 keeps in half the memory). Names are kept, so profiles stay readable.
      minifyWhitespace: true,
      minifySyntax: true,
      legalComments: 'none',
      charset: 'ascii',
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
  // The lock file stands for the bundled packages (jsonc-parser): an upgrade rebuilds; so does a change here.
  // Keys are paths, JSON imports with their attributes appended (`x.json with { type: 'json' }`).
  const sources = Object.keys(result.metafile.inputs).map((key) => key.replace(/ with \{.*\}$/, ''));
  const inputs = new Set([
    'package-lock.json',
    'src/cli/buildBundle.mjs',
    ...sources.filter((f) => !f.startsWith('node_modules/')),
  ]);
  fs.writeFileSync(tmp(INPUTS), [...inputs].join('\n') + '\n');
  fs.writeFileSync(tmp(CURRENT), `${build}\n`);
  fs.renameSync(tmp(CURRENT), CURRENT);
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
