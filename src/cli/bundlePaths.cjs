// Where the CLI bundle lives (shared by the launcher nflab.cjs and buildBundle.mjs). Not in dist/: `vite build`
// empties that folder.
'use strict';
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');
const OUT_DIR = path.join(ROOT, 'dist-cli');
/** Names the folder (dist-cli/build-…) of the current build; written last, so its time is the build's. */
const CURRENT = path.join(OUT_DIR, 'current');
/** The bundle's file in a build's folder. */
const BUNDLE_FILE = 'nflab.cjs';
/** The files the bundle was built from, one path a line, relative to ROOT. */
const INPUTS = path.join(OUT_DIR, 'inputs.txt');

module.exports = { ROOT, OUT_DIR, CURRENT, BUNDLE_FILE, INPUTS };
