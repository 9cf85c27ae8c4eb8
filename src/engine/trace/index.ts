// The tracer's entry point: walks the request's packets through its ruleset as the kernel does.
// Exploring mode replays the whole request once per combination of random draws and merges equal outcomes.
import type { Diagnostic } from '../model/types.ts';
import { diag } from '../parse/messages.ts';
import { parseRuleset, type ParsedRuleset } from '../parse/index.ts';
import { buildHost, type Host } from '../host/host.ts';
import { parseIpsets } from '../host/ipset.ts';
import { compileRuleset, type CompiledRuleset } from './compile.ts';
import { Tracer, type Origin, type TracerOptions } from './engine.ts';
import { packetFromSpec } from './packet.ts';
import { ExploreChooser, replayChooser, type Chooser } from './random.ts';
import { plus, ratioText, type Ratio } from '../ext/ratio.ts';
import type { Outcome, PacketSpec, TraceRequest, TraceResponse, TraceResult } from './types.ts';
import type { Packet } from '../model/packet.ts';
import { isNftText, parseNft } from '../nft/index.ts';
import { nftProgram, type NftProgram } from '../nft/program.ts';
import { nftWalk } from './nftWalk.ts';
import { stepCount } from './stepLog.ts';
import { parseIpvs, type ParsedIpvs } from '../ipvs/parse.ts';
import { IpvsTable } from '../ipvs/table.ts';
import { ipvsShares } from '../ipvs/shares.ts';

export { tablesAtHook, HOOK_PRIORITY } from './hooks.ts';
export { Tracer } from './engine.ts';
export { compileRuleset } from './compile.ts';

/** At most this many runs in explore mode (each random rule at most doubles them). */
export const MAX_EXPLORE_RUNS = 4096;
export const DEFAULT_MAX_EVALUATIONS = 100_000;
/**
 * Packets are traced until their steps together pass this many (each packet is bounded by its rule evaluations, but
 * a link may carry 1,000 packets through 200,000 rules, and each step keeps a packet snapshot): the packets after that are not traced, and a warning says so.
 */
export const MAX_TRACE_STEPS = 250_000;

/** A ruleset parsed, validated and compiled once: what a session keeps under an id and traces many times. */
export interface PreparedRuleset {
  /** The `ipset save` text the rules were checked against (each trace builds its own sets from it). */
  readonly ipsets: string;
  readonly compiled: CompiledRuleset;
  /** The iptables part: the whole text, or the `iptablesRules` loaded before an nftables text. */
  readonly parsed: ParsedRuleset;
  /** The nftables part, when the text is nftables and `nft -f` would load it. */
  readonly nft: NftProgram | undefined;
  /** How many nftables tables, chains and rules the text holds (none for iptables text). */
  readonly nftCounts: { tables: number; chains: number; rules: number };
  /** Every diagnostic, iptables' then nft's. */
  readonly diagnostics: Diagnostic[];
  /** The errors that make iptables-restore (or nft -f) refuse the text; undefined when it loads. */
  readonly errors: Diagnostic[] | undefined;
}

/**
 * Parses `text` (checking set names against `ipsetsText`) and compiles it for walking. nftables text is read by the
 * nft parser, with an iptables dump given beside it (`iptablesText`, as iptables-nft-restore loads it) read first.
 * Never throws.
 */
export function prepareRuleset(text: string, ipsetsText = '', iptablesText?: string): PreparedRuleset {
  const names = [...parseIpsets(ipsetsText).sets.keys()];
  const nftText = isNftText(text) ? text : undefined;
  const iptables = nftText !== undefined ? (iptablesText ?? '') : text;
  const parsed = parseRuleset(iptables, names.length ? { ipsets: names } : {});
  let errors = parsed.rejected ? parsed.diagnostics.filter((d) => d.severity === 'error') : undefined;
  const diagnostics = [...parsed.diagnostics];
  let nft: NftProgram | undefined;
  let nftCounts = { tables: 0, chains: 0, rules: 0 };
  if (nftText !== undefined) {
    const n = parseNft(nftText);
    nftCounts = n.summary;
    diagnostics.push(...n.diagnostics);
    if (n.rejected) errors ??= n.diagnostics.filter((d) => d.severity === 'error');
    else nft = nftProgram(n.ruleset);
  }
  // Compiled on the first trace: a session that only checks or saves the rules (the CLI) never pays for it.
  let compiled: CompiledRuleset | undefined;
  return {
    ipsets: ipsetsText,
    get compiled() {
      return (compiled ??= compileRuleset(parsed.ruleset));
    },
    parsed,
    nft,
    nftCounts,
    diagnostics,
    errors,
  };
}

/** The last ruleset parsed by runTrace, kept so a batch re-tracing the same rules does not parse them again. */
let lastPrepared: { key: string; prepared: PreparedRuleset } | undefined;

function preparedFor(text: string, ipsetsText: string, iptablesText: string | undefined): PreparedRuleset {
  const key = `${text}\u0000${iptablesText ?? ''}`;
  if (lastPrepared && lastPrepared.key === key && lastPrepared.prepared.ipsets === ipsetsText)
    return lastPrepared.prepared;
  const prepared = prepareRuleset(text, ipsetsText, iptablesText);
  lastPrepared = { key, prepared };
  return prepared;
}

/** A trace request without its rules: the rules come prepared (a session traces a kept ruleset by its id). */
export type TraceOptions = Omit<TraceRequest, 'rules' | 'ipsets' | 'iptablesRules'>;

interface Prepared {
  compiled: CompiledRuleset;
  nft: NftProgram | undefined;
  host: Host;
  /** `ipset save` text: each replay builds its own sets, since the SET target may change them. */
  ipsetsText: string | undefined;
  /** The parsed IPVS configuration: each replay starts its own table (connections, scheduler state). */
  ipvs: ParsedIpvs | undefined;
  packets: { pkt: Packet; origin: Origin; at: number }[];
  diagnostics: Diagnostic[];
  opts: TracerOptions;
  maxSteps: number;
}

function prepare(
  rules: PreparedRuleset,
  req: TraceOptions,
): { ok: true; prepared: Prepared } | { ok: false; errors: Diagnostic[] } {
  if (rules.errors) return { ok: false, errors: rules.errors };
  const { host, diagnostics: hostDiags } = buildHost(req.host);
  const { diagnostics: setDiags } = parseIpsets(rules.ipsets);
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
    if (spec.socket === false) origin.socket = 'none';
    else if (spec.socket === 'kernel') origin.socket = 'kernel';
    packets.push({ pkt: read.pkt, origin, at });
  });
  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    prepared: {
      compiled: rules.compiled,
      nft: rules.nft,
      host,
      ipsetsText: rules.ipsets,
      ipvs,
      packets,
      diagnostics: rules.diagnostics,
      opts: { detail: req.detail ?? 'full', maxRuleEvaluations: req.maxRuleEvaluations ?? DEFAULT_MAX_EVALUATIONS },
      maxSteps: req.maxTraceSteps ?? MAX_TRACE_STEPS,
    },
  };
}

/**
 * The work of a trace, as a generator that yields between units (a packet, an explore run): a sync caller runs it
 * to the end, an async one (a session in a worker) yields to its event loop there, so a cancel can get in.
 */
type Work<T> = Generator<void, T, void>;

function stepsOf(result: TraceResult): number {
  return stepCount(result) + (result.reply ? stepsOf(result.reply) : 0);
}

function tracerOf(p: Prepared, chooser: Chooser): Tracer {
  const tracer = new Tracer(p.compiled, p.host, parseIpsets(p.ipsetsText).sets, chooser, p.opts, p.nft);
  if (p.ipvs) tracer.ipvs = new IpvsTable(p.ipvs);
  return tracer;
}

/** A tracer for a request's host, sets and IPVS, and its packets read: for callers that feed packets themselves. */
export type StartedTracer =
  { ok: true; tracer: Tracer; packets: Prepared['packets'] } | { ok: false; errors: Diagnostic[] };

/** Sets up a tracer as a trace request would (never throws; bad packets or host come back as errors). */
export function startTracer(rules: PreparedRuleset, req: TraceOptions, chooser: Chooser): StartedTracer {
  const prep = prepare(rules, req);
  if (!prep.ok) return prep;
  return { ok: true, tracer: tracerOf(prep.prepared, chooser), packets: prep.prepared.packets };
}

/** The request's packets through one sequence of random draws; stops early past the request's step budget. */
function* replay(p: Prepared, chooser: Chooser): Work<TraceResult[]> {
  const tracer = tracerOf(p, chooser);
  const results: TraceResult[] = [];
  let steps = 0;
  for (const { pkt, origin, at } of p.packets) {
    if (steps > p.maxSteps) break;
    tracer.now = at;
    const result = tracer.trace(pkt, origin);
    steps += stepsOf(result);
    results.push(p.nft ? nftWalk(result) : result);
    yield;
  }
  return results;
}

/** The warning of a trace cut short by MAX_TRACE_STEPS (none when every packet was traced). */
function cutShort(traced: number, p: Prepared): Diagnostic[] {
  const packets = p.packets.length;
  if (traced >= packets) return [];
  return [diag('warning', 'trace-cut', { line: 0, col: 0 }, { traced, packets, max: p.maxSteps })];
}

/** Outcomes are merged by fate, exit and packet; with nftables also by walk (which verdict-map branch was taken). */
function outcomeKey(r: TraceResult, withWalk: boolean): string {
  return `${r.fate}|${r.outIface}|${JSON.stringify(r.packet)}${withWalk ? JSON.stringify(r.walk) : ''}`;
}

/** An outcome while exploring: its exact probability as a fraction too, when every draw on its paths had one. */
type Merging = Outcome & { ratio: Ratio | undefined };

function withFraction({ ratio, ...outcome }: Merging): Outcome {
  return ratio ? { ...outcome, fraction: ratioText(ratio) } : outcome;
}

/** Every combination of random draws, depth first; outcomes of the request's last packet merged by fate, exit and packet. */
function* explore(p: Prepared): Work<{ outcomes: Outcome[]; diagnostics: Diagnostic[] }> {
  const pending: boolean[][] = [[]];
  const merged = new Map<string, Merging>();
  let runs = 0;
  while (pending.length > 0) {
    if (runs++ >= MAX_EXPLORE_RUNS) {
      return {
        outcomes: [...merged.values()].map(withFraction),
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
    const results = yield* replay(p, chooser);
    // Later branches are pushed last-first so the true branch of each draw is explored first.
    for (let i = chooser.pending.length - 1; i >= 0; i--) pending.push(chooser.pending[i]!);
    const last = results[results.length - 1];
    if (!last) continue;
    const key = outcomeKey(last, p.nft !== undefined);
    const seen = merged.get(key);
    if (seen) {
      seen.probability += chooser.probability;
      seen.ratio = seen.ratio && chooser.ratio ? plus(seen.ratio, chooser.ratio) : undefined;
    } else merged.set(key, { ...last, probability: chooser.probability, ratio: chooser.ratio });
  }
  return { outcomes: [...merged.values()].map(withFraction), diagnostics: [] };
}

/** How an async caller drives a trace: yield to the event loop now and then, and stop when cancelled. */
export interface TraceControl {
  /** Called between units of work; may throw (a cancelled call) to stop the trace there. */
  checkpoint(): Promise<void>;
}

function* traceWork(rules: PreparedRuleset, req: TraceOptions): Work<TraceResponse> {
  const prep = prepare(rules, req);
  if (!prep.ok) return { ok: false, errors: prep.errors };
  const p = prep.prepared;
  if (req.explore) {
    const { outcomes, diagnostics } = yield* explore(p);
    const all = [...p.diagnostics, ...diagnostics];
    return p.ipvs
      ? { ok: true, outcomes, diagnostics: all, ipvsShares: ipvsShares(new IpvsTable(p.ipvs)) }
      : { ok: true, outcomes, diagnostics: all };
  }
  const results = yield* replay(p, replayChooser(req.seed ?? 1));
  return { ok: true, results, diagnostics: [...p.diagnostics, ...cutShort(results.length, p)] };
}

function internalError(e: unknown): TraceResponse {
  // A bug of the lab must not take the UI or a batch down: it is reported like any refusal.
  const message = `The tracer failed on this request: ${e instanceof Error ? e.message : String(e)}`;
  return { ok: false, errors: [{ line: 0, col: 0, severity: 'error', message, code: 'internal' }] };
}

/** Traces the packets of `req` through a prepared ruleset, to the end. */
export function tracePrepared(rules: PreparedRuleset, req: TraceOptions): TraceResponse {
  try {
    const work = traceWork(rules, req);
    for (;;) {
      const next = work.next();
      if (next.done) return next.value;
    }
  } catch (e) {
    return internalError(e);
  }
}

/** tracePrepared for an async caller: `control.checkpoint()` runs between packets (and explore runs). */
export async function tracePreparedAsync(
  rules: PreparedRuleset,
  req: TraceOptions,
  control: TraceControl,
): Promise<TraceResponse> {
  let work: Work<TraceResponse>;
  try {
    work = traceWork(rules, req);
  } catch (e) {
    return internalError(e);
  }
  for (;;) {
    let next: IteratorResult<void, TraceResponse>;
    try {
      next = work.next();
    } catch (e) {
      return internalError(e);
    }
    if (next.done) return next.value;
    // A cancel thrown here is the caller's, not the tracer's: it propagates.
    await control.checkpoint();
  }
}

/** Parses (or reuses the last parse of) `req.rules` and traces its packets: the CLI's and the batch's entry. */
export function runTrace(req: TraceRequest): TraceResponse {
  return tracePrepared(preparedFor(req.rules ?? '', req.ipsets ?? '', req.iptablesRules), req);
}
