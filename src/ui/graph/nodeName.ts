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

/** An edge's accessible name in the reader's language ("From PREROUTING hook to Routing decision: …"). */
export function edgeName(t: TFunction<'ui'>, edge: LabEdge, nodes: LabNode[]): string {
  const from = placeName(
    t,
    nodes.find((n) => n.id === edge.source),
  );
  const to = placeName(
    t,
    nodes.find((n) => n.id === edge.target),
  );
  const state = edge.data?.state ?? 'idle';
  return state === 'idle'
    ? t('hall:graph.edge', { from, to })
    : t('hall:graph.edgeWithState', { from, to, state: t(`hall:graph.edgeState.${state}`) });
}
