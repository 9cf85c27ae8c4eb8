// A long trace (a 5,000-deep chain of jumps, 20 `statistic` rules explored, 200,000 rules × many packets) says how far
// it has got and can be cancelled; cancelling keeps the rules, host and packets, and the trace shown before.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_MAX_EVALUATIONS, MAX_EXPLORE_RUNS, MAX_TRACE_STEPS } from '../../store/engineFacts.ts';
import { getLabStore, useLab } from '../../store/index.ts';

/** A trace answered sooner than this never shows the bar (no flicker on every edit). */
const SHOW_AFTER_MS = 400;

function useShownAfter(active: boolean, delayMs: number): boolean {
  const [shown, setShown] = useState(false);
  useEffect(() => {
    if (!active) return;
    const timer = setTimeout(() => setShown(true), delayMs);
    return () => {
      clearTimeout(timer);
      setShown(false);
    };
  }, [active, delayMs]);
  return active && shown;
}

export function TraceProgress() {
  const { t } = useTranslation('huge');
  const status = useLab((s) => s.traceStatus);
  const progress = useLab((s) => s.traceProgress);
  const explore = useLab((s) => s.explore);
  const busy = useShownAfter(status === 'running' || status === 'loading', SHOW_AFTER_MS);

  if (status === 'cancelled')
    return (
      <div
        role="status"
        data-testid="trace-cancelled"
        className="flex h-full items-center overflow-hidden border-b border-slate-400 bg-slate-200 px-4 text-[14px] leading-5 whitespace-nowrap"
      >
        {t('trace.cancelled')}
      </div>
    );
  if (!busy) return null;

  let text = t('trace.tracing');
  if (explore && progress) text = t('trace.exploring', { done: progress.done, max: MAX_EXPLORE_RUNS });
  else if (progress && progress.total > 0)
    text = t('trace.tracingPackets', { done: Math.min(progress.done + 1, progress.total), total: progress.total });
  return (
    <div
      data-testid="trace-progress"
      className="flex h-full items-center gap-3 border-b border-sky-800 bg-sky-50 px-4 text-[14px] leading-5 text-slate-900"
    >
      <span role="status" className="shrink-0 font-semibold">
        {text}
      </span>
      <span
        data-testid="trace-bounds"
        className="min-w-0 flex-1 truncate text-[12px] text-slate-700"
        title={t('trace.bounds', BOUNDS)}
      >
        {t('trace.bounds', BOUNDS)}
      </span>
      {progress && progress.total > 0 && (
        <progress className="w-40" max={progress.total} value={progress.done} aria-label={text} />
      )}
      <button
        type="button"
        data-testid="trace-cancel"
        className="rounded border border-slate-700 bg-white px-3 font-semibold"
        onClick={() => getLabStore().getState().cancelTrace()}
      >
        {t('trace.cancel')}
      </button>
    </div>
  );
}

const BOUNDS = { evaluations: DEFAULT_MAX_EVALUATIONS, steps: MAX_TRACE_STEPS, paths: MAX_EXPLORE_RUNS };
