// `npx tsx scripts/translate-compare.ts [--verbose] [--only SOURCE]`: every iptables rule of the real dumps
// (../shared/real-dumps), the built-in scenarios and the iptables-t parser cases (../shared/conformance/iptables-t),
// through the real `iptables-translate -t <table> <rule>` and the engine's session.translate; prints the agreement
// rate and the kinds of mismatch, grouped by the rule's matches and target. Not part of `npm test`: it needs the real
// iptables-translate (iptables ≥ 1.8, nf_tables), which CI lacks. The real answers are cached in
// $TMPDIR/nflab-translate-cache.json, so a second run takes seconds.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSession, type RuleTranslationView } from '../src/engine/index.ts';
import { tokenizeLine } from '../src/engine/parse/tokenize.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const SHARED = path.resolve(ROOT, '../shared');
const TOOL = process.env.IPTABLES_TRANSLATE ?? '/usr/sbin/iptables-translate';
const CACHE = path.join(os.tmpdir(), 'nflab-translate-cache.json');
const verbose = process.argv.includes('--verbose');
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt >= 0 ? process.argv[onlyAt + 1] : undefined;

/** A ruleset text and where it came from (`real-dumps/ugent.rules`, `scenario nat-gateway`, `libxt_LOG.t:4`). */
interface Source {
  name: string;
  text: string;
}

function realDumps(): Source[] {
  const dir = path.join(SHARED, 'real-dumps');
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.rules'))
    .sort()
    .map((f) => ({ name: `real-dumps/${f}`, text: fs.readFileSync(path.join(dir, f), 'utf8') }));
}

function scenarios(): Source[] {
  const dir = path.join(ROOT, 'src/scenarios');
  return fs
    .readdirSync(dir)
    .filter((d) => fs.existsSync(path.join(dir, d, 'rules.txt')))
    .sort()
    .map((d) => ({ name: `scenario ${d}`, text: fs.readFileSync(path.join(dir, d, 'rules.txt'), 'utf8') }));
}

/** The accepted (OK / NFT) IPv4 cases of iptables' extensions/*.t, each as a one-rule command script. */
function parserCases(): Source[] {
  const dir = path.join(SHARED, 'conformance/iptables-t');
  const out: Source[] = [];
  for (const file of fs.readdirSync(dir).sort()) {
    if (!file.endsWith('.t') || file.startsWith('libip6t_')) continue;
    let table = 'filter';
    let chain = 'INPUT';
    fs.readFileSync(path.join(dir, file), 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (line.startsWith('*')) table = line.slice(1).trim();
        else if (line.startsWith(':')) chain = line.slice(1).split(',')[0]!.trim();
        else if (line.trim() !== '' && !line.startsWith('#')) {
          const fields = line.split(';');
          const expected = fields.at(-1)!.trim();
          if (expected !== 'OK' && expected !== 'NFT') return;
          const rule = fields.slice(0, -2).join(';');
          out.push({ name: `${file}:${i + 1}`, text: `iptables -t ${table} -A ${chain} ${rule}\n` });
        }
      });
  }
  return out;
}

interface RealAnswer {
  ok: boolean;
  /** stdout's line, or stderr's first line when the tool failed. */
  text: string;
}

const cache: Record<string, RealAnswer> = fs.existsSync(CACHE) ? JSON.parse(fs.readFileSync(CACHE, 'utf8')) : {};
let asked = 0;

function realTranslate(table: string, rule: string): RealAnswer {
  const key = `${table}\t${rule}`;
  const hit = cache[key];
  if (hit) return hit;
  const argv = tokenizeLine(rule, false).tokens.map((t) => t.text);
  const r = spawnSync(...withSets(argv, ['-t', table, ...argv]), { encoding: 'utf8' });
  asked++;
  const answer: RealAnswer =
    r.status === 0
      ? { ok: true, text: r.stdout.replace(/\n$/, '') }
      : { ok: false, text: (r.stderr.split('\n')[0] ?? '').replace(/^iptables-translate v[^:]*: /, '') };
  cache[key] = answer;
  return answer;
}

const SET_OPTIONS = new Set(['--match-set', '--add-set', '--del-set', '--map-set']);

/**
 * The command that runs iptables-translate: for a rule naming ipsets (which it looks up in the kernel), inside a
 * throwaway network namespace (`unshare -n`, root only) where those sets are first created, three-dimensional so any
 * direction list fits; nothing outside that namespace is touched.
 */
function withSets(argv: string[], args: string[]): [string, string[]] {
  const sets = argv.filter((_, i) => SET_OPTIONS.has(argv[i - 1] ?? ''));
  if (sets.length === 0) return [TOOL, args];
  const create = [...new Set(sets)].map((name) => `ipset create '${name}' hash:ip,port,ip;`).join(' ');
  return ['unshare', ['-n', 'sh', '-c', `${create} exec "$0" "$@"`, TOOL, ...args]];
}

interface Outcome {
  source: string;
  table: string;
  view: RuleTranslationView;
  real: RealAnswer;
}

/** The rule's extensions as a group key: `-m tcp -m multiport -j LOG`. */
function extensionsOf(iptables: string): string {
  const argv = tokenizeLine(iptables, false).tokens.map((t) => t.text);
  const names: string[] = [];
  argv.forEach((w, i) => {
    if (w === '-m' || w === '--match') names.push(`-m ${argv[i + 1]}`);
    if (w === '-j' || w === '--jump') names.push(`-j ${/^[A-Z]+$/.test(argv[i + 1] ?? '') ? argv[i + 1] : 'chain'}`);
    if (w === '-g' || w === '--goto') names.push('-g chain');
  });
  return names.join(' ') || '(no extension)';
}

function kindOf(o: Outcome): string {
  if (!o.real.ok) return `real tool fails (${o.real.text.replace(/"[^"]*"|`[^']*'/g, '…')})`;
  const realRefuses = o.real.text.startsWith('nft #');
  const oursRefuses = !o.view.translated;
  if (realRefuses && !oursRefuses) return 'real says not translatable, ours translates';
  if (!realRefuses && oursRefuses) return `ours says not translatable (${o.view.untranslated.join(', ')})`;
  return realRefuses ? 'both not translatable, different text' : 'different translation';
}

function collect(): Outcome[] {
  const session = createSession({ keepRulesets: 1 });
  const sources = [...realDumps(), ...scenarios(), ...parserCases()].filter((s) => !only || s.name.includes(only));
  const outcomes: Outcome[] = [];
  let unparsed = 0;
  for (const source of sources) {
    const loaded = session.load({ text: source.text });
    if (!loaded.ok) unparsed++;
    // session.translate answers a window of at most TRANSLATION_PAGE_LIMIT rules: page through them all.
    for (let from = 0, total = 1; from < total;) {
      const window = session.translate({ rulesetId: loaded.rulesetId, from });
      if (!window || window.rules.length === 0) break;
      total = window.total;
      from += window.rules.length;
      for (const view of window.rules)
        outcomes.push({ source: source.name, table: view.table, view, real: realTranslate(view.table, view.iptables) });
    }
  }
  if (unparsed > 0) process.stdout.write(`${unparsed} sources had parse errors (their valid rules are compared)\n`);
  return outcomes;
}

function percent(n: number, of: number): string {
  return of === 0 ? '–' : `${((100 * n) / of).toFixed(2)}%`;
}

function report(outcomes: Outcome[]): void {
  const comparable = outcomes.filter((o) => o.real.ok);
  const agree = comparable.filter((o) => o.view.nft === o.real.text);
  const realRefused = comparable.filter((o) => o.real.text.startsWith('nft #')).length;
  process.stdout.write(
    `${outcomes.length} rules; the real tool failed on ${outcomes.length - comparable.length} (not compared)\n` +
      `agreement: ${agree.length} of ${comparable.length} (${percent(agree.length, comparable.length)}); ` +
      `the real tool could not translate ${realRefused}\n`,
  );
  const bySource = new Map<string, [number, number]>();
  for (const o of comparable) {
    const group = o.source.startsWith('real-dumps') ? o.source : o.source.split(/[ :]/)[0]!;
    const tally = bySource.get(group) ?? [0, 0];
    tally[1]++;
    if (o.view.nft === o.real.text) tally[0]++;
    bySource.set(group, tally);
  }
  for (const [name, [ok, all]] of bySource) process.stdout.write(`  ${name}: ${ok}/${all} (${percent(ok, all)})\n`);
  const groups = new Map<string, Outcome[]>();
  for (const o of outcomes) {
    if (o.real.ok && o.view.nft === o.real.text) continue;
    // A rule we refuse is grouped by the extensions we refuse; any other mismatch by all of the rule's extensions.
    const ours = o.real.ok && !o.view.translated && !o.real.text.startsWith('nft #');
    const key = ours ? kindOf(o) : `${extensionsOf(o.view.iptables)} — ${kindOf(o)}`;
    groups.set(key, [...(groups.get(key) ?? []), o]);
  }
  process.stdout.write(`\n${groups.size} kinds of mismatch:\n`);
  for (const [key, list] of [...groups].sort((a, b) => b[1].length - a[1].length)) {
    process.stdout.write(`\n[${list.length}] ${key}\n`);
    for (const o of verbose ? list : list.slice(0, 1))
      process.stdout.write(
        `  ${o.source} (${o.table})\n    rule: ${o.view.iptables}\n    ours: ${o.view.nft}\n    real: ${o.real.text}\n`,
      );
  }
}

const outcomes = collect();
if (asked > 0) fs.writeFileSync(CACHE, JSON.stringify(cache));
report(outcomes);
