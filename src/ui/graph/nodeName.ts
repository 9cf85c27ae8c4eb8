// The accessible name of each graph node, read by a screen reader when the node is focused: what the box is, and
// where the packet is in words ("passed", "here now"), so the state never rests on the node's colour alone.
import type { TFunction } from 'i18next';
import type { LabEdge, LabNode, StopState } from '../../store/graphModel.ts';

const ENDPOINT = { 'nic-in': 'graph.nicIn', 'nic-out': 'graph.nicOut', local: 'graph.local' } as const;

function withState(t: TFunction<'ui'>, name: string, state: StopState): string {
  return state === 'idle' ? name : t('graph.nodeWithState', { name, state: t(`graph.state.${state}`) });
}

export function nodeName(t: TFunction<'ui'>, node: LabNode): string {
  switch (node.type) {
    case 'endpoint':
      return withState(t, t(ENDPOINT[node.data.role]), node.data.state);
    case 'route':
      return withState(t, t(node.data.role === 'route-in' ? 'graph.routeIn' : 'graph.routeOut'), node.data.state);
    case 'hook':
      return withState(t, t('graph.hookNode', { hook: node.data.hook }), node.data.state);
    case 'callstack':
      return t('graph.nestedPath', { hook: node.data.hook, table: node.data.table });
    case 'packet':
      return t(node.data.reply ? 'graph.tokenReply' : 'graph.token');
    default:
      return '';
  }
}

/** A node's name without the packet's progress: what an edge says it joins. */
function placeName(t: TFunction<'ui'>, node: LabNode | undefined): string {
  if (!node) return '';
  return nodeName(t, { ...node, data: { ...node.data, state: 'idle' } } as LabNode);
}

/** What a node's name depends on (see nodeName): two nodes with one key have one name. */
function nameKey(node: LabNode, state: StopState | null): string {
  switch (node.type) {
    case 'endpoint':
    case 'route':
      return `${node.type}|${node.data.role}|${state ?? node.data.state}`;
    case 'hook':
      return `hook|${node.data.hook}|${state ?? node.data.state}`;
    case 'callstack':
      return `callstack|${node.data.hook}|${node.data.table}`;
    case 'packet':
      return `packet|${node.data.reply}`;
    default:
      return '';
  }
}

export interface GraphNamer {
  node(node: LabNode): string;
  edge(edge: LabEdge, byId: Map<string, LabNode>): string;
}

/**
 * nodeName and edgeName in one language, each name remembered by what it depends on. The graph is rebuilt at every
 * step, but a step changes the state of a node or two: naming every node and edge again through i18next's
 * interpolation was most of the rebuild (91 ms of a 332 ms task after a 10,000-service trace arrived, load 17).
 */
export function graphNamer(t: TFunction<'ui'>): GraphNamer {
  const names = new Map<string, string>();
  const remember = (key: string, make: () => string) => {
    let name = names.get(key);
    if (name === undefined) names.set(key, (name = make()));
    return name;
  };
  const place = (node: LabNode | undefined) =>
    node ? remember(`place:${nameKey(node, 'idle')}`, () => placeName(t, node)) : '';
  return {
    node: (node) => remember(`node:${nameKey(node, null)}`, () => nodeName(t, node)),
    // An edge's name says the places it joins and whether the packet went along it.
    edge: (edge, byId) => {
      const from = place(byId.get(edge.source));
      const to = place(byId.get(edge.target));
      const state = edge.data?.state ?? 'idle';
      return remember(`edge:${from}\n${to}\n${state}`, () =>
        state === 'idle'
          ? t('hall:graph.edge', { from, to })
          : t('hall:graph.edgeWithState', { from, to, state: t(`hall:graph.edgeState.${state}`) }),
      );
    },
  };
}
