// The tracer's entry point: walks the request's packets through its ruleset as the kernel does.
// Exploring mode replays the whole request once per combination of random draws and merges equal outcomes.
import type { Diagnostic } from '../model/types.ts';
import { parseRuleset } from '../parse/index.ts';
import { buildHost, type Host } from '../host/host.ts';
import { parseIpsets } from '../host/ipset.ts';
import { compileRuleset, type CompiledRuleset } from './compile.ts';
import { Tracer, type Origin, type TracerOptions } from './engine.ts';
import { packetFromSpec } from './packet.ts';
import { ExploreChooser, replayChooser, type Chooser } from './random.ts';
import type { Outcome, PacketSpec, TraceRequest, TraceResponse, TraceResult } from './types.ts';
import type { Packet } from '../model/packet.ts';
import { parseIpvs, type ParsedIpvs } from '../ipvs/parse.ts';
import { IpvsTable } from '../ipvs/table.ts';
import { ipvsShares } from '../ipvs/shares.ts';

export { tablesAtHook, HOOK_PRIORITY } from './hooks.ts';
export { Tracer } from './engine.ts';
export { compileRuleset } from './compile.ts';

/** At most this many runs in explore mode (each random rule at most doubles them). */
const MAX_EXPLORE_RUNS = 4096;
const DEFAULT_MAX_EVALUATIONS = 100_000;

/** The last ruleset parsed, kept so a UI or a batch re-tracing the same rules does not parse them again. */
let cache:
  | {
      text: string;
      ipsets: string;
      compiled: CompiledRuleset;
      diagnostics: Diagnostic[];
      errors: Diagnostic[] | undefined;
    }
  | undefined;

function prepareRules(text: string, ipsetNames: string[], ipsetsText: string) {
  if (cache && cache.text === text && cache.ipsets === ipsetsText) return cache;
  const parsed = parseRuleset(text, ipsetNames.length ? { ipsets: ipsetNames } : {});
  const errors = parsed.rejected ? parsed.diagnostics.filter((d) => d.severity === 'error') : undefined;
  cache = {
    text,
    ipsets: ipsetsText,
    compiled: compileRuleset(parsed.ruleset),
    diagnostics: parsed.diagnostics,
    errors,
  };
  return cache;
}

interface Prepared {
  compiled: CompiledRuleset;
  host: Host;
  /** `ipset save` text: each replay builds its own sets, since the SET target may change them. */
  ipsetsText: string | undefined;
  /** The parsed IPVS configuration: each replay starts its own table (connections, scheduler state). */
  ipvs: ParsedIpvs | undefined;
  packets: { pkt: Packet; origin: Origin; at: number }[];
  diagnostics: Diagnostic[];
  opts: TracerOptions;
}

function prepare(req: TraceRequest): { ok: true; prepared: Prepared } | { ok: false; errors: Diagnostic[] } {
  const { host, diagnostics: hostDiags } = buildHost(req.host);
  const { sets, diagnostics: setDiags } = parseIpsets(req.ipsets);
  const rules = prepareRules(req.rules ?? '', [...sets.keys()], req.ipsets ?? '');
  if (rules.errors) return { ok: false, errors: rules.errors };
  const ipvs = req.ipvs?.trim() ? parseIpvs(req.ipvs) : undefined;
  const errors: Diagnostic[] = [...hostDiags, ...setDiags, ...(ipvs?.diagnostics ?? [])];
  const packets: Prepared['packets'] = [];
  let at = 0;
  (req.packets ?? []).forEach((spec: PacketSpec, i) => {
    const read = packetFromSpec(spec, i);
    if (!read.pkt) {
      errors.push(...read.diagnostics);
      return;
    }
    if (spec.in !== undefined && !spec.local && !host.interfaces.has(spec.in)) {
      errors.push({
        line: 0,
        col: 0,
        severity: 'error',
        message: `Packet ${i + 1}: the host has no interface ${spec.in}.`,
        code: 'bad-packet',
      });
      return;
    }
    at = spec.at ?? at;
    const origin: Origin = { inIface: spec.local ? undefined : spec.in, local: spec.local === true };
    if (spec.uid !== undefined) origin.uid = spec.uid;
    if (spec.gid !== undefined) origin.gid = spec.gid;
    packets.push({ pkt: read.pkt, origin, at });
  });
  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    prepared: {
      compiled: rules.compiled,
      host,
      ipsetsText: req.ipsets,
      ipvs,
      packets,
      diagnostics: rules.diagnostics,
      opts: { detail: req.detail ?? 'full', maxRuleEvaluations: req.maxRuleEvaluations ?? DEFAULT_MAX_EVALUATIONS },
    },
  };
}

function replay(p: Prepared, chooser: Chooser): TraceResult[] {
  const tracer = new Tracer(p.compiled, p.host, parseIpsets(p.ipsetsText).sets, chooser, p.opts);
  if (p.ipvs) tracer.ipvs = new IpvsTable(p.ipvs);
  return p.packets.map(({ pkt, origin, at }) => {
    tracer.now = at;
    return tracer.trace(pkt, origin);
  });
}

function outcomeKey(r: TraceResult): string {
  return `${r.fate}|${r.outIface}|${JSON.stringify(r.packet)}`;
}

/** Every combination of random draws, depth first; outcomes of the request's last packet merged by fate, exit and packet. */
function explore(p: Prepared): { outcomes: Outcome[]; diagnostics: Diagnostic[] } {
  const pending: boolean[][] = [[]];
  const merged = new Map<string, Outcome>();
  let runs = 0;
  while (pending.length > 0) {
    if (runs++ >= MAX_EXPLORE_RUNS) {
      return {
        outcomes: [...merged.values()],
        diagnostics: [
          {
            line: 0,
            col: 0,
            severity: 'warning',
            message: `Only the first ${MAX_EXPLORE_RUNS} random paths were explored.`,
            code: 'explore-limit',
          },
        ],
      };
    }
    const prefix = pending.pop()!;
    const chooser = new ExploreChooser(prefix);
    const results = replay(p, chooser);
    // Later branches are pushed last-first so the true branch of each draw is explored first.
    for (let i = chooser.pending.length - 1; i >= 0; i--) pending.push(chooser.pending[i]!);
    const last = results[results.length - 1];
    if (!last) continue;
    const key = outcomeKey(last);
    const seen = merged.get(key);
    if (seen) seen.probability += chooser.probability;
    else merged.set(key, { ...last, probability: chooser.probability });
  }
  return { outcomes: [...merged.values()], diagnostics: [] };
}

export function runTrace(req: TraceRequest): TraceResponse {
  try {
    return traceRequest(req);
  } catch (e) {
    // A bug of the lab must not take the UI or a batch down: it is reported like any refusal.
    const message = `The tracer failed on this request: ${e instanceof Error ? e.message : String(e)}`;
    return { ok: false, errors: [{ line: 0, col: 0, severity: 'error', message, code: 'internal' }] };
  }
}

function traceRequest(req: TraceRequest): TraceResponse {
  const prep = prepare(req);
  if (!prep.ok) return { ok: false, errors: prep.errors };
  const p = prep.prepared;
  if (req.explore) {
    const { outcomes, diagnostics } = explore(p);
    const all = [...p.diagnostics, ...diagnostics];
    return p.ipvs
      ? { ok: true, outcomes, diagnostics: all, ipvsShares: ipvsShares(new IpvsTable(p.ipvs)) }
      : { ok: true, outcomes, diagnostics: all };
  }
  return { ok: true, results: replay(p, replayChooser(req.seed ?? 1)), diagnostics: p.diagnostics };
}
