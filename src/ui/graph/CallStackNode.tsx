import type { NodeProps } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import { getLabStore } from '../../store/index.ts';
import type { CallStackNode as CallStackNodeType } from '../../store/graphModel.ts';
import { LAYOUT } from '../../store/graphModel.ts';

/** KUBE-SERVICES → KUBE-SVC-… → KUBE-SEP-…: the chains the packet jumped into, beside its hook. */
export function CallStackNode({ data }: NodeProps<CallStackNodeType>) {
  const { t } = useTranslation('ui');
  return (
    <div
      data-testid="nested-path"
      className="rounded-lg border-2 border-amber-600 bg-white p-1.5 shadow"
      style={{ width: data.width }}
    >
      <div className="px-1 text-[12px] font-semibold text-slate-700" style={{ height: LAYOUT.callstack.header - 8 }}>
        {t('graph.nestedPath', { hook: data.hook, table: data.frames[0]?.table ?? '' })}
      </div>
      <ol>
        {data.frames.map((f, i) => {
          // A goto is drawn apart from a jump: a dashed border and ⇢, and its words say no return to that chain.
          const gotoWords = f.gotoFrom !== undefined ? t('hall:goto.frame', { from: f.gotoFrom }) : undefined;
          return (
            <li key={`${f.chain}-${i}`} style={{ height: LAYOUT.callstack.row, paddingLeft: i * 12 }}>
              <button
                type="button"
                data-via={gotoWords ? 'goto' : 'jump'}
                title={gotoWords}
                className={`nodrag w-full truncate rounded px-1 text-left font-mono text-[13px] hover:bg-slate-100 ${
                  i === data.frames.length - 1 ? 'font-bold text-slate-950' : 'text-slate-700'
                } ${gotoWords ? 'border-2 border-dashed border-violet-700' : ''}`}
                onClick={() => getLabStore().getState().openChain(f.table, f.chain)}
              >
                {gotoWords ? <span aria-hidden>⇢ </span> : i > 0 ? <span aria-hidden>↳ </span> : ''}
                {f.chain}
                {f.ruleIndex !== undefined ? ` #${f.ruleIndex}` : ''}
                {gotoWords && <span className="sr-only"> ({gotoWords})</span>}
              </button>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
