import type { NodeProps } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import type { RouteNode as RouteNodeType } from '../../store/graphModel.ts';
import { LAYOUT } from '../../store/graphModel.ts';
import { Handles } from './Handles.tsx';

const FRAME = {
  idle: 'fill-white stroke-slate-500',
  passed: 'fill-sky-50 stroke-sky-700',
  active: 'fill-amber-100 stroke-amber-600',
} as const;

export function RouteNode({ data }: NodeProps<RouteNodeType>) {
  const { t } = useTranslation('ui');
  const { width, height } = LAYOUT.route;
  return (
    <div data-testid={`node-${data.role}`} className="relative" style={{ width, height }}>
      <Handles />
      <svg width={width} height={height} className="absolute inset-0" aria-hidden>
        <polygon
          points={`${width / 2},2 ${width - 2},${height / 2} ${width / 2},${height - 2} 2,${height / 2}`}
          className={`${FRAME[data.state]} stroke-2`}
        />
      </svg>
      <div className="absolute inset-0 flex flex-col items-center justify-center text-center leading-tight">
        <span className="text-[11px] font-semibold text-slate-900">
          {t(data.role === 'route-in' ? 'graph.routeIn' : 'graph.routeOut')}
        </span>
        {data.decision && (
          <span className="text-[11px] font-bold text-slate-800">{t(`graph.decision.${data.decision}`)}</span>
        )}
      </div>
    </div>
  );
}
