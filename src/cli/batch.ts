// `nflab batch`: one JSON request per line on stdin, one JSON response per line on stdout, in order
// (the contract in ../shared/conformance/README.md). Never dies on a bad request; nothing else goes to stdout.
import readline from 'node:readline';
import {
  createSession,
  isIpvsText,
  isNftText,
  parseIpsets,
  parseRuleset,
  splitIpvsBundle,
  type TraceOptions,
} from '../engine/index.ts';
import { checkResponse, usageError } from './check.ts';
import { saveBundle, savedResponse, saveResponse } from './save.ts';

type Json = Record<string, unknown>;

const refuse = (id: unknown, message: string): Json => ({ id, ok: false, errors: [{ line: 0, col: 0, message }] });

/** The engine session the batch traces with: a ruleset sent again (the runner's usual way) is parsed once. */
const session = createSession();
const loaded = new Map<string, number>();

function rulesetOf(rules: string, ipsets: string | undefined, iptablesRules: string | undefined): number {
  const key = JSON.stringify([rules, ipsets ?? '', iptablesRules ?? '']);
  const known = loaded.get(key);
  if (known !== undefined && session.held({}).includes(known)) return known;
  const { rulesetId } = session.load({
    text: rules,
    ...(ipsets ? { ipsets } : {}),
    ...(iptablesRules ? { iptablesRules } : {}),
  });
  loaded.set(key, rulesetId);
  return rulesetId;
}

async function traceAnswer(r: Json, rules: string, iptablesRules: string | undefined): Promise<Json> {
  const { id: _id, op: _op, rules: _rules, ipsets, iptablesRules: _ipt, ...options } = r;
  const rulesetId = rulesetOf(rules, typeof ipsets === 'string' ? ipsets : undefined, iptablesRules);
  const head = await session.trace({ ...(options as TraceOptions), rulesetId, chunk: Number.POSITIVE_INFINITY });
  return head.response as unknown as Json;
}

export async function answer(line: string): Promise<Json> {
  let req: unknown;
  try {
    req = JSON.parse(line);
  } catch {
    return refuse(null, 'The request is not valid JSON.');
  }
  if (typeof req !== 'object' || req === null || Array.isArray(req))
    return refuse(null, 'The request must be a JSON object.');
  const r = req as Json;
  const id = r.id ?? null;
  try {
    if (typeof r.rules !== 'string') return refuse(id, 'The request needs "rules": the ruleset text.');
    // iptables refuses `-m set`/`-j SET` naming a set that does not exist: the sets are the request's "ipsets"
    // (`ipset save` text), none when absent.
    const ipsetText = typeof r.ipsets === 'string' ? r.ipsets : '';
    const iptablesRules = typeof r.iptablesRules === 'string' ? r.iptablesRules : undefined;
    switch (r.op) {
      case 'check':
        return { id, ...checkAnswer(r.rules, ipsetText, iptablesRules) };
      case 'save': {
        // A gen-kube --mode ipvs file: every section saved under its header, as `nflab save` does (its first
        // section alone would read as IPVS text and its ipset lines be refused).
        const bundle = splitIpvsBundle(r.rules);
        if (bundle) return { id, ...savedResponse(saveBundle(bundle, r.counters === true)) };
        if (isIpvsText(r.rules)) return { id, ...savedResponse(session.save({ ipvs: r.rules })!) };
        if (isNftText(r.rules)) {
          const rulesetId = rulesetOf(r.rules, ipsetText || undefined, undefined);
          return { id, ...savedResponse(session.save({ rulesetId })!) };
        }
        return {
          id,
          ...saveResponse(
            parseRuleset(r.rules, { ipsets: [...parseIpsets(ipsetText).sets.keys()] }),
            r.counters === true,
          ),
        };
      }
      case 'trace':
        if (!Array.isArray(r.packets)) return refuse(id, 'A trace request needs "packets": an array of packets.');
        return { id, ...(await traceAnswer(r, r.rules, iptablesRules)) };
      default:
        return refuse(id, `Unknown op ${JSON.stringify(r.op)}: use check, save or trace.`);
    }
  } catch (e) {
    return refuse(id, `The engine failed on this request: ${e instanceof Error ? e.message : String(e)}`);
  }
}

const BATCH_USAGE = `usage: nflab batch
  Reads JSON requests on standard input, one a line ({"id":…,"op":"check"|"save"|"trace","rules":…}),
  and writes one JSON response a line on standard output, in order (../shared/conformance/README.md).
`;

export async function batchCommand(argv: string[] = []): Promise<number> {
  if (argv.length > 0) {
    if (!argv.includes('--help') && !argv.includes('-h')) {
      process.stderr.write(usageError(BATCH_USAGE, `unexpected argument ${argv[0]}`));
      return 2;
    }
    process.stdout.write(BATCH_USAGE);
    return 0;
  }
  // Anything a module logs must not corrupt the response stream.
  console.log = console.error;
  console.info = console.error;
  console.warn = console.error;
  const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of rl) {
    if (line.trim() === '') continue;
    const text = JSON.stringify(await answer(line)) + '\n';
    if (!process.stdout.write(text))
      await new Promise<void>((resolve) => process.stdout.once('drain', () => resolve()));
  }
  return 0;
}

/** A check through the session; with nftables text, its `iptablesRules` dump first (loaded before it, as on a host). */
function checkAnswer(rules: string, ipsets: string, iptablesRules: string | undefined): Record<string, unknown> {
  if (isNftText(rules) && iptablesRules !== undefined) {
    const ipt = checkResponse(session.check({ text: iptablesRules, ipsets }));
    if (ipt.ok === false) return ipt;
  }
  return checkResponse(session.check({ text: rules, ipsets }));
}
