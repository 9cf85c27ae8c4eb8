import type { NodeProps } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import { getLabStore } from '../../store/index.ts';
import type { CallStackNode as CallStackNodeType, CallStackRow } from '../../store/graphModel.ts';
import { LAYOUT } from '../../store/graphModel.ts';

const INDENT_PX = 12;

/**
 * KUBE-SERVICES → KUBE-SVC-… → KUBE-SEP-…: the chains the packet jumped into, beside its hook. A deep path folds its
 * middle into one row (the store decides which rows, graphModel.ts callStackRows).
 */
export function CallStackNode({ data }: NodeProps<CallStackNodeType>) {
  const { t } = useTranslation('ui');
  return (
    <div
      data-testid="nested-path"
      className="rounded-lg border-2 border-amber-600 bg-white p-1.5 shadow"
      style={{ width: data.width }}
    >
      <div className="px-1 text-[12px] font-semibold text-slate-700" style={{ height: LAYOUT.callstack.header - 8 }}>
        {t('graph.nestedPath', { hook: data.hook, table: data.table })}
      </div>
      <ol>
        {data.rows.map((row, i) => (
          <li key={i} style={{ height: LAYOUT.callstack.row, paddingLeft: row.depth * INDENT_PX }}>
            {row.kind === 'folded' ? <FoldedRow count={row.count} /> : <FrameRow row={row} first={i === 0} />}
          </li>
        ))}
      </ol>
    </div>
  );
}

function FoldedRow({ count }: { count: number }) {
  const { t } = useTranslation('graphpath');
  return (
    <span data-testid="nested-path-folded" className="block truncate px-1 text-[13px] text-slate-700 italic">
      {t('folded', { count })}
    </span>
  );
}

function FrameRow({ row, first }: { row: Extract<CallStackRow, { kind: 'frame' }>; first: boolean }) {
  const { t } = useTranslation('ui');
  const f = row.frame;
  // A goto is drawn apart from a jump: a dashed border and ⇢, and its words say no return to that chain.
  const gotoWords = f.gotoFrom !== undefined ? t('hall:goto.frame', { from: f.gotoFrom }) : undefined;
  return (
    <button
      type="button"
      data-via={gotoWords ? 'goto' : 'jump'}
      title={gotoWords}
      className={`nodrag w-full truncate rounded px-1 text-left font-mono text-[13px] hover:bg-slate-100 ${
        row.current ? 'font-bold text-slate-950' : 'text-slate-700'
      } ${gotoWords ? 'border-2 border-dashed border-violet-700' : ''}`}
      onClick={() => getLabStore().getState().openChain(f.table, f.chain)}
    >
      {gotoWords ? <span aria-hidden>⇢ </span> : !first ? <span aria-hidden>↳ </span> : ''}
      {f.chain}
      {f.ruleIndex !== undefined ? ` #${f.ruleIndex}` : ''}
      {gotoWords && <span className="sr-only"> ({gotoWords})</span>}
    </button>
  );
}
