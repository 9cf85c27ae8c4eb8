#!/usr/bin/env -S -u NODE_EXTRA_CA_CERTS node --max-semi-space-size=4 --single-threaded
// The `nflab` command (package.json "bin" and `npm run nflab`): runs the CLI bundled into one JavaScript file, so a
// command starts as fast as Node itself instead of compiling TypeScript first (tsx cost ~0.9 s on every run).
// The bundle is (re)built here when it is missing or older than any file it was built from, so a fresh clone works
// after `npm ci` alone (no install script) and an edited source never runs stale. Plain JavaScript on purpose:
// nothing may need compiling before this runs; CommonJS, as the bundle is: Node then never starts its ES module
// loader (~10 ms of every run).
// --max-semi-space-size=4 (MB; the default grows to 16): `save` and `trace` build one big long-lived ruleset, and a
// smaller young generation promotes it sooner instead of copying it again and again (25 MB kube-proxy dump: peak
// memory 254 → 231 MB, ~10% less CPU); `check`, which keeps no rules, is also ~10% faster with it (its garbage dies
// in a smaller, cache-warm young generation). --single-threaded: V8 compiles and collects garbage on the main
// thread instead of in helper threads; on this 2-core machine shared by many processes the helpers only compete
// with it (kube-proxy dump, interleaved runs at load 6–9: check 1750 → 1570 ms CPU and 2.8 → 2.3 s wall; save
// 4.75 → 4.0 s CPU). -u NODE_EXTRA_CA_CERTS: nflab opens no connection, and with that variable set (as on this
// machine) Node reads and parses every certificate it names before anything runs: 40 ms of the 110 ms Node takes to
// start here. `npm run nflab` runs this file, so it starts the same way.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { CURRENT, INPUTS, OUT_DIR, ROOT } = require('./bundlePaths.cjs');
const { runBundle } = require('./runBundle.cjs');

function mtime(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

/** A source file edited (or checked out) after the bundle was written makes it stale; so does a missing one. */
function isFresh() {
  const built = mtime(CURRENT);
  if (built === undefined) return false;
  let inputs;
  try {
    inputs = fs.readFileSync(INPUTS, 'utf8').split('\n').filter(Boolean);
  } catch {
    return false;
  }
  for (const input of inputs) {
    const changed = mtime(`${ROOT}/${input}`);
    if (changed === undefined || changed > built) return false;
  }
  return true;
}

const run = () => runBundle(path.join(OUT_DIR, fs.readFileSync(CURRENT, 'utf8').trim()));
if (isFresh()) run();
else import('./buildBundle.mjs').then(({ buildBundle }) => buildBundle()).then(run);
