// The pure function from (tables per hook, a trace, the current step) to React Flow nodes and edges.
// Positions are a fixed left-to-right layout of the classic netfilter diagram; everything else is derived.
import type { Edge, Node } from '@xyflow/react';
import type { HookName } from '../engine/index.ts';
import type { Fate } from '../engine/index.ts';
import type { HookOutline, HookTableOutline } from '../engine/index.ts';
import { callStackAt, placeKey, placesOf, type ChainFrame, type GraphPlace, type TimelineEntry } from './timeline.ts';

export const LAYOUT = {
  hookWidth: 210,
  headerHeight: 38,
  rowHeight: 34,
  padding: 8,
  token: 34,
  endpoint: { width: 116, height: 60 },
  route: { width: 96, height: 64 },
  callstack: { width: 300, row: 28, header: 28 },
} as const;

const TOP_Y = 0;
const MAIN_Y = 290;

/** The main lines run through the hooks' title bars: side handles sit at this height in every node. */
export const LINE_Y = LAYOUT.headerHeight / 2;

const HOOK_POS: Record<HookName, { x: number; y: number }> = {
  PREROUTING: { x: 140, y: MAIN_Y },
  INPUT: { x: 320, y: TOP_Y },
  FORWARD: { x: 500, y: MAIN_Y },
  OUTPUT: { x: 700, y: TOP_Y },
  POSTROUTING: { x: 760, y: MAIN_Y },
};

const FIXED_POS = {
  'nic-in': { x: 0, y: MAIN_Y + LINE_Y - LAYOUT.endpoint.height / 2 },
  'route-in': { x: 377, y: MAIN_Y + LINE_Y - LAYOUT.route.height / 2 },
  local: { x: 563, y: TOP_Y + LINE_Y - LAYOUT.endpoint.height / 2 },
  'route-out': { x: 950, y: TOP_Y + LINE_Y - LAYOUT.route.height / 2 },
  'nic-out': { x: 1000, y: MAIN_Y + LINE_Y - LAYOUT.endpoint.height / 2 },
} as const;

/**
 * Where the nested chain path goes: the empty corner above PREROUTING, left of INPUT. It is the one free area wide
 * enough for kube-proxy's chain names, so the diagram never grows and never needs refitting; the box names its hook.
 */
const CALLSTACK_POS = { x: 0, y: TOP_Y, width: LAYOUT.callstack.width };

export type StopState = 'idle' | 'passed' | 'active';

export interface StopView extends HookTableOutline {
  state: StopState;
  /** No rules and an ACCEPT policy: the packet passes without anything happening. */
  quiet: boolean;
  /** A guided lesson's step points at this table. */
  marked?: boolean;
}

export type EndpointNodeData = { role: 'nic-in' | 'nic-out' | 'local'; state: StopState; iface: string | null };
export type RouteNodeData = { role: 'route-in' | 'route-out'; state: StopState; decision: string | null };
export type HookNodeData = { hook: HookName; state: StopState; stops: StopView[] };
/** A row of the nested path: a chain the packet is in, or the chains folded between the first and the last ones. */
export type CallStackRow =
  | { kind: 'frame'; frame: ChainFrame; depth: number; current: boolean }
  | { kind: 'folded'; count: number; depth: number };
export type CallStackNodeData = { hook: HookName; table: string; rows: CallStackRow[]; width: number };

/**
 * The nested path shows the built-in chain and the first jump, then the chains nearest the packet: a jump chain
 * 5,000 deep (a loop kube-proxy would never write, but a student can) stays one small box, not 140,000 px of rows.
 */
export const CALLSTACK_HEAD = 2;
export const CALLSTACK_TAIL = 4;
/** Indentation stops growing past this depth, so deep paths keep their names readable in the box. */
const MAX_INDENT_DEPTH = 6;

/** The rows of the nested path for a call stack: all of it when short, else head, a folded row, and tail. */
export function callStackRows(frames: ChainFrame[]): CallStackRow[] {
  const last = frames.length - 1;
  const depthOf = (i: number) => Math.min(i, MAX_INDENT_DEPTH);
  const row = (i: number): CallStackRow => ({
    kind: 'frame',
    frame: frames[i]!,
    depth: depthOf(i),
    current: i === last,
  });
  if (frames.length <= CALLSTACK_HEAD + CALLSTACK_TAIL + 1) return frames.map((_, i) => row(i));
  const tailFrom = frames.length - CALLSTACK_TAIL;
  return [
    ...Array.from({ length: CALLSTACK_HEAD }, (_, i) => row(i)),
    { kind: 'folded', count: tailFrom - CALLSTACK_HEAD, depth: depthOf(CALLSTACK_HEAD) },
    ...Array.from({ length: CALLSTACK_TAIL }, (_, i) => row(tailFrom + i)),
  ];
}
export interface Point {
  x: number;
  y: number;
}
/**
 * `path`: the token's way from where it stood at the previous step to here, along the diagram's edge when it
 * crossed one (token top-left corners, flow coordinates). The token animates along it.
 */
export type PacketNodeData = { fate: Fate | null; reply: boolean; path: Point[] };

export type EndpointNode = Node<EndpointNodeData, 'endpoint'>;
export type RouteNode = Node<RouteNodeData, 'route'>;
export type HookNode = Node<HookNodeData, 'hook'>;
export type CallStackNode = Node<CallStackNodeData, 'callstack'>;
export type PacketNode = Node<PacketNodeData, 'packet'>;
export type LabNode = EndpointNode | RouteNode | HookNode | CallStackNode | PacketNode;

export type LabEdge = Edge<{ state: 'idle' | 'passed' | 'current' }>;

/** The edges of the diagram: [source, sourceHandle, target, targetHandle]. */
const EDGES: [string, string, string, string][] = [
  ['nic-in', 'right', 'hook:PREROUTING', 'left'],
  ['hook:PREROUTING', 'right', 'route-in', 'left'],
  ['route-in', 'top', 'hook:INPUT', 'bottom'],
  ['hook:INPUT', 'right', 'local', 'left'],
  ['local', 'right', 'hook:OUTPUT', 'left'],
  ['hook:OUTPUT', 'right', 'route-out', 'left'],
  ['route-out', 'bottom', 'hook:POSTROUTING', 'top'],
  ['route-in', 'right', 'hook:FORWARD', 'left'],
  ['hook:FORWARD', 'right', 'hook:POSTROUTING', 'left'],
  ['hook:POSTROUTING', 'right', 'nic-out', 'left'],
];

export function hookHeight(stops: number): number {
  return LAYOUT.headerHeight + stops * LAYOUT.rowHeight + LAYOUT.padding;
}

function stopOffset(hook: HookOutline | undefined, stop: string | null): { x: number; y: number } {
  const index = stop && hook ? hook.tables.findIndex((t) => t.key === stop) : -1;
  // The token straddles the hook's right border, beside the block, so it never hides the block's words.
  const x = LAYOUT.hookWidth - LAYOUT.token / 2;
  if (index < 0) return { x, y: (LAYOUT.headerHeight - LAYOUT.token) / 2 };
  return {
    x,
    y: LAYOUT.headerHeight + index * LAYOUT.rowHeight + (LAYOUT.rowHeight - LAYOUT.token) / 2,
  };
}

/** Where the token's top-left corner goes for a place. */
export function tokenPosition(place: GraphPlace, hooks: HookOutline[]): { x: number; y: number } {
  if (place.node === 'hook') {
    const base = HOOK_POS[place.hook];
    const off = stopOffset(
      hooks.find((h) => h.hook === place.hook),
      place.stop,
    );
    return { x: base.x + off.x, y: base.y + off.y };
  }
  // Beside the node's right edge (the left one for network out), so its label stays readable.
  const base = FIXED_POS[place.node];
  const size = place.node.startsWith('route') ? LAYOUT.route : LAYOUT.endpoint;
  const x = place.node === 'nic-out' ? base.x - LAYOUT.token / 2 : base.x + size.width - LAYOUT.token / 2;
  // A diamond's side tip is empty, but an endpoint's words ("Network out", "Local process") run almost to its
  // sides: there the token sits on the top corner, like a badge, so it hides none of them.
  if (!place.node.startsWith('route')) return { x, y: base.y - LAYOUT.token / 2 };
  return { x, y: base.y + (size.height - LAYOUT.token) / 2 };
}

/** The size of a node of the diagram, for its handle points. */
function nodeBox(key: string, hooks: HookOutline[]): { x: number; y: number; w: number; h: number; lineY: number } {
  if (key.startsWith('hook:')) {
    const hook = key.slice(5) as HookName;
    const { x, y } = HOOK_POS[hook];
    const h = hookHeight(hooks.find((o) => o.hook === hook)?.tables.length ?? 4);
    return { x, y, w: LAYOUT.hookWidth, h, lineY: LINE_Y };
  }
  const pos = FIXED_POS[key as keyof typeof FIXED_POS];
  const size = key.startsWith('route') ? LAYOUT.route : LAYOUT.endpoint;
  return { x: pos.x, y: pos.y, w: size.width, h: size.height, lineY: size.height / 2 };
}

function handlePoint(key: string, side: string, hooks: HookOutline[]): Point {
  const b = nodeBox(key, hooks);
  if (side === 'left') return { x: b.x, y: b.y + b.lineY };
  if (side === 'right') return { x: b.x + b.w, y: b.y + b.lineY };
  if (side === 'top') return { x: b.x + b.w / 2, y: b.y };
  return { x: b.x + b.w / 2, y: b.y + b.h };
}

/** The corners of a step-shaped edge between two handle points, as React Flow's smoothstep edge draws it. */
function edgeCorners(s: Point, t: Point, horizontal: boolean): Point[] {
  if (horizontal) {
    if (s.y === t.y) return [s, t];
    const midX = (s.x + t.x) / 2;
    return [s, { x: midX, y: s.y }, { x: midX, y: t.y }, t];
  }
  if (s.x === t.x) return [s, t];
  const midY = (s.y + t.y) / 2;
  return [s, { x: s.x, y: midY }, { x: t.x, y: midY }, t];
}

/**
 * The token's way from one place to the next: along the edge between their nodes (either way, so stepping back
 * retraces it), or straight when they are in the same node or not joined by an edge.
 */
export function tokenPath(from: GraphPlace | undefined, to: GraphPlace, hooks: HookOutline[]): Point[] {
  const end = tokenPosition(to, hooks);
  if (!from) return [end];
  const start = tokenPosition(from, hooks);
  const a = placeKey(from);
  const b = placeKey(to);
  const forward = EDGES.find(([s, , t]) => s === a && t === b);
  const backward = EDGES.find(([s, , t]) => s === b && t === a);
  const edge = forward ?? backward;
  if (a === b || !edge) return [start, end];
  const [source, sourceSide, target, targetSide] = edge;
  const horizontal = sourceSide === 'left' || sourceSide === 'right';
  let corners = edgeCorners(handlePoint(source, sourceSide, hooks), handlePoint(target, targetSide, hooks), horizontal);
  if (!forward) corners = [...corners].reverse();
  const half = LAYOUT.token / 2;
  return [start, ...corners.map((p) => ({ x: p.x - half, y: p.y - half })), end];
}

export interface GraphInput {
  hooks: HookOutline[];
  timeline: TimelineEntry[];
  stepIndex: number;
  /**
   * What a guided lesson's step points at: 'INPUT:nat', 'hook:INPUT', 'route-in', 'local', an nft base chain
   * 'nft:inet:filter:input'… (src/lessons/types.ts).
   */
  marks?: readonly string[];
}

/** The React Flow class of a node a lesson points at (drawn by index.css), added to the node's own. */
function markClass(marks: readonly string[], key: string, own?: string): { className?: string } {
  const names = [own, marks.includes(key) ? 'lesson-marked' : undefined].filter(Boolean);
  return names.length > 0 ? { className: names.join(' ') } : {};
}

/** Consecutive steps in one place (same part, node and table): what the packet passed, walked per run, not per step. */
interface PlaceRun {
  from: number;
  part: TimelineEntry['part'];
  key: string;
  /** `HOOK:table` when the place is a table block. */
  stop: string | null;
}

/**
 * A 10,000-step walk through KUBE-SERVICES is a few dozen runs: buildGraph, called at every step, walks these
 * instead of every step up to the current one (about 50 ms at the end of that trace on a busy machine).
 */
const runsCache = new WeakMap<TimelineEntry[], PlaceRun[]>();
function placeRuns(timeline: TimelineEntry[]): PlaceRun[] {
  const cached = runsCache.get(timeline);
  if (cached) return cached;
  const places = placesOf(timeline);
  const runs: PlaceRun[] = [];
  for (let i = 0; i < places.length; i += 1) {
    const place = places[i]!;
    const part = timeline[i]!.part;
    const key = placeKey(place);
    const stop = place.node === 'hook' && place.stop ? `${place.hook}:${place.stop}` : null;
    const last = runs.at(-1);
    if (last && last.part === part && last.key === key && last.stop === stop) continue;
    runs.push({ from: i, part, key, stop });
  }
  runsCache.set(timeline, runs);
  return runs;
}

export function buildGraph({ hooks, timeline, stepIndex, marks = [] }: GraphInput): {
  nodes: LabNode[];
  edges: LabEdge[];
} {
  const places = placesOf(timeline);
  const at = Math.min(stepIndex, places.length - 1);
  const here = at >= 0 ? places[at] : undefined;
  const hereKey = here ? placeKey(here) : null;
  const currentPart = timeline[at]?.part ?? 'packet';

  // What the packet has passed so far (in the current part: the REJECT reply starts afresh).
  const passedNodes = new Set<string>();
  const passedStops = new Set<string>();
  const passedEdges = new Set<string>();
  let currentEdge: string | null = null;
  let prevKey: string | null = null;
  for (const run of placeRuns(timeline)) {
    if (run.from > at) break;
    if (run.part !== currentPart) continue;
    const { key } = run;
    passedNodes.add(key);
    if (run.stop) passedStops.add(run.stop);
    if (prevKey && prevKey !== key) {
      const edge = `${prevKey}->${key}`;
      passedEdges.add(edge);
      currentEdge = edge;
    }
    prevKey = key;
  }
  // The edge glows only while the token has just crossed it.
  if (currentEdge && hereKey && !currentEdge.endsWith(`->${hereKey}`)) currentEdge = null;

  const stateOf = (key: string): StopState => (key === hereKey ? 'active' : passedNodes.has(key) ? 'passed' : 'idle');

  const nodes: LabNode[] = [];
  for (const role of ['nic-in', 'nic-out', 'local'] as const) {
    const arrive = timeline[0]?.step;
    const fateStep = timeline.findLast((e) => e.step.kind === 'fate')?.step;
    const iface =
      role === 'nic-in' && arrive?.kind === 'arrive'
        ? arrive.iface
        : role === 'nic-out' && fateStep?.kind === 'fate'
          ? fateStep.outIface
          : null;
    nodes.push({
      id: role,
      type: 'endpoint',
      position: FIXED_POS[role],
      data: { role, state: stateOf(role), iface },
      draggable: false,
      selectable: false,
      ...markClass(marks, role),
    });
  }
  for (const role of ['route-in', 'route-out'] as const) {
    let decision: string | null = null;
    for (let i = 0; i <= at; i += 1) {
      const s = timeline[i]?.step;
      if (s?.kind === 'route' && places[i]?.node === role && timeline[i]?.part === currentPart) decision = s.decision;
    }
    nodes.push({
      id: role,
      type: 'route',
      position: FIXED_POS[role],
      data: { role, state: stateOf(role), decision },
      draggable: false,
      selectable: false,
      ...markClass(marks, role),
    });
  }
  for (const hook of hooks) {
    const key = `hook:${hook.hook}`;
    const stops: StopView[] = hook.tables.map((t) => {
      const stopKey = `${hook.hook}:${t.key}`;
      const active = here?.node === 'hook' && here.hook === hook.hook && here.stop === t.key;
      return {
        ...t,
        quiet: t.table !== 'conntrack' && t.defined && t.ruleCount === 0 && t.policy !== 'DROP',
        state: active ? 'active' : passedStops.has(stopKey) ? 'passed' : 'idle',
        // An nft base chain is named without its hook ('nft:inet:filter:input'): it sits on one.
        ...(marks.includes(stopKey) || (t.nft && marks.includes(t.key)) ? { marked: true } : {}),
      };
    });
    nodes.push({
      id: key,
      type: 'hook',
      position: HOOK_POS[hook.hook],
      data: { hook: hook.hook, state: stateOf(key), stops },
      draggable: false,
      selectable: false,
      // Table blocks are buttons: the node must take pointer events although it is neither draggable nor selectable.
      style: { pointerEvents: 'all' },
      className: markClass(marks, key, 'nopan').className,
    });
  }

  // The nested chain path beside the hook, when the packet is inside a user chain.
  if (here?.node === 'hook') {
    const frames = callStackAt(timeline, at);
    if (frames.length > 1) {
      const { x, y, width } = CALLSTACK_POS;
      nodes.push({
        id: 'callstack',
        type: 'callstack',
        position: { x, y },
        data: { hook: here.hook, table: frames[0]!.table, rows: callStackRows(frames), width },
        draggable: false,
        selectable: false,
        style: { pointerEvents: 'all' },
        className: 'nopan',
      });
    }
  }

  if (here) {
    const entry = timeline[at];
    nodes.push({
      id: 'packet',
      type: 'packet',
      position: tokenPosition(here, hooks),
      data: {
        fate: entry?.step.kind === 'fate' ? entry.step.fate : null,
        reply: entry?.part === 'reply',
        path: tokenPath(at > 0 && timeline[at - 1]?.part === currentPart ? places[at - 1] : undefined, here, hooks),
      },
      draggable: false,
      selectable: false,
      zIndex: 10,
    });
  }

  const edges: LabEdge[] = EDGES.map(([source, sourceHandle, target, targetHandle]) => {
    const id = `${source}->${target}`;
    const state = id === currentEdge ? 'current' : passedEdges.has(id) ? 'passed' : 'idle';
    return {
      id,
      source,
      sourceHandle,
      target,
      targetHandle,
      type: 'smoothstep',
      data: { state },
      animated: state === 'current',
    };
  });

  return { nodes, edges };
}
