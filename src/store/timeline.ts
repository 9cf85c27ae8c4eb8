// Pure helpers that read a trace: which run is shown, where the packet is at a step, which chains it is nested in.
// The trace is the only source of truth: nothing here re-evaluates a rule, it only reads the recorded steps.
import type { HookName, TableName, TraceResult, TraceStep } from '../engine/index.ts';
import { nftStopKey } from '../engine/index.ts';
export { runsOf } from './traceAssembly.ts';

export interface TimelineEntry {
  step: TraceStep;
  /** 'reply' for the steps of the packet a REJECT sent back. */
  part: 'packet' | 'reply';
}

const timelineCache = new WeakMap<TraceResult, TimelineEntry[]>();

/** The steps to play for one run: the packet's own, then those of the REJECT reply when there is one. */
const NO_STEPS: TimelineEntry[] = [];

export function timelineOf(result: TraceResult | undefined): TimelineEntry[] {
  // One shared empty list: selectors must return the same value for the same state.
  if (!result) return NO_STEPS;
  const cached = timelineCache.get(result);
  if (cached) return cached;
  const entries: TimelineEntry[] = result.steps.map((step) => ({ step, part: 'packet' as const }));
  let reply = result.reply;
  while (reply) {
    for (const step of reply.steps) entries.push({ step, part: 'reply' });
    reply = reply.reply;
  }
  timelineCache.set(result, entries);
  return entries;
}

export type GraphPlace =
  | { node: 'nic-in' | 'nic-out' | 'local' | 'route-in' | 'route-out' }
  /** `stop`: the key of the stop in the hook's outline (a table, 'conntrack', or an nft base chain's nftStopKey). */
  | { node: 'hook'; hook: HookName; stop: string | null };

function hasTable(step: TraceStep): step is Extract<TraceStep, { table: TableName }> {
  return 'table' in step;
}

/** Where the packet token stands at one step, given where it stood at the step before. */
export function placeOf(step: TraceStep, previous: GraphPlace | null): GraphPlace {
  switch (step.kind) {
    case 'arrive':
      return { node: step.local ? 'local' : 'nic-in' };
    case 'hook':
      return { node: 'hook', hook: step.hook, stop: null };
    case 'conntrack':
      return {
        node: 'hook',
        hook: step.hook,
        stop: step.hook === 'PREROUTING' || step.hook === 'OUTPUT' ? 'conntrack' : null,
      };
    case 'route':
      // The input routing decision sits before INPUT/FORWARD; a local packet's (and a re-route's) before POSTROUTING.
      return { node: step.stage === 'prerouting' ? 'route-in' : 'route-out' };
    case 'fate':
      if (step.fate === 'delivered') return { node: 'local' };
      if (step.fate === 'sent') return { node: 'nic-out' };
      return previous ?? { node: 'nic-in' };
    case 'limit':
      return previous ?? { node: 'nic-in' };
    case 'nft-chain':
    case 'nft-rule':
    case 'nft-accept':
      return step.hook
        ? { node: 'hook', hook: step.hook, stop: nftStopKey(step.family, step.table, step.base) }
        : (previous ?? { node: 'nic-in' });
    case 'nat':
      // A native nat chain's rewrite stays on that chain's row (the step names the nat table it stands in for).
      if (previous?.node === 'hook' && previous.hook === step.hook && previous.stop?.startsWith('nft:'))
        return previous;
      return step.hook ? { node: 'hook', hook: step.hook, stop: 'nat' } : (previous ?? { node: 'nic-in' });
    default:
      if (hasTable(step) && step.hook) return { node: 'hook', hook: step.hook, stop: step.table };
      return previous ?? { node: 'nic-in' };
  }
}

export function placeKey(place: GraphPlace): string {
  return place.node === 'hook' ? `hook:${place.hook}` : place.node;
}

/** The place of every step, computed once per timeline. */
const placesCache = new WeakMap<TimelineEntry[], GraphPlace[]>();
export function placesOf(timeline: TimelineEntry[]): GraphPlace[] {
  const cached = placesCache.get(timeline);
  if (cached) return cached;
  const places: GraphPlace[] = [];
  let previous: GraphPlace | null = null;
  for (const { step, part } of timeline) {
    // The REJECT reply starts its own journey: it does not continue from where the packet died.
    const place = placeOf(step, part === 'reply' && step.kind === 'arrive' ? null : previous);
    places.push(place);
    previous = place;
  }
  placesCache.set(timeline, places);
  return places;
}

export interface ChainFrame {
  table: TableName;
  chain: string;
  /** The rule of this chain the packet is at (1-based), when it has reached one. */
  ruleIndex?: number;
  /**
   * Reached by `-g` from `gotoFrom`: the goto replaced that chain's frame, so at this chain's end the packet returns
   * to the frame below (or meets the built-in chain's policy), never to `gotoFrom` (iptables(8), --goto).
   */
  gotoFrom?: string;
}

/** The chain whose rule sent the packet into the chain entered at step `at` (the step just before it), if any. */
function gotoSource(timeline: TimelineEntry[], at: number): string | undefined {
  const before = timeline[at - 1]?.step;
  return before?.kind === 'rule' ? before.chain : undefined;
}

/**
 * For each depth of the stack at step `index`, the chain a goto left when that frame was entered by goto. Read
 * backwards from `index`: the latest entry of each depth is the one the frame still holds.
 */
function gotoSources(timeline: TimelineEntry[], index: number, depth: number): (string | undefined)[] {
  const sources: (string | undefined)[] = new Array<string | undefined>(depth).fill(undefined);
  const found = new Array<boolean>(depth).fill(false);
  let left = depth;
  for (let i = index; i >= 0 && left > 0; i -= 1) {
    const s = timeline[i]?.step;
    if (!s || !hasTable(s)) break;
    if (s.kind !== 'chain' || s.via === 'return') continue;
    const d = s.stack.length - 1;
    if (d < 0 || d >= depth || found[d]) continue;
    found[d] = true;
    left -= 1;
    if (s.via === 'goto') sources[d] = gotoSource(timeline, i);
  }
  return sources;
}

/**
 * The nested chains the packet is in at step `index`: the built-in chain first, then each chain it jumped into
 * (KUBE-SERVICES → KUBE-SVC-… → KUBE-SEP-…), as the engine recorded the kernel's jump stack. Empty when the packet
 * is not inside a table.
 */
export function callStackAt(timeline: TimelineEntry[], index: number): ChainFrame[] {
  const step = timeline[index]?.step;
  if (!step || !hasTable(step)) return [];
  const last = step.stack.length - 1;
  const gotos = gotoSources(timeline, index, step.stack.length);
  return step.stack.map((frame, i) => {
    const ruleIndex = i === last && step.kind === 'rule' ? step.index : frame.rule;
    const out: ChainFrame = { table: step.table, chain: frame.chain };
    if (ruleIndex > 0) out.ruleIndex = ruleIndex;
    const from = gotos[i];
    if (from !== undefined) out.gotoFrom = from;
    return out;
  });
}

export type RuleMark = 'matched' | 'not-matched' | 'current';

/**
 * How each rule of `chain` fared during the packet's current visit of that chain, up to step `index`
 * (rule index → mark). The rule at `index` itself is 'current'.
 */
export function ruleMarksAt(
  timeline: TimelineEntry[],
  index: number,
  table: TableName,
  chain: string,
): Map<number, RuleMark> {
  const marks = new Map<number, RuleMark>();
  const current = timeline[index]?.step;
  if (!current || !hasTable(current)) return marks;
  for (let i = index; i >= 0; i -= 1) {
    const s = timeline[i]?.step;
    if (!s || !hasTable(s) || s.table !== table || s.hook !== current.hook) break;
    if (s.chain === chain) {
      if (s.kind === 'rule' && !marks.has(s.index)) {
        marks.set(s.index, i === index ? 'current' : s.matched ? 'matched' : 'not-matched');
      }
      if (s.kind === 'chain' && s.via !== 'return') break;
    }
  }
  return marks;
}

/** The first step at which the packet is in `table`/`chain` (at `hook` when given), or -1. */
export function firstStepIn(timeline: TimelineEntry[], table: TableName, chain: string, hook?: HookName): number {
  return timeline.findIndex(
    ({ step }) => hasTable(step) && step.table === table && step.chain === chain && (!hook || step.hook === hook),
  );
}

/** The step that evaluated rule `ruleIndex` of `table`/`chain`, nearest to `near`, or -1. */
export function stepOfRule(
  timeline: TimelineEntry[],
  table: TableName,
  chain: string,
  ruleIndex: number,
  near: number,
): number {
  let best = -1;
  timeline.forEach(({ step }, i) => {
    if (step.kind === 'rule' && step.table === table && step.chain === chain && step.index === ruleIndex) {
      if (best < 0 || Math.abs(i - near) < Math.abs(best - near)) best = i;
    }
  });
  return best;
}

/**
 * The rule marks of `chain` as they stand at step `index`, also after the packet has left the chain (the panel
 * keeps showing which rule decided): marks of its latest visit up to `index`, with 'current' only while the packet
 * is still there.
 */
export function ruleMarksUpTo(
  timeline: TimelineEntry[],
  index: number,
  table: TableName,
  chain: string,
): Map<number, RuleMark> {
  for (let i = Math.min(index, timeline.length - 1); i >= 0; i -= 1) {
    const s = timeline[i]?.step;
    if (!s || !hasTable(s) || s.table !== table || s.chain !== chain) continue;
    const marks = ruleMarksAt(timeline, i, table, chain);
    if (i !== index && s.kind === 'rule') marks.set(s.index, s.matched ? 'matched' : 'not-matched');
    return marks;
  }
  return new Map();
}
