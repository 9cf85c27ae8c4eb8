// Runs the CLI bundle (one CommonJS file) with a V8 code cache per command: the bytecode V8 compiled for the
// engine in an earlier run of the same command is read back instead of compiled again (kube-proxy dump, `check`:
// 7–9 % less CPU; Node 20 cannot cache what it loads as ES modules, which is why the bundle is CommonJS).
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

/**
 * A run that took at least this much CPU (a real ruleset, not `--help` or a typing mistake) has compiled what the
 * command needs: its cache is the command's cache. A shorter run's cache is kept apart, used only until there is one.
 */
const LONG_RUN_CPU_MS = 300;

/** Runs `dir`'s bundle as Node runs a CommonJS main module (module, require, __filename, __dirname). */
function runBundle(dir) {
  const file = path.join(dir, BUNDLE_FILE);
  const source = fs.readFileSync(file, 'utf8');
  const command = CACHED.has(process.argv[2]) ? process.argv[2] : 'other';
  const full = path.join(dir, `${command}.cache`);
  const short = path.join(dir, `${command}.short.cache`);
  let used = full;
  let cachedData = readCache(full);
  if (cachedData === undefined) {
    used = short;
    cachedData = readCache(short);
  }
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    cachedData,
  });
  // At exit, V8 has compiled every function the command ran: the cache then holds them all.
  process.once('exit', () => {
    const { user, system } = process.cpuUsage();
    const long = (user + system) / 1000 >= LONG_RUN_CPU_MS;
    if (cachedData === undefined) writeCache(script, long ? full : short);
    else if (script.cachedDataRejected) writeCache(script, used);
    else if (used === short && long) writeCache(script, full);
  });
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

/** Best effort: a read-only install or a build folder removed meanwhile only means no cache. */
function writeCache(script, file) {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(tmp, script.createCachedData());
    fs.renameSync(tmp, file);
  } catch {
    fs.rmSync(tmp, { force: true });
  }
}

module.exports = { runBundle };
