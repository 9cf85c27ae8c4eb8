// Runs the CLI bundle (one CommonJS file) with a V8 code cache per command: the bytecode V8 compiled for the
// engine in an earlier run of the same command is read back instead of compiled again (kube-proxy dump, `check`:
// ~5 % less CPU; the modules Node 20 loads as ES modules cannot be cached, which is why the bundle is CommonJS).
// Each build folder holds its own caches, so a cache never meets another source; V8 refuses one made by another
// Node version or other flags (then it is made again). Plain JavaScript: it runs before anything is compiled.
'use strict';
const fs = require('node:fs');
const { createRequire } = require('node:module');
const path = require('node:path');
const vm = require('node:vm');
const { BUNDLE_FILE } = require('./bundlePaths.cjs');

/** Commands with a cache of their own (each compiles other parts of the engine); anything else shares one. */
const CACHED = new Set(['check', 'save', 'trace', 'batch', 'gen-kube']);

/** CPU time after which a run may replace its command's cache, and by how much the cache must have grown. */
const REFRESH_AFTER_CPU_MS = 300;
const GROWN = 1.05;

/** Runs `dir`'s bundle as Node runs a CommonJS main module (module, require, __filename, __dirname). */
function runBundle(dir) {
  const file = path.join(dir, BUNDLE_FILE);
  const source = fs.readFileSync(file, 'utf8');
  const command = process.argv[2];
  const cacheFile = path.join(dir, `${CACHED.has(command) ? command : 'other'}.cache`);
  const cachedData = readCache(cacheFile);
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    cachedData,
  });
  process.once('exit', () => refreshCache(script, cachedData, cacheFile));
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dir);
}

function readCache(file) {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

/**
 * At exit, when V8 has compiled every function the command ran: a cache is written when there was none (or V8
 * refused it), and replaced when a long run (a big dump) compiled more than it held: the first run of a command may
 * have been `--help` or a typing mistake. A short run never pays for making one it would not write.
 */
function refreshCache(script, cachedData, file) {
  if (cachedData === undefined || script.cachedDataRejected) {
    writeCache(script.createCachedData(), file);
    return;
  }
  const { user, system } = process.cpuUsage();
  if ((user + system) / 1000 < REFRESH_AFTER_CPU_MS) return;
  const fresh = script.createCachedData();
  if (fresh.length > cachedData.length * GROWN) writeCache(fresh, file);
}

/** Best effort: a read-only install or a build folder removed meanwhile only means no cache. */
function writeCache(data, file) {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, file);
  } catch {
    fs.rmSync(tmp, { force: true });
  }
}

module.exports = { runBundle };
