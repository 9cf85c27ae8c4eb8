import type { NodeProps } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import type { EndpointNode as EndpointNodeType } from '../../store/graphModel.ts';
import { LAYOUT } from '../../store/graphModel.ts';
import { fittingFontSize } from './fitText.ts';
import { Handles } from './Handles.tsx';
import { nodeFrame } from './styles.ts';

const LABEL = { 'nic-in': 'graph.nicIn', 'nic-out': 'graph.nicOut', local: 'graph.local' } as const;

/** The room a one-line label gets inside the pill: its width less the border and the rounded ends. */
const LABEL_WIDTH = LAYOUT.endpoint.width - 4 - 12;

export function EndpointNode({ data }: NodeProps<EndpointNodeType>) {
  const { t } = useTranslation('ui');
  const label = t(LABEL[data.role]);
  return (
    <div
      data-testid={`node-${data.role}`}
      className={`flex flex-col items-center justify-center rounded-full border-2 text-center leading-tight ${nodeFrame[data.state]}`}
      style={{ width: LAYOUT.endpoint.width, height: LAYOUT.endpoint.height }}
    >
      <Handles />
      {/* A long label (Japanese "ネットワークから") takes a smaller size rather than breaking mid-word. */}
      <span className="font-semibold text-slate-900" style={{ fontSize: fittingFontSize(label, LABEL_WIDTH, 14, 11) }}>
        {label}
      </span>
      {data.iface && <span className="font-mono text-[13px] text-slate-700">{data.iface}</span>}
    </div>
  );
}
