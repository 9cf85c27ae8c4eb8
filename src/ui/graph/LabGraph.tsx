import {
  ReactFlow,
  useReactFlow,
  type NodeTypes,
  ReactFlowProvider,
  Background,
  MarkerType,
  type AriaLabelConfig,
  type NodeChange,
} from '@xyflow/react';
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLab } from '../../store/index.ts';
import { buildGraph, type LabEdge, type LabNode } from '../../store/graphModel.ts';
import { lessonMarksOf } from '../../store/lessonSlice.ts';
import { useDeferredStep } from '../app/selectors.ts';
import { CallStackNode } from './CallStackNode.tsx';
import { EndpointNode } from './EndpointNode.tsx';
import { HookNode } from './HookNode.tsx';
import { PacketNode } from './PacketNode.tsx';
import { RouteNode } from './RouteNode.tsx';
import { graphNamer } from './nodeName.ts';
import { useGraphFocus } from './useGraphFocus.ts';

// Module scope: React Flow re-mounts every node when this object changes identity.
const nodeTypes: NodeTypes = {
  hook: HookNode,
  endpoint: EndpointNode,
  route: RouteNode,
  callstack: CallStackNode,
  packet: PacketNode,
};

const EDGE_STYLE = {
  idle: { stroke: '#94a3b8', strokeWidth: 2 },
  passed: { stroke: '#0369a1', strokeWidth: 4 },
  current: { stroke: '#d97706', strokeWidth: 6 },
} as const;

/** An arrowhead at each edge's target, in the edge's colour, one size whatever the stroke: the way packets go. */
function arrowOf(state: keyof typeof EDGE_STYLE) {
  const size = state === 'idle' ? 14 : 18;
  return {
    type: MarkerType.ArrowClosed,
    color: EDGE_STYLE[state].stroke,
    width: size,
    height: size,
    markerUnits: 'userSpaceOnUse',
  };
}

/**
 * Refits the diagram whenever its box changes size (window resize, panels opening), and for each new ruleset (other
 * tables, other block heights; never while stepping, so the diagram does not jump during a replay). Until the status
 * line kept its room, its opening and closing at each new ruleset resized the box and refitted the diagram by chance.
 */
function useFitOnResize(ref: React.RefObject<HTMLDivElement | null>, ruleset: unknown) {
  const flow = useReactFlow();
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(() => void flow.fitView(FIT_VIEW_OPTIONS));
    observer.observe(el);
    return () => observer.disconnect();
  }, [flow, ref]);
  useEffect(() => {
    // After React Flow has measured the new blocks.
    const frame = requestAnimationFrame(() => void flow.fitView({ padding: 0.04 }));
    return () => cancelAnimationFrame(frame);
  }, [flow, ruleset]);
}

/**
 * Each node's size as React Flow last measured it, handed back with the node. The graph is rebuilt at every step;
 * a node object without `measured` is one React Flow must hide and measure again (observe, read its handles' boxes),
 * and when two rebuilds came before the measurement landed, the node stayed hidden: its size had not changed, so
 * the ResizeObserver never reported it again. A node whose size changes is still reported, and its size taken here.
 */
function useMeasuredSizes() {
  const [known] = useState(() => new Map<string, { width: number; height: number }>());
  const onNodesChange = useCallback(
    (changes: NodeChange<LabNode>[]) => {
      for (const c of changes) if (c.type === 'dimensions' && c.dimensions) known.set(c.id, c.dimensions);
    },
    [known],
  );
  return useMemo(() => ({ of: (id: string) => known.get(id), onNodesChange }), [known, onNodesChange]);
}

function Graph() {
  const { t } = useTranslation('ui');
  const hooks = useLab((s) => s.check?.hooks);
  // The step and the trace through deferred values: the diagram is drawn in React's sliced render, and only its
  // commit is one task.
  const { timeline, stepIndex } = useDeferredStep();
  const sizes = useMeasuredSizes();
  const marks = useLab(lessonMarksOf);
  const box = useRef<HTMLDivElement>(null);
  const focus = useGraphFocus(box);

  const namer = useMemo(() => graphNamer(t), [t]);
  const { nodes, edges } = useMemo(() => {
    const g = buildGraph({ hooks: hooks ?? [], timeline, stepIndex, marks });
    // Nodes are not focusable (the blocks inside them are, as one roving Tab stop), so each names itself as a group.
    const named: LabNode[] = g.nodes.map((n) => ({
      ...n,
      ariaLabel: namer.node(n),
      ariaRole: 'group',
      measured: sizes.of(n.id),
    }));
    const byId = new Map(named.map((n) => [n.id, n]));
    const styled: LabEdge[] = g.edges.map((e) => {
      const state = e.data?.state ?? 'idle';
      return { ...e, style: EDGE_STYLE[state], markerEnd: arrowOf(state), ariaLabel: namer.edge(e, byId) };
    });
    return { nodes: named, edges: styled };
  }, [hooks, timeline, stepIndex, marks, namer, sizes]);
  useFitOnResize(box, hooks);

  // React Flow's own words (node and edge descriptions, handles) from the catalogs, not its English defaults.
  const ariaLabelConfig = useMemo<Partial<AriaLabelConfig>>(
    () => ({
      'node.a11yDescription.default': t('hall:graph.description'),
      'node.a11yDescription.keyboardDisabled': t('hall:graph.description'),
      'edge.a11yDescription.default': t('hall:graph.edgeDescription'),
    }),
    [t],
  );

  return (
    <div
      ref={box}
      className="lab-graph h-full w-full"
      aria-label={t('graph.label')}
      aria-description={t('hall:graph.description')}
      role="figure"
      onKeyDown={focus.onKeyDown}
      onMouseDown={focus.onMouseDown}
    >
      <Flow nodes={nodes} edges={edges} ariaLabelConfig={ariaLabelConfig} onNodesChange={sizes.onNodesChange} />
    </div>
  );
}

const FIT_VIEW_OPTIONS = { padding: 0.04 };

/** Memoised: the urgent render of a step (deferred values still the old ones) stops here. */
const Flow = memo(function Flow({
  nodes,
  edges,
  ariaLabelConfig,
  onNodesChange,
}: {
  nodes: LabNode[];
  edges: LabEdge[];
  ariaLabelConfig: Partial<AriaLabelConfig>;
  onNodesChange: (changes: NodeChange<LabNode>[]) => void;
}) {
  return (
    <ReactFlow<LabNode, LabEdge>
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      ariaLabelConfig={ariaLabelConfig}
      onNodesChange={onNodesChange}
      nodesFocusable={false}
      edgesFocusable={false}
      fitView
      fitViewOptions={FIT_VIEW_OPTIONS}
      nodesDraggable={false}
      nodesConnectable={false}
      elementsSelectable={false}
      zoomOnDoubleClick={false}
      minZoom={0.2}
    >
      <Background gap={24} color="#e2e8f0" />
    </ReactFlow>
  );
});

export function LabGraph() {
  return (
    <ReactFlowProvider>
      <Graph />
    </ReactFlowProvider>
  );
}
