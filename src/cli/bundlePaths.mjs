// Where the CLI bundle lives (shared by the launcher nflab.mjs and buildBundle.mjs). Not in dist/: `vite build`
// empties that folder.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const OUT_DIR = path.join(ROOT, 'dist-cli');
export const BUNDLE = path.join(OUT_DIR, 'nflab.mjs');
/** The files the bundle was built from, one path a line, relative to ROOT. */
export const INPUTS = path.join(OUT_DIR, 'inputs.txt');
