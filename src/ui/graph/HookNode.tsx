import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { shallow } from 'zustand/shallow';
import { getLabStore } from '../../store/index.ts';
import type { HookNode as HookNodeType, StopView } from '../../store/graphModel.ts';
import { LAYOUT, LINE_Y } from '../../store/graphModel.ts';
import type { HookName, NftStopView } from '../../engine/index.ts';
import { Handles } from './Handles.tsx';
import { nodeFrame, stateMark } from './styles.ts';

/** A lesson's pointer on a block: a shape and words, not only a colour. */
function LessonMark() {
  const { t } = useTranslation('lessons');
  return (
    <>
      <span className="mr-1 text-violet-700 not-italic" aria-hidden>
        ▶
      </span>
      <span className="sr-only">{t('graphMark')}: </span>
    </>
  );
}

/**
 * Memoised on the stop's fields (the graph is rebuilt at every step, its stop objects new): a step re-renders the two
 * or three blocks whose state changed, not every block with its catalog words.
 */
const StopBlock = memo(
  function StopBlock({ hook, stop }: { hook: HookName; stop: StopView }) {
    const { t } = useTranslation('ui');
    if (stop.table === 'conntrack') {
      return (
        <div
          data-testid={`table-${hook}-conntrack`}
          data-state={stop.state}
          data-marked={stop.marked === true}
          className={`mx-2 flex items-center justify-between rounded border border-dotted px-2 text-[13px] italic ${
            stop.state === 'active' ? 'border-amber-600 bg-amber-100 font-semibold' : 'border-slate-400 text-slate-600'
          } ${stop.marked ? 'outline-[3px] outline-offset-1 outline-violet-600 outline-solid' : ''}`}
          style={{ height: LAYOUT.rowHeight - 6, marginBottom: 6 }}
        >
          <span>
            {stop.marked && <LessonMark />}
            {t('graph.conntrack')}
          </span>
          <span aria-hidden>{stateMark[stop.state]}</span>
        </div>
      );
    }
    if (stop.nft) return <NftStopBlock hook={hook} stop={stop} nft={stop.nft} />;
    const faint = !stop.defined;
    const detail = faint
      ? t('graph.notDefined')
      : stop.quiet
        ? t('graph.quiet')
        : stop.ruleCount > 0
          ? t('graph.rules', { count: stop.ruleCount })
          : t('graph.policy', { policy: stop.policy ?? '' });
    const look =
      stop.state === 'active'
        ? 'border-amber-600 bg-amber-200 text-slate-950 font-semibold shadow'
        : stop.state === 'passed'
          ? 'border-sky-700 bg-sky-100 text-slate-900'
          : faint
            ? 'border-dashed border-slate-300 bg-transparent text-slate-600 italic'
            : stop.quiet
              ? 'border-dashed border-slate-400 bg-slate-50 text-slate-700'
              : 'border-slate-500 bg-white text-slate-900';
    return (
      <button
        type="button"
        data-testid={`table-${hook}-${stop.table}`}
        data-state={stop.state}
        data-defined={stop.defined}
        data-quiet={stop.quiet}
        data-marked={stop.marked === true}
        title={t('graph.blockTitle', { table: stop.table, hook })}
        onClick={() =>
          getLabStore()
            .getState()
            .openChain(stop.table as Exclude<typeof stop.table, 'conntrack' | 'nft'>, hook, hook)
        }
        className={`nodrag mx-2 flex w-[calc(100%-1rem)] cursor-pointer items-center justify-between rounded border-2 px-2 text-left text-[15px] ${look} ${
          stop.marked ? 'outline-[3px] outline-offset-1 outline-violet-600 outline-solid' : ''
        }`}
        style={{ height: LAYOUT.rowHeight - 6, marginBottom: 6 }}
      >
        <span className="font-mono">
          {stop.marked && <LessonMark />}
          {stop.table}
        </span>
        <span className="flex items-center gap-1 text-[12px]">
          <span>{detail}</span>
          {stop.state !== 'idle' && (
            <span aria-label={t(`graph.state.${stop.state}`)} className="text-[14px]">
              {stateMark[stop.state]}
            </span>
          )}
        </span>
      </button>
    );
  },
  (a, b) => a.hook === b.hook && shallow(a.stop, b.stop),
);

const blockLook: Record<StopView['state'], string> = {
  active: 'border-amber-600 bg-amber-200 text-slate-950 font-semibold shadow',
  passed: 'border-sky-700 bg-sky-100 text-slate-900',
  idle: 'border-violet-700 bg-white text-slate-900',
};

/** A native nftables base chain: family and table, its priority (the order at the hook), and its policy. */
function NftStopBlock({ hook, stop, nft }: { hook: HookName; stop: StopView; nft: NftStopView }) {
  const { t } = useTranslation('nftlab');
  const label = `${nft.family} ${nft.table}`;
  return (
    <button
      type="button"
      data-testid={`nftstop-${hook}-${nft.family}-${nft.table}-${nft.chain}`}
      data-state={stop.state}
      data-priority={stop.priority}
      data-marked={stop.marked === true}
      title={t('nftlab:graph.baseTitle', {
        family: nft.family,
        table: nft.table,
        chain: nft.chain,
        type: nft.type,
        priority: stop.priority,
        count: stop.ruleCount,
        policy: stop.policy === 'DROP' ? 'drop' : 'accept',
      })}
      onClick={() => getLabStore().getState().openNftChain(nft, hook)}
      className={`nodrag mx-2 flex w-[calc(100%-1rem)] cursor-pointer items-center justify-between gap-1 rounded border-2 border-l-[6px] px-1.5 text-left text-[13px] ${blockLook[stop.state]} ${stop.policy === 'DROP' ? 'border-l-red-700' : ''} ${
        stop.marked ? 'outline-[3px] outline-offset-1 outline-violet-600 outline-solid' : ''
      }`}
      style={{ height: LAYOUT.rowHeight - 6, marginBottom: 6 }}
    >
      <span className="min-w-0 truncate font-mono">
        {stop.marked && <LessonMark />}
        {label}
      </span>
      {stop.policy === 'DROP' && <span className="sr-only">{t('nftlab:graph.policyDrop')}</span>}
      <span className="flex shrink-0 items-center gap-1 text-[11px]">
        <span data-testid="base-priority" className="rounded bg-violet-100 px-1 text-violet-900">
          {t('nftlab:graph.priority', { priority: stop.priority })}
        </span>
        {stop.state !== 'idle' && (
          <span aria-label={t(`ui:graph.state.${stop.state}`)} className="text-[14px]">
            {stateMark[stop.state]}
          </span>
        )}
      </span>
    </button>
  );
}

export function HookNode({ data }: NodeProps<HookNodeType>) {
  return (
    <div
      data-testid={`hook-${data.hook}`}
      className={`rounded-lg border-2 shadow-sm ${nodeFrame[data.state === 'active' ? 'passed' : data.state]}`}
      style={{ width: LAYOUT.hookWidth, paddingBottom: LAYOUT.padding - 6 }}
    >
      <Handles lineY={LINE_Y} />
      <div
        className="flex items-center justify-center font-mono text-[17px] font-bold tracking-wide text-slate-900"
        style={{ height: LAYOUT.headerHeight }}
      >
        {data.hook}
      </div>
      {data.stops.map((stop) => (
        <StopBlock key={stop.key} hook={data.hook} stop={stop} />
      ))}
    </div>
  );
}
