// `npx tsx scripts/nft-compare.ts [--verbose] [--only NAME] [FILE.nft …]`: every accepted nftables ruleset of the
// conformance cases (../shared/conformance/nft, the ones with a `listed` answer), the built-in nft scenarios, the
// rulesets kept in scripts/nft-rulesets and any FILE given, loaded with the real `nft -f` in a throw-away network
// namespace, listed with `nft list ruleset` and `nft -j list ruleset`, and compared with the lab's printers
// (printNftRuleset, printNftJson). Prints the agreement
// rates, and with --verbose the first differing line of each ruleset. Not part of `npm test`: it needs root, `ip netns`
// and nft (1.0.6 here), which CI lacks.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseNft, printNftJson, printNftRuleset } from '../src/engine/index.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const SHARED = path.resolve(ROOT, '../shared');
const verbose = process.argv.includes('--verbose');
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt >= 0 ? process.argv[onlyAt + 1] : undefined;
const files = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && all[i - 1] !== '--only');

interface Source {
  name: string;
  text: string;
  /** Interfaces the ruleset names (`iif "eth0"` needs the device). */
  interfaces: string[];
}

function conformanceCases(): Source[] {
  const dir = path.join(SHARED, 'conformance/nft');
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Record<string, unknown>)
    .filter((c) => typeof c.listed === 'string')
    .map((c) => ({
      name: String(c.name),
      text: String(c.rules),
      interfaces: ((c.host as { interfaces?: { name: string }[] } | undefined)?.interfaces ?? []).map((i) => i.name),
    }));
}

function scenarios(): Source[] {
  const dir = path.join(ROOT, 'src/scenarios');
  return fs
    .readdirSync(dir)
    .filter((d) => d.startsWith('nft-') && fs.existsSync(path.join(dir, d, 'rules.txt')))
    .sort()
    .map((d) => ({
      name: `scenario ${d}`,
      text: fs.readFileSync(path.join(dir, d, 'rules.txt'), 'utf8'),
      interfaces: [],
    }));
}

const fileSources = (): Source[] =>
  files.map((f) => ({ name: path.basename(f), text: fs.readFileSync(f, 'utf8'), interfaces: [] }));

/** Rulesets kept for this comparison (scripts/nft-rulesets): features the cases do not cover, each once found to
 * differ from nft. Their rules name eth0 and eth1. */
function keptRulesets(): Source[] {
  const dir = path.join(ROOT, 'scripts/nft-rulesets');
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.nft'))
    .sort()
    .map((f) => ({ name: f, text: fs.readFileSync(path.join(dir, f), 'utf8'), interfaces: ['eth0', 'eth1'] }));
}

function run(cmd: string[], input?: string): { ok: boolean; out: string; err: string } {
  const r = spawnSync(cmd[0]!, cmd.slice(1), { input, encoding: 'utf8' });
  return { ok: r.status === 0, out: r.stdout, err: r.stderr };
}

/** The real listings, from a network namespace of its own (never the machine's tables). */
function realListing(src: Source, file: string): { text: string; json: string } | { error: string } {
  const ns = `nfx${process.pid}`;
  if (!run(['ip', 'netns', 'add', ns]).ok) return { error: 'ip netns add failed' };
  try {
    for (const dev of src.interfaces)
      if (dev !== 'lo') run(['ip', 'netns', 'exec', ns, 'ip', 'link', 'add', dev, 'type', 'dummy']);
    const load = run(['ip', 'netns', 'exec', ns, 'nft', '-f', file]);
    if (!load.ok) return { error: load.err.trim().split('\n')[0]! };
    const text = run(['ip', 'netns', 'exec', ns, 'nft', 'list', 'ruleset']).out;
    const json = run(['ip', 'netns', 'exec', ns, 'nft', '-j', 'list', 'ruleset']).out;
    return { text, json };
  } finally {
    run(['ip', 'netns', 'del', ns]);
  }
}

/** Anonymous sets in key order: nft lists them in the kernel's hash order. */
function unordered(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(unordered);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(
    Object.entries(v).map(([k, x]) => {
      const u = unordered(x);
      const sortable = (k === 'set' || k === 'elem') && Array.isArray(u);
      return [k, sortable ? [...u].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1)) : u];
    }),
  );
}

/** `{ a, b }` with its elements sorted, for a text compared without the hash order. */
const sortedBraces = (line: string) =>
  line.replace(/\{ ([^{}]*) \}/g, (_, inner: string) => `{ ${inner.split(', ').sort().join(', ')} }`);

/** The listing with a set's element lines joined and every `{ … }` sorted. */
const withoutHashOrder = (text: string) =>
  text
    .replace(/,\n\t+ {5}/g, ', ')
    .split('\n')
    .map(sortedBraces)
    .join('\n');

function firstDiff(a: string, b: string): string {
  const x = a.split('\n');
  const y = b.split('\n');
  for (let i = 0; i < Math.max(x.length, y.length); i++)
    if (x[i] !== y[i]) return `line ${i + 1}\n      lab: ${x[i] ?? '(none)'}\n      nft: ${y[i] ?? '(none)'}`;
  return '';
}

type Verdict = 'same' | 'order' | 'differs' | 'lab-refused';

function main(): void {
  const sources = [...conformanceCases(), ...scenarios(), ...keptRulesets(), ...fileSources()].filter(
    (s) => !only || s.name.includes(only),
  );
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nft-compare-'));
  const tally = { text: new Map<Verdict, number>(), json: new Map<Verdict, number>() };
  let compared = 0;
  for (const src of sources) {
    const file = path.join(tmp, 'ruleset.nft');
    fs.writeFileSync(file, src.text);
    const real = realListing(src, file);
    if ('error' in real) {
      console.log(`skip ${src.name}: nft refused it (${real.error})`);
      continue;
    }
    compared++;
    const parsed = parseNft(src.text);
    const refused = parsed.diagnostics.some((d) => d.severity === 'error');
    const text = printNftRuleset(parsed.ruleset);
    const json = printNftJson(parsed.ruleset).text;
    const textVerdict: Verdict = refused
      ? 'lab-refused'
      : text === real.text
        ? 'same'
        : withoutHashOrder(text) === withoutHashOrder(real.text)
          ? 'order'
          : 'differs';
    const a = JSON.parse(json) as unknown;
    const b = JSON.parse(real.json) as unknown;
    const jsonVerdict: Verdict = refused
      ? 'lab-refused'
      : JSON.stringify(a) === JSON.stringify(b)
        ? 'same'
        : JSON.stringify(unordered(a)) === JSON.stringify(unordered(b))
          ? 'order'
          : 'differs';
    tally.text.set(textVerdict, (tally.text.get(textVerdict) ?? 0) + 1);
    tally.json.set(jsonVerdict, (tally.json.get(jsonVerdict) ?? 0) + 1);
    if (verbose && textVerdict === 'differs') console.log(`text ${src.name}: ${firstDiff(text, real.text)}`);
    if (verbose && jsonVerdict === 'differs')
      console.log(
        `json ${src.name}: ${firstDiff(JSON.stringify(unordered(a), null, 1), JSON.stringify(unordered(b), null, 1))}`,
      );
  }
  fs.rmSync(tmp, { recursive: true });
  const line = (what: string, m: Map<Verdict, number>) => {
    const n = (v: Verdict) => m.get(v) ?? 0;
    console.log(
      `${what}: ${n('same')} of ${compared} identical, ${n('order')} more equal but for the hash order of set ` +
        `elements, ${n('differs')} differ, ${n('lab-refused')} refused by the lab`,
    );
  };
  line('nft list ruleset', tally.text);
  line('nft -j list ruleset', tally.json);
}

main();
