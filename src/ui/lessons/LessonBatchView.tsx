// A 'batch' step's view: the step's count of new connections from the packet shown, sent by the engine in the
// worker (the Batch tab's slice), then each endpoint's count and share beside the exact fraction explore mode gives
// for the same packet. It only lines up what the engine answered.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { getLabStore, useLab } from '../../store/index.ts';
import { outcomeRows, decimal } from '../batch/batchView.ts';
import { BUTTON } from '../scenario/styles.ts';

export function LessonBatchView({ count }: { count: number }) {
  const { t, i18n } = useTranslation('teach2');
  const s = useLab(
    useShallow((st) => ({
      mine: st.lessonBatchSent,
      status: st.batchStatus,
      progress: st.batchProgress,
      result: st.batchResult,
      exact: st.batchExact,
    })),
  );
  const lng = i18n.language;
  const shown = s.mine && s.status === 'done' && s.result ? s.result : null;
  const rows = useMemo(() => (shown ? outcomeRows(shown, s.exact) : []), [shown, s.exact]);
  const store = getLabStore().getState();
  const n = (x: number) => x.toLocaleString(lng);
  const running = s.mine && s.status === 'running';
  return (
    <section aria-label={t('lessonBatch.title')} data-testid="lesson-batch" className="rounded bg-slate-100 p-2">
      <h4 className="text-[13px] font-bold">{t('lessonBatch.title')}</h4>
      <div className="flex flex-wrap items-center gap-1.5 text-[13px]">
        <button
          type="button"
          className={`${BUTTON} font-bold`}
          data-testid="lesson-batch-send"
          disabled={running}
          onClick={() => void store.runLessonBatch()}
        >
          {t('lessonBatch.send', { count: n(count) })}
        </button>
        {running && (
          <>
            <progress
              className="h-3 w-32"
              aria-label={t('lessonBatch.progress')}
              max={Math.max(1, s.progress.total)}
              value={s.progress.done}
            />
            <button type="button" className={BUTTON} onClick={() => store.cancelBatch()}>
              {t('lessonBatch.cancel')}
            </button>
          </>
        )}
      </div>
      <p role="status" className="text-[13px]" data-testid="lesson-batch-status">
        {running
          ? t('lessonBatch.running', { done: n(s.progress.done), total: n(s.progress.total) })
          : shown
            ? t('lessonBatch.done', { sent: n(shown.sent) })
            : s.mine && s.status === 'cancelled'
              ? t('lessonBatch.cancelled')
              : s.mine && s.status === 'failed'
                ? t('lessonBatch.failed')
                : t('lessonBatch.idle')}
      </p>
      {shown && (
        <table className="w-full border-collapse text-[13px]" data-testid="lesson-batch-table">
          <caption className="text-left text-slate-700">{t('lessonBatch.caption')}</caption>
          <thead>
            <tr className="border-b border-slate-400 text-left">
              <th className="pr-1">{t('lessonBatch.endpoint')}</th>
              <th className="pr-1 text-right">{t('lessonBatch.count')}</th>
              <th className="pr-1 text-right">{t('lessonBatch.share')}</th>
              <th>{t('lessonBatch.exact')}</th>
            </tr>
          </thead>
          {/* 12px mono, and an endpoint breaks only before its port: broken anywhere, "10.244.\n0.11:808\n0" read badly
              in the narrow lesson panel. */}
          <tbody className="font-mono text-[12px]">
            {rows.map((r) => (
              <tr key={r.key} className="border-b border-slate-200" data-testid="lesson-batch-row">
                <td className="pr-1">{breakBeforePort(r.endpoint)}</td>
                <td className="pr-1 text-right">{n(r.count)}</td>
                <td className="pr-1 text-right">{`${((100 * r.count) / Math.max(1, shown.sent)).toFixed(1)}%`}</td>
                <td data-testid="lesson-batch-exact">
                  {r.probability === undefined
                    ? '–'
                    : r.fraction !== undefined
                      ? `${r.fraction} = ${decimal(r.probability)}`
                      : decimal(r.probability)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** `10.244.0.11:8080` with a line-break opportunity before `:8080` only. */
function breakBeforePort(endpoint: string) {
  const colon = endpoint.lastIndexOf(':');
  if (colon <= 0) return endpoint;
  return (
    <>
      {endpoint.slice(0, colon)}
      <wbr />
      {endpoint.slice(colon)}
    </>
  );
}
