import type { NodeProps } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import type { PacketNode as PacketNodeType } from '../../store/graphModel.ts';
import { LAYOUT } from '../../store/graphModel.ts';
import { FATE_ICON } from '../panels/fate.ts';

/** The packet token. It glides between places with a CSS transition (none under prefers-reduced-motion). */
export function PacketNode({ data }: NodeProps<PacketNodeType>) {
  const { t } = useTranslation('ui');
  const dead = data.fate === 'dropped' || data.fate === 'rejected';
  return (
    <div
      data-testid="packet-token"
      data-fate={data.fate ?? ''}
      role="img"
      aria-label={t(data.reply ? 'graph.tokenReply' : 'graph.token')}
      className={`flex items-center justify-center rounded-full border-[3px] text-[17px] font-black shadow-lg ${
        dead
          ? 'border-red-900 bg-red-200 text-red-900'
          : data.reply
            ? 'border-violet-900 bg-violet-300'
            : 'border-slate-900 bg-amber-400 text-slate-900'
      }`}
      style={{ width: LAYOUT.token, height: LAYOUT.token }}
    >
      {data.fate ? FATE_ICON[data.fate] : data.reply ? '↩' : '●'}
    </div>
  );
}
