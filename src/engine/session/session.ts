// One engine session: rulesets are parsed, validated and compiled once and kept under an id; every later call
// (trace, explore, chain pages, save, hook outline) names the ruleset by that id, so a big dump crosses to the
// worker and is parsed once. The worker exposes exactly this object; the CLI and tests use it in-process.
// Every method takes one plain request object (and an optional CallContext) and answers plain JSON.
import type { Diagnostic, TableName } from '../model/types.ts';
import { printRuleset as printNftRuleset } from '../nft/index.ts';
import { nftJsonSave } from './nftJsonSave.ts';
import { saveRuleset } from '../parse/index.ts';
import { prepareRuleset, tracePreparedAsync, type PreparedRuleset, type TraceOptions } from '../trace/index.ts';
import type { TraceResult } from '../trace/types.ts';
import { chunkOf, headOf, runsOfResponse } from './chunks.ts';
import { checkpointFor, type CallContext, type SessionHost } from './context.ts';
import { scalePointPhases, scaleSteps, type ScalePoint, type ScaleRequest } from '../scale/index.ts';
import { batchWork, MAX_BATCH, type BatchOptions, type BatchResult } from '../batch/index.ts';
import { chainPageOf, hooksOf, outlineOf, summaryOf } from './outline.ts';
import { nftChainOf } from './nftOutline.ts';
import { clipDiagnostics } from './clip.ts';
import { findChains, type ChainSearchRequest, type ChainSearchResult } from './findChains.ts';
import type { ChainPage, HookOutline, LoadResult, NftChainView, SaveResult, TableOrder, TraceHead } from './types.ts';
import type { TranslationPage, TranslationRequest } from './types.ts';
import { translationPageOf } from './translatePage.ts';
import { checkRules, type CheckRequest, type CheckResult } from './check.ts';
import { parseIpvs } from '../ipvs/parse.ts';
import { saveIpvs } from '../ipvs/save.ts';

/** The diagnostic code of a call that names a ruleset the session no longer holds (a restarted worker). */
export const UNKNOWN_RULESET = 'unknown-ruleset';

export interface SessionOptions extends SessionHost {
  /** A clock in milliseconds (performance.now) for the scale lab's timings; without it nothing is timed. */
  clock?: () => number;
  /** How many rulesets are kept; loading one more forgets the least recently used. */
  keepRulesets?: number;
  /** How many traces are kept for traceSteps (the current one, and the one before it still arriving). */
  keepTraces?: number;
}

export interface LoadRequest {
  /** An iptables-save dump, iptables commands, `iptables -S` output, or nftables text. */
  text: string;
  /** With nftables text: an iptables-save dump loaded before it, as iptables-nft-restore would. */
  iptablesRules?: string;
  /** `ipset save` text: `-m set` and `-j SET` must name one of its sets. */
  ipsets?: string;
  tableOrder?: TableOrder;
}

export type TraceByIdRequest = TraceOptions & {
  rulesetId: number;
  /** Steps of each run in the answer; the rest come from traceSteps (default STEP_CHUNK; Infinity: all). */
  chunk?: number;
};

export type BatchRequest = BatchOptions & { rulesetId: number };

/** A held ruleset by its id, or IPVS text (held by no one: it comes with each trace). */
export type SaveRequest = { rulesetId: number; counters?: boolean; nftJson?: boolean } | { ipvs: string };

/** IPVS text as `ipvsadm-save -n` prints the table it builds; refused (ok false) when ipvsadm would refuse a line. */
function saveIpvsText(text: string): SaveResult {
  const { config, diagnostics } = parseIpvs(text);
  return { ok: !diagnostics.some((d) => d.severity === 'error'), text: saveIpvs(config), diagnostics };
}

/** A small least-recently-used map: reading an entry makes it the newest. */
class Recent<V> {
  private readonly map = new Map<number, V>();
  constructor(private readonly limit: number) {}
  get(id: number): V | undefined {
    const v = this.map.get(id);
    if (v !== undefined) {
      this.map.delete(id);
      this.map.set(id, v);
    }
    return v;
  }
  set(id: number, v: V): void {
    this.map.set(id, v);
    for (const key of this.map.keys()) if (this.map.size > this.limit) this.map.delete(key);
  }
  delete(id: number): void {
    this.map.delete(id);
  }
  ids(): number[] {
    return [...this.map.keys()];
  }
}

function unknownRulesetError(rulesetId: number): Diagnostic {
  const message = `The engine no longer holds ruleset ${rulesetId}: load it again.`;
  return { line: 0, col: 0, severity: 'error', message, code: UNKNOWN_RULESET };
}

function unknownRuleset(rulesetId: number): TraceHead {
  return { traceId: 0, response: { ok: false, errors: [unknownRulesetError(rulesetId)] }, totals: [], replies: [] };
}

export function createSession(opts: SessionOptions = {}) {
  const rulesets = new Recent<PreparedRuleset>(opts.keepRulesets ?? 4);
  const traces = new Recent<TraceResult[]>(opts.keepTraces ?? 2);
  let nextId = 1;

  const session = {
    /** Parses, validates and compiles a ruleset, and keeps it under the returned id. */
    load(req: LoadRequest, _ctx?: CallContext): LoadResult {
      const prepared = prepareRuleset(req.text, req.ipsets ?? '', req.iptablesRules);
      const rulesetId = nextId++;
      rulesets.set(rulesetId, prepared);
      const { ruleset } = prepared.parsed;
      // The iptables part's diagnostics and then nft's: a refused nftables text is refused here too, with its line
      // and column (the editor marks them, the status line names nft).
      return {
        rulesetId,
        ok: prepared.errors === undefined,
        diagnostics: clipDiagnostics(prepared.diagnostics),
        summary: summaryOf(ruleset, prepared.nftCounts),
        outline: outlineOf(ruleset),
        hooks: hooksOf(ruleset, req.tableOrder ?? 'nft', prepared.nft),
      };
    },

    /** Would the kernel's tools take this text? Every diagnostic, and nothing held (`nflab check`). */
    check(req: CheckRequest, _ctx?: CallContext): CheckResult {
      return checkRules(req);
    },

    /** Forgets a ruleset (the lab keeps only the current one, the CLI one per file). */
    release(req: { rulesetId: number }, _ctx?: CallContext): boolean {
      const had = rulesets.get(req.rulesetId) !== undefined;
      rulesets.delete(req.rulesetId);
      return had;
    },

    /** The ids of the rulesets held, oldest first (a restarted worker holds none). */
    held(_req: Record<string, never>, _ctx?: CallContext): number[] {
      return rulesets.ids();
    },

    /** The stops at each hook in kernel order, for a table order (legacy iptables puts security before nat). */
    hooks(req: { rulesetId: number; tableOrder: TableOrder }, _ctx?: CallContext): HookOutline[] | null {
      const prepared = rulesets.get(req.rulesetId);
      return prepared ? hooksOf(prepared.parsed.ruleset, req.tableOrder, prepared.nft) : null;
    },

    /**
     * Traces packets through a held ruleset. Answers the first chunk of each run's steps and the totals; the
     * rest comes from traceSteps. A cancelled call stops between packets (or explore runs) and rejects.
     */
    async trace(req: TraceByIdRequest, ctx?: CallContext): Promise<TraceHead> {
      const { rulesetId, chunk, ...options } = req;
      const prepared = rulesets.get(rulesetId);
      if (!prepared) return unknownRuleset(rulesetId);
      const checkpoint = checkpointFor(opts, ctx);
      let done = 0;
      const total = options.explore ? 0 : (options.packets?.length ?? 0);
      const response = await tracePreparedAsync(prepared, options, {
        checkpoint: async () => {
          done += 1;
          ctx?.progress?.(done, total);
          await checkpoint();
        },
      });
      const traceId = nextId++;
      traces.set(traceId, runsOfResponse(response));
      const head = headOf(traceId, response, chunk);
      const r = head.response;
      // A refused ruleset answers with every error it has: the user interface gets a bounded list.
      if (!r.ok) return { ...head, response: { ...r, errors: clipDiagnostics(r.errors) } };
      return { ...head, response: { ...r, diagnostics: clipDiagnostics(r.diagnostics) } };
    },

    /**
     * The scale lab: per kube-proxy mode and number of services, what a packet costs (rules walked, hash lookups,
     * engine time) and what one endpoint change rewrites. One point at a time; progress (in points, a fraction while
     * one is computed) and a cancel between its chunks (each generation, comparison, load and trace).
     */
    async scale(req: ScaleRequest, ctx?: CallContext): Promise<ScalePoint[]> {
      const checkpoint = checkpointFor(opts, ctx);
      const steps = scaleSteps(req);
      const points: ScalePoint[] = [];
      for (const { mode, n } of steps) {
        const phases = scalePointPhases(mode, n, req.endpoints ?? 3, req.repeats ?? 5, opts.clock);
        let step = phases.next();
        for (; !step.done; step = phases.next()) {
          // The point's last chunk reads just under one: the bar reaches the next point when it is pushed.
          ctx?.progress?.(points.length + Math.min(step.value, 0.99), steps.length);
          await checkpoint();
        }
        points.push(step.value);
        ctx?.progress?.(points.length, steps.length);
        await checkpoint();
      }
      return points;
    },

    /**
     * A traffic batch: `count` packets or new connections from a template through a held ruleset, tallied per fate,
     * endpoint and interface, with what they added to the counters. Progress per chunk; a cancel stops it there.
     */
    async batch(req: BatchRequest, ctx?: CallContext): Promise<BatchResult> {
      const { rulesetId, ...options } = req;
      const prepared = rulesets.get(rulesetId);
      if (!prepared) return { ok: false, errors: [unknownRulesetError(rulesetId)] };
      const checkpoint = checkpointFor(opts, ctx);
      const total = Math.max(0, Math.min(MAX_BATCH, Math.floor(options.count)));
      const work = batchWork(prepared, options);
      for (;;) {
        let next: IteratorResult<number, BatchResult>;
        try {
          next = work.next();
        } catch (e) {
          // A bug of the lab is reported like a refusal, never taking the worker down.
          const message = `The batch failed: ${e instanceof Error ? e.message : String(e)}`;
          return { ok: false, errors: [{ line: 0, col: 0, severity: 'error', message, code: 'internal' }] };
        }
        if (next.done) {
          ctx?.progress?.(total, total);
          return next.value;
        }
        ctx?.progress?.(next.value, total);
        await checkpoint();
      }
    },

    /** Steps `from`..`to` of one run of a kept trace; null when the session no longer holds it. */
    traceSteps(req: { traceId: number; run: number; from: number; to: number }, _ctx?: CallContext) {
      const run = traces.get(req.traceId)?.[req.run];
      return run ? chunkOf(run, req.from, req.to) : null;
    },

    /** A window of one chain's rules (a kube-proxy chain may hold 10,000); null for an unknown ruleset. */
    chainPage(
      req: { rulesetId: number; table: TableName; chain: string; from: number; to: number },
      _ctx?: CallContext,
    ): ChainPage | null {
      const prepared = rulesets.get(req.rulesetId);
      return prepared ? chainPageOf(prepared.parsed.ruleset, req.table, req.chain, req.from, req.to) : null;
    },

    /** A native nftables chain's rules, printed as nft prints them; null for an unknown ruleset or chain. */
    nftChain(
      req: { rulesetId: number; family: string; table: string; chain: string },
      _ctx?: CallContext,
    ): NftChainView | null {
      const nft = rulesets.get(req.rulesetId)?.nft;
      return nft ? nftChainOf(nft.ruleset, req.family, req.table, req.chain) : null;
    },

    /** iptables rules beside the nftables rules iptables-nft stores (iptables-translate); null for an unknown ruleset. */
    translate(req: TranslationRequest & { rulesetId: number }, _ctx?: CallContext): TranslationPage | null {
      const prepared = rulesets.get(req.rulesetId);
      return prepared ? translationPageOf(prepared.parsed.ruleset, req) : null;
    },

    /** The chains whose name, or a comment on their rules or on a rule jumping to them, holds the query. */
    findChains(req: ChainSearchRequest & { rulesetId: number }, _ctx?: CallContext): ChainSearchResult | null {
      const prepared = rulesets.get(req.rulesetId);
      return prepared ? findChains(prepared.parsed.ruleset, req) : null;
    },

    /**
     * The ruleset in its canonical form: iptables-save's (`counters`: with `[packets:bytes]`, as -c), or
     * `nft list ruleset`'s for nftables; with `nftJson`, an nftables ruleset as `nft -j list ruleset` prints it
     * (iptables rules have no such form: null, as for an unknown id). IPVS text (`ipvsadm-save -n` or an
     * `ipvsadm -Ln` listing) is not held, it travels with each trace: `{ ipvs }` saves it as `ipvsadm-save -n`.
     */
    save(req: SaveRequest, _ctx?: CallContext): SaveResult | null {
      if ('ipvs' in req) return saveIpvsText(req.ipvs);
      const prepared = rulesets.get(req.rulesetId);
      if (!prepared) return null;
      const { nft, diagnostics, errors } = prepared;
      if (req.nftJson) {
        if (nft) return nftJsonSave(nft.ruleset, errors === undefined, diagnostics);
        // A refused ruleset has nothing to list: its errors are the answer (no model to write).
        return errors === undefined ? null : { ok: false, text: '', diagnostics };
      }
      const text = nft
        ? printNftRuleset(nft.ruleset)
        : saveRuleset(prepared.parsed.ruleset, { counters: req.counters === true });
      return { ok: errors === undefined, text, diagnostics };
    },
  };
  return session;
}

/** The session's type: the worker's API is derived from it, never written by hand. */
export type EngineSession = ReturnType<typeof createSession>;
export type SessionMethod = keyof EngineSession;
