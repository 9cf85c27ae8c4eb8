// The steps of a 'full' trace, explained when they are read. A packet to the last service of a 10,000-service
// kube-proxy dump fails the header test (-d, -p, -i…) of ~10,000 KUBE-SERVICES rules: building an explained step
// object for each one cost ~20 ms per trace, most of it garbage collection of objects that live until the trace is
// read. Such rules are logged as one shared record per unbroken series (the chain, where the series starts, the
// packet as it was); their steps are built only when someone reads them — the session per chunk it sends, anyone
// else on the first read of `steps`. The steps read are the same objects as before, field for field.
import type { Packet } from '../model/packet.ts';
import { genericSteps } from '../match/generic.ts';
import { saveRule } from '../parse/index.ts';
import type { CompiledChain, CompiledRule } from './compile.ts';
import type { StepBase, TraceResult, TraceStep } from './types.ts';

type RuleStep = Extract<TraceStep, { kind: 'rule' }>;

/** Rules of one chain, one after the other, that failed their header test, with the step fields they share. */
export class HeaderMisses {
  constructor(
    readonly chain: CompiledChain,
    /** Position in the chain of the first rule of the series. */
    readonly firstRule: number,
    /** Index in the log of its first step. */
    readonly firstStep: number,
    readonly base: StepBase,
    /** The packet as these rules saw it (a copy: later targets rewrite the live one). */
    readonly pkt: Packet,
    readonly inIface: string | undefined,
    readonly outIface: string | undefined,
  ) {}

  /** Is rule `rulePos` of `chain`, logged at `at`, the next one of this series? */
  follows(chain: CompiledChain, rulePos: number, at: number): boolean {
    return chain === this.chain && rulePos - this.firstRule === at - this.firstStep;
  }

  /** The rule step of log entry `at`, as the tracer used to build it: its header tests up to the failing one. */
  step(at: number): RuleStep {
    const { chain, base } = this;
    const r = chain.rules[this.firstRule + at - this.firstStep]!;
    // Field by field rather than `...base`: a spread followed by more fields makes a slower, bigger object.
    return {
      kind: 'rule',
      hook: base.hook,
      stage: base.stage,
      stack: base.stack,
      packet: base.packet,
      ct: base.ct,
      table: chain.table,
      chain: chain.name,
      index: r.index,
      ruleId: r.rule.id,
      text: ruleText(r),
      matches: genericSteps(r.rule, this.pkt, this.inIface, this.outIface),
      matched: false,
      trace: `${chain.table}:${chain.name}:rule:${r.index}`,
    };
  }
}

/** A log entry: a step built as it happened, or one rule of a series of header misses (built when read). */
export type LogEntry = TraceStep | HeaderMisses;

/** The rule as iptables-save prints it, computed once per compiled rule. */
export function ruleText(r: CompiledRule): string {
  return (r.text ??= saveRule(r.rule));
}

function stepAt(log: readonly LogEntry[], at: number): TraceStep {
  const entry = log[at]!;
  return entry instanceof HeaderMisses ? entry.step(at) : entry;
}

/** Steps `from`..`to` (clamped) of a log. */
export function stepsOfLog(log: readonly LogEntry[], from: number, to: number): TraceStep[] {
  const end = Math.min(log.length, Math.max(0, to));
  const steps: TraceStep[] = [];
  for (let at = Math.max(0, from); at < end; at += 1) steps.push(stepAt(log, at));
  return steps;
}

/** The log of each result whose steps have not been read yet. */
const pending = new WeakMap<TraceResult, LogEntry[]>();

/**
 * `steps` of a traced result: an own, enumerable property that builds the steps on its first read and then holds
 * them (JSON, structured clone and spreading read it like any other field).
 */
const stepsProperty: PropertyDescriptor = {
  enumerable: true,
  configurable: true,
  get(this: TraceResult): TraceStep[] {
    const log = pending.get(this);
    const steps = log ? stepsOfLog(log, 0, log.length) : [];
    pending.delete(this);
    Object.defineProperty(this, 'steps', { value: steps, enumerable: true, configurable: true, writable: true });
    return steps;
  },
  set(this: TraceResult, steps: TraceStep[]) {
    pending.delete(this);
    Object.defineProperty(this, 'steps', { value: steps, enumerable: true, configurable: true, writable: true });
  },
};

/** Gives `result` (its `steps` a placeholder, so the field keeps its place) the steps of `log`, built when first read. */
export function attachLog(result: TraceResult, log: LogEntry[], lazy: boolean): TraceResult {
  if (!lazy) {
    result.steps = log as TraceStep[];
    return result;
  }
  pending.set(result, log);
  Object.defineProperty(result, 'steps', stepsProperty);
  return result;
}

/** A copy of a traced result with some fields replaced or added; its steps stay unbuilt until read. */
export function withFields<F extends object>(result: TraceResult, fields: F): TraceResult & F {
  const log = pending.get(result);
  if (!log) return { ...result, ...fields };
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(result) as (keyof TraceResult)[]) copy[key] = key === 'steps' ? [] : result[key];
  Object.assign(copy, fields);
  const traced = copy as unknown as TraceResult & F;
  return 'steps' in fields ? traced : (attachLog(traced, log, true) as TraceResult & F);
}

/** How many steps a traced result has, without building them. */
export function stepCount(result: TraceResult): number {
  return pending.get(result)?.length ?? result.steps.length;
}

/** Steps `from`..`to` of a traced result, building only those. */
export function stepRange(result: TraceResult, from: number, to: number): TraceStep[] {
  const log = pending.get(result);
  if (log) return stepsOfLog(log, from, to);
  return result.steps.slice(Math.max(0, from), Math.max(0, to));
}
