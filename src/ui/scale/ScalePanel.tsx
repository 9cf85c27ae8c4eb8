// The "Scale" tab (issue #11): for N services, what each kube-proxy mode costs a new connection and an endpoint
// change, computed in the worker point by point (progress, Cancel) and charted on log axes, beside the real-kernel
// figures, labelled as such.
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { getLabStore, useLab } from '../../store/index.ts';
import { MAX_SCALE_SERVICES } from '../../store/scaleSlice.ts';
import { BUTTON, INPUT, INPUT_INVALID, LABEL } from '../scenario/styles.ts';
import { ScaleChart } from './ScaleChart.tsx';
import {
  engineTimeSeries,
  hasTimesBelowClock,
  partingSentence,
  perPacketSeries,
  sizesOf,
  updateSeries,
  type Series,
} from './scaleSeries.ts';

/** "10, 100 1000" → [10, 100, 1000]; null when a part is not a whole number in range. */
function parseSizes(text: string): number[] | null {
  const parts = text.split(/[\s,，、]+/).filter(Boolean);
  const sizes = parts.map(Number);
  const ok = sizes.length > 0 && sizes.every((n) => Number.isInteger(n) && n >= 1 && n <= MAX_SCALE_SERVICES);
  return ok ? sizes : null;
}

const REFERENCE_KEYS = ['connect10k', 'connect1k', 'restore10k', 'restore1k', 'nftables'] as const;

/** Above this many services a point takes tens of seconds (20,000: about 35 s for iptables mode on 2 busy cores). */
const BIG_SIZE = 5_000;

export function ScalePanel() {
  const { t, i18n } = useTranslation('scale');
  const { sizes, status, progress, points, error, stoppedAtOnce } = useLab(
    useShallow((s) => ({
      sizes: s.scaleSizes,
      status: s.scaleStatus,
      progress: s.scaleProgress,
      points: s.scalePoints,
      error: s.scaleError,
      stoppedAtOnce: s.scaleStoppedAtOnce,
    })),
  );
  const [text, setText] = useState(() => sizes.join(', '));
  const parsed = parseSizes(text);
  const running = status === 'running';

  const charts = useMemo(() => {
    const labelled = (list: Series[]) => list.map((series) => ({ series, label: t(`series.${series.id}`) }));
    return {
      sizes: sizesOf(points),
      perPacket: labelled(perPacketSeries(points)),
      micros: labelled(engineTimeSeries(points)),
      updateRules: labelled(updateSeries(points, 'rules')),
      updateBytes: labelled(updateSeries(points, 'bytes')),
    };
  }, [points, t]);
  const parting = partingSentence(points);
  const legend = useMemo(() => {
    const numbers = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 1 });
    return { format: (v: number) => numbers.format(v), noFigure: t('scale:legend.noFigure') };
  }, [i18n.language, t]);

  const run = () => {
    if (!parsed) return;
    const store = getLabStore().getState();
    store.setScaleSizes(parsed);
    setText(getLabStore().getState().scaleSizes.join(', '));
    void store.runScale();
  };

  return (
    <div
      className="flex min-h-0 flex-1 flex-col gap-2 overflow-auto p-3 text-[14px] text-slate-900"
      data-testid="scale-panel"
    >
      <p className="max-w-[80ch]">{t('intro')}</p>
      <div className="flex flex-wrap items-end gap-2">
        <label className={LABEL}>
          {t('sizes', { max: MAX_SCALE_SERVICES.toLocaleString() })}
          <input
            data-testid="scale-sizes"
            className={parsed ? INPUT : INPUT_INVALID}
            value={text}
            aria-invalid={!parsed}
            onChange={(e) => setText(e.target.value)}
            disabled={running}
          />
        </label>
        <button type="button" className={BUTTON} data-testid="scale-run" disabled={!parsed || running} onClick={run}>
          {t('run')}
        </button>
        {running && (
          <>
            <progress
              className="h-3 w-48"
              data-testid="scale-progress"
              aria-label={t('progressLabel')}
              max={Math.max(1, progress.total)}
              value={progress.done}
            />
            <button
              type="button"
              className={BUTTON}
              data-testid="scale-cancel"
              onClick={() => getLabStore().getState().cancelScale()}
            >
              {t('cancel')}
            </button>
          </>
        )}
      </div>
      {parsed?.some((n) => n > BIG_SIZE) && (
        <p className="max-w-[80ch] text-[13px] text-slate-700" data-testid="scale-big-note">
          {t('teachscale:bigSizes', { threshold: BIG_SIZE.toLocaleString(i18n.language) })}
        </p>
      )}
      {!parsed && <p className="text-red-800">{t('badSizes', { max: MAX_SCALE_SERVICES.toLocaleString() })}</p>}
      <p data-testid="scale-status" role="status">
        {t(`status.${status}`, {
          // Progress comes in points and fractions of one (its phases): the status names the point being computed.
          done: Math.min(progress.total, Math.floor(progress.done) + 1),
          total: progress.total,
          error: error ?? '',
        })}
      </p>
      {status === 'cancelled' && stoppedAtOnce && (
        <p className="max-w-[80ch] text-[13px] text-slate-700" data-testid="scale-stopped">
          {t('scalecancel:stoppedAtOnce')}
        </p>
      )}
      <div className="flex flex-wrap gap-4">
        <div className="flex min-w-0 flex-[3] flex-wrap gap-4">
          {charts.sizes.length > 0 && (
            <>
              <ScaleChart
                testId="scale-chart-packet"
                title={t('chart.packet')}
                unit={t('unit.count')}
                servicesLabel={t('services')}
                {...legend}
                sizes={charts.sizes}
                series={charts.perPacket}
              />
              <ScaleChart
                testId="scale-chart-micros"
                title={t('chart.micros')}
                unit={t('unit.micros')}
                servicesLabel={t('services')}
                {...legend}
                sizes={charts.sizes}
                series={charts.micros}
              />
              <ScaleChart
                testId="scale-chart-update-rules"
                title={t('chart.updateRules')}
                unit={t('unit.rules')}
                servicesLabel={t('services')}
                {...legend}
                sizes={charts.sizes}
                series={charts.updateRules}
              />
              <ScaleChart
                testId="scale-chart-update-bytes"
                title={t('chart.updateBytes')}
                unit={t('unit.bytes')}
                servicesLabel={t('services')}
                {...legend}
                sizes={charts.sizes}
                series={charts.updateBytes}
              />
            </>
          )}
        </div>
        <aside
          className="max-w-[42ch] min-w-[28ch] flex-1 rounded border border-amber-300 bg-amber-50 p-2"
          data-testid="scale-reference"
        >
          <p className="font-semibold">{t('reference.title')}</p>
          <ul className="list-disc pl-5">
            {REFERENCE_KEYS.map((key) => (
              <li key={key}>{t(`reference.${key}`)}</li>
            ))}
          </ul>
        </aside>
      </div>
      {hasTimesBelowClock(points) && <p>{t('belowClock')}</p>}
      {parting && (
        <p className="max-w-[80ch] font-semibold" data-testid="scale-parting">
          {t(parting.key, {
            ...Object.fromEntries(Object.entries(parting.params).map(([k, v]) => [k, v.toLocaleString(i18n.language)])),
          })}
        </p>
      )}
    </div>
  );
}
