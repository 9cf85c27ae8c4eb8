import { describe, expect, it } from 'vitest';
import { createSession } from '../engine/index.ts';
import { filterOnlyHooks, sshAcceptedTrace } from './fixtures/traces.ts';
import {
  buildGraph,
  CALLSTACK_HEAD,
  CALLSTACK_TAIL,
  callStackRows,
  tokenPath,
  tokenPosition,
  type HookNode,
  type LabNode,
} from './graphModel.ts';
import { placeKey, placesOf, type ChainFrame } from './timeline.ts';
import { timelineOf } from './timeline.ts';

const hooks = filterOnlyHooks();
const timeline = timelineOf(sshAcceptedTrace());
const graph = (stepIndex: number) => buildGraph({ hooks, timeline, stepIndex });
const node = (nodes: LabNode[], id: string) => nodes.find((n) => n.id === id);

describe('buildGraph', () => {
  it('draws the classic diagram: five hooks, two routing decisions, in/out and the local process', () => {
    const { nodes, edges } = graph(0);
    const ids = nodes.map((n) => n.id);
    for (const id of ['nic-in', 'nic-out', 'local', 'route-in', 'route-out']) expect(ids).toContain(id);
    for (const hook of ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'])
      expect(ids).toContain(`hook:${hook}`);
    expect(edges.map((e) => e.id)).toContain('route-in->hook:FORWARD');
    expect(edges.map((e) => e.id)).toContain('hook:FORWARD->hook:POSTROUTING');
  });

  it('lays out left to right: in, PREROUTING, routing, FORWARD, POSTROUTING, out', () => {
    const { nodes } = graph(0);
    const xs = ['nic-in', 'hook:PREROUTING', 'route-in', 'hook:FORWARD', 'hook:POSTROUTING', 'nic-out'].map(
      (id) => node(nodes, id)!.position.x,
    );
    expect([...xs].sort((a, b) => a - b)).toEqual(xs);
  });

  it('keeps the tables of a hook in the given kernel order and marks an undefined table as not defined', () => {
    const input = node(graph(0).nodes, 'hook:INPUT') as HookNode;
    expect(input.data.stops.map((s) => s.table)).toEqual(['mangle', 'filter', 'nat', 'security']);
    expect(input.data.stops.find((s) => s.table === 'mangle')?.defined).toBe(false);
  });

  it('calls a defined table with no rules and ACCEPT policy quiet, but not one with DROP policy', () => {
    const output = node(graph(0).nodes, 'hook:OUTPUT') as HookNode;
    expect(output.data.stops.find((s) => s.table === 'filter')?.quiet).toBe(true);
    const forward = node(graph(0).nodes, 'hook:FORWARD') as HookNode;
    expect(forward.data.stops.find((s) => s.table === 'filter')?.quiet).toBe(false);
  });

  it('moves the token to the table block of the current step and marks the path behind it', () => {
    const { nodes, edges } = graph(7);
    expect(node(nodes, 'packet')!.position).toEqual(
      tokenPosition({ node: 'hook', hook: 'INPUT', stop: 'filter' }, hooks),
    );
    const input = node(nodes, 'hook:INPUT') as HookNode;
    expect(input.data.stops.find((s) => s.table === 'filter')?.state).toBe('active');
    expect(edges.find((e) => e.id === 'hook:PREROUTING->route-in')?.data?.state).toBe('passed');
    expect(edges.find((e) => e.id === 'route-in->hook:INPUT')?.data?.state).toBe('current');
    expect(edges.find((e) => e.id === 'route-in->hook:FORWARD')?.data?.state).toBe('idle');
  });

  it('the token at the first step has not travelled any edge (a rewind restores the earlier view)', () => {
    const later = graph(7);
    const start = graph(0);
    expect(start.edges.every((e) => e.data?.state === 'idle')).toBe(true);
    expect(later.edges.some((e) => e.data?.state !== 'idle')).toBe(true);
  });

  it('shows the nested chain path only while the packet is inside a user chain', () => {
    expect(node(graph(8).nodes, 'callstack')).toBeUndefined();
    const callstack = node(graph(10).nodes, 'callstack');
    expect(callstack?.type).toBe('callstack');
    expect(
      callstack?.type === 'callstack' && callstack.data.rows.map((r) => (r.kind === 'frame' ? r.frame.chain : r.kind)),
    ).toEqual(['INPUT', 'SSH-IN']);
  });

  it('marks the nftables base chain a lesson names by family, table and chain, on its own hook only', () => {
    const { hooks: nftHooks } = createSession().load({
      text: [
        'table inet filter {',
        '\tchain input { type filter hook input priority filter; policy drop; }',
        '\tchain output { type filter hook output priority filter; }',
        '}',
        'table inet guard {',
        '\tchain input { type filter hook input priority filter + 10; }',
        '}',
      ].join('\n'),
    });
    const marked = buildGraph({ hooks: nftHooks, timeline: [], stepIndex: 0, marks: ['nft:inet:guard:input'] })
      .nodes.filter((n): n is HookNode => n.type === 'hook')
      .flatMap((n) => n.data.stops.filter((s) => s.marked).map((s) => `${n.data.hook} ${s.key}`));
    expect(marked).toEqual(['INPUT nft:inet:guard:input']);
  });

  it('ends with the token at the local process carrying its fate', () => {
    const token = node(graph(timeline.length - 1).nodes, 'packet');
    expect(token?.type === 'packet' && token.data.fate).toBe('delivered');
  });
});

describe('tokenPath', () => {
  const routeIn = { node: 'route-in' } as const;
  const inputFilter = { node: 'hook', hook: 'INPUT', stop: 'filter' } as const;

  it('follows the edge from the routing decision up into INPUT, then to the table block', () => {
    const path = tokenPath(routeIn, inputFilter, hooks);
    expect(path[0]).toEqual(tokenPosition(routeIn, hooks));
    expect(path.at(-1)).toEqual(tokenPosition(inputFilter, hooks));
    // The edge leaves the diamond's top and enters INPUT's bottom: the way goes up between them.
    expect(path.length).toBeGreaterThan(3);
    const ys = path.slice(1, -1).map((p) => p.y);
    expect(Math.min(...ys)).toBeLessThan(tokenPosition(routeIn, hooks).y);
  });

  it('retraces the same edge backwards when stepping back', () => {
    const forward = tokenPath(routeIn, inputFilter, hooks);
    const back = tokenPath(inputFilter, routeIn, hooks);
    expect(back).toEqual([...forward].reverse());
  });

  it('goes straight within one node and starts where the token is at the first step', () => {
    const header = { node: 'hook', hook: 'INPUT', stop: null } as const;
    expect(tokenPath(header, inputFilter, hooks)).toHaveLength(2);
    expect(tokenPath(undefined, inputFilter, hooks)).toEqual([tokenPosition(inputFilter, hooks)]);
  });

  it('is what the token node carries for the current step', () => {
    const token = node(graph(4).nodes, 'packet');
    expect(token?.type === 'packet' && token.data.path.length).toBeGreaterThan(2);
  });
});

describe('the nested path folds a deep call stack (issue 13 point 1: a loop through 5,000 chains)', () => {
  const stack = (depth: number): ChainFrame[] =>
    Array.from({ length: depth }, (_, i) => ({
      table: 'filter' as const,
      chain: i === 0 ? 'INPUT' : `C${i}`,
      ruleIndex: 1,
    }));
  const names = (depth: number) =>
    callStackRows(stack(depth)).map((r) => (r.kind === 'frame' ? r.frame.chain : `…${r.count}`));

  it('shows every chain of a path as short as kube-proxy’s (built-in, KUBE-SERVICES, KUBE-SVC, KUBE-SEP)', () => {
    expect(names(4)).toEqual(['INPUT', 'C1', 'C2', 'C3']);
    expect(names(CALLSTACK_HEAD + CALLSTACK_TAIL + 1)).toHaveLength(CALLSTACK_HEAD + CALLSTACK_TAIL + 1);
  });

  it('keeps the first chains and the ones nearest the packet, and counts the chains folded between', () => {
    expect(names(5000)).toEqual([
      'INPUT',
      'C1',
      `…${5000 - CALLSTACK_HEAD - CALLSTACK_TAIL}`,
      'C4996',
      'C4997',
      'C4998',
      'C4999',
    ]);
    const rows = callStackRows(stack(5000));
    // The packet's own chain is the last row, and the only one marked current.
    expect(rows.filter((r) => r.kind === 'frame' && r.current).map((r) => r.kind === 'frame' && r.frame.chain)).toEqual(
      ['C4999'],
    );
    // Indentation stops growing: a deep path keeps its names readable in a 300 px box.
    expect(Math.max(...rows.map((r) => r.depth))).toBeLessThanOrEqual(6);
  });
});

describe('what the packet has passed, at every step', () => {
  it('marks as passed exactly the edges between consecutive places up to the step (buildGraph walks runs)', () => {
    const places = placesOf(timeline);
    for (let at = 0; at < timeline.length; at += 1) {
      const part = timeline[at]!.part;
      const expected = new Set<string>();
      let prev: string | null = null;
      for (let i = 0; i <= at; i += 1) {
        if (timeline[i]!.part !== part) continue;
        const key = placeKey(places[i]!);
        if (prev && prev !== key) expected.add(`${prev}->${key}`);
        prev = key;
      }
      const { edges } = graph(at);
      const passed = edges.filter((e) => e.data?.state !== 'idle').map((e) => e.id);
      const drawn = new Set(edges.map((e) => e.id));
      expect(new Set(passed), `step ${at}`).toEqual(new Set([...expected].filter((id) => drawn.has(id))));
    }
  });
});
