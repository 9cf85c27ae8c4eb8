import type { NodeProps } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import type { RouteNode as RouteNodeType } from '../../store/graphModel.ts';
import { LAYOUT } from '../../store/graphModel.ts';
import { fittingFontSize } from './fitText.ts';
import { Handles } from './Handles.tsx';

/** The text's room: the diamond's width less the inset that keeps wrapped lines off its slopes. */
const TEXT_WIDTH = LAYOUT.route.width - 24;

const FRAME = {
  idle: 'fill-white stroke-slate-500',
  passed: 'fill-sky-50 stroke-sky-700',
  active: 'fill-amber-100 stroke-amber-600',
} as const;

export function RouteNode({ data }: NodeProps<RouteNodeType>) {
  const { t } = useTranslation('ui');
  const { width, height } = LAYOUT.route;
  const label = t(data.role === 'route-in' ? 'graph.routeIn' : 'graph.routeOut');
  return (
    <div data-testid={`node-${data.role}`} className="relative" style={{ width, height }}>
      <Handles />
      <svg width={width} height={height} className="absolute inset-0" aria-hidden>
        <polygon
          points={`${width / 2},2 ${width - 2},${height / 2} ${width / 2},${height - 2} 2,${height / 2}`}
          className={`${FRAME[data.state]} stroke-2`}
        />
      </svg>
      {/* Inset so that wrapped lines stay off the diamond's slopes. */}
      <div className="absolute inset-y-0 left-3 right-3 flex flex-col items-center justify-center text-center leading-tight">
        <span className="font-semibold text-slate-900" style={{ fontSize: fittingFontSize(label, TEXT_WIDTH, 11, 9) }}>
          {label}
        </span>
        {data.decision && (
          <span className="text-[11px] font-bold text-slate-800">{t(`graph.decision.${data.decision}`)}</span>
        )}
      </div>
    </div>
  );
}
