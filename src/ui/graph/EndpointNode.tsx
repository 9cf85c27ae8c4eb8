import type { NodeProps } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import type { EndpointNode as EndpointNodeType } from '../../store/graphModel.ts';
import { LAYOUT } from '../../store/graphModel.ts';
import { Handles } from './Handles.tsx';
import { nodeFrame } from './styles.ts';

const LABEL = { 'nic-in': 'graph.nicIn', 'nic-out': 'graph.nicOut', local: 'graph.local' } as const;

export function EndpointNode({ data }: NodeProps<EndpointNodeType>) {
  const { t } = useTranslation('ui');
  return (
    <div
      data-testid={`node-${data.role}`}
      className={`flex flex-col items-center justify-center rounded-full border-2 text-center ${nodeFrame[data.state]}`}
      style={{ width: LAYOUT.endpoint.width, height: LAYOUT.endpoint.height }}
    >
      <Handles />
      <span className="text-[14px] font-semibold text-slate-900">{t(LABEL[data.role])}</span>
      {data.iface && <span className="font-mono text-[13px] text-slate-700">{data.iface}</span>}
    </div>
  );
}
