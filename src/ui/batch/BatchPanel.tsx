// The "Batch" tab (issue #10 point 6): N packets or N new connections built from the packet shown, sent by the
// engine in the worker with a progress bar and Cancel; a chart of where they went beside a table of the exact
// probabilities explore mode gives for the same packet (fraction and decimal). The counters they add show in the
// Counters tab.
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { BatchKind } from '../../engine/index.ts';
import { getLabStore, useLab } from '../../store/index.ts';
import { batchTemplateIndex, MAX_BATCH } from '../../store/batchSlice.ts';
import { packetSummary } from '../scenario/PacketBuilder.tsx';
import { BUTTON, INPUT, INPUT_INVALID } from '../scenario/styles.ts';
import { BatchChart } from './BatchChart.tsx';
import { barsBy, decimal, outcomeRows, type ChartBy } from './batchView.ts';

const KINDS: readonly BatchKind[] = ['connections', 'packets'];
const CHART_BY: readonly ChartBy[] = ['endpoint', 'fate', 'iface'];

function BatchControls() {
  const { t, i18n } = useTranslation('batch');
  const s = useLab(
    useShallow((st) => ({
      count: st.batchCount,
      kind: st.batchKind,
      randomPorts: st.batchRandomPorts,
      status: st.batchStatus,
      progress: st.batchProgress,
      seed: st.seed,
      index: batchTemplateIndex(st),
      packet: st.packets[batchTemplateIndex(st)],
    })),
  );
  const [text, setText] = useState(String(s.count));
  const typed = /^\d{1,9}$/.test(text.trim()) ? Number(text.trim()) : NaN;
  const valid = Number.isInteger(typed) && typed >= 1;
  const running = s.status === 'running';
  const store = getLabStore().getState();
  const max = MAX_BATCH.toLocaleString(i18n.language);
  return (
    <div className="flex flex-col gap-1">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <label className="flex items-center gap-1 text-[13px] font-semibold whitespace-nowrap text-slate-700">
          {t('count')}
          <input
            data-testid="batch-count"
            inputMode="numeric"
            className={`${valid ? INPUT : INPUT_INVALID} w-24`}
            title={t('badCount', { max })}
            aria-invalid={!valid}
            value={text}
            disabled={running}
            onChange={(e) => {
              setText(e.target.value);
              const n = Number(e.target.value.trim());
              if (/^\d{1,9}$/.test(e.target.value.trim()) && n >= 1) store.setBatchCount(n);
            }}
          />
        </label>
        <fieldset className="flex flex-wrap items-center gap-x-2 text-[13px]">
          <legend className="float-left mr-1 font-semibold text-slate-700">{t('kind.label')}</legend>
          {KINDS.map((k) => (
            <label key={k} className="flex items-center gap-1 whitespace-nowrap">
              <input
                type="radio"
                name="batch-kind"
                data-testid={`batch-kind-${k}`}
                checked={s.kind === k}
                disabled={running}
                onChange={() => store.setBatchKind(k)}
              />
              {t(`kind.${k}`)}
            </label>
          ))}
        </fieldset>
        <label className="flex items-center gap-1 text-[13px] whitespace-nowrap">
          <input
            type="checkbox"
            data-testid="batch-random-ports"
            checked={s.randomPorts}
            disabled={running}
            onChange={(e) => store.setBatchRandomPorts(e.target.checked)}
          />
          {t('randomPorts', { seed: s.seed })}
        </label>
        <button
          type="button"
          className={`${BUTTON} font-bold`}
          data-testid="batch-send"
          disabled={!valid || running || !s.packet}
          onClick={() => void store.runBatch()}
        >
          {t('send')}
        </button>
        {running && (
          <>
            <progress
              className="h-3 w-40"
              data-testid="batch-progress"
              aria-label={t('progressLabel')}
              max={Math.max(1, s.progress.total)}
              value={s.progress.done}
            />
            <button type="button" className={BUTTON} data-testid="batch-cancel" onClick={() => store.cancelBatch()}>
              {t('cancel')}
            </button>
          </>
        )}
      </div>
      {!valid && <p className="text-[13px] text-red-800">{t('badCount', { max })}</p>}
      {valid && typed > MAX_BATCH && (
        <p className="text-[13px] text-amber-900" data-testid="batch-too-many">
          {t('tooMany', { max })}
        </p>
      )}
      <p className="text-[13px] text-slate-800">
        <span data-testid="batch-template">
          {s.packet
            ? t('template', {
                n: s.index + 1,
                summary: `${s.packet.local ? t('templateLocal') : t('templateIface', { iface: s.packet.in ?? '?' })} · ${packetSummary(s.packet)}`,
              })
            : t('noPacket')}
        </span>{' '}
        <span className="text-slate-700">{t(`kindHint.${s.kind}`)}</span>
      </p>
    </div>
  );
}

function BatchStatusLine() {
  const { t, i18n } = useTranslation('batch');
  const s = useLab(
    useShallow((st) => ({
      status: st.batchStatus,
      progress: st.batchProgress,
      result: st.batchResult,
      template: st.batchTemplate,
      error: st.batchError,
    })),
  );
  const n = (x: number) => x.toLocaleString(i18n.language);
  return (
    <p data-testid="batch-status" role="status" className="text-[13px] font-semibold text-slate-900">
      {t(`status.${s.status}`, {
        done: n(s.progress.done),
        total: n(s.progress.total),
        sent: n(s.result?.sent ?? 0),
        n: (s.template?.index ?? 0) + 1,
        seed: s.template?.seed ?? 0,
        error: s.error ?? '',
      })}
    </p>
  );
}

function BatchResults() {
  const { t, i18n } = useTranslation('batch');
  const { result, exact } = useLab(useShallow((st) => ({ result: st.batchResult, exact: st.batchExact })));
  const [by, setBy] = useState<ChartBy>('endpoint');
  const bars = useMemo(() => (result ? barsBy(by, result, exact) : null), [by, result, exact]);
  const rows = useMemo(() => (result ? outcomeRows(result, exact) : []), [result, exact]);
  if (!result || !bars) return null;
  const sent = result.sent.toLocaleString(i18n.language);
  const titleKey = by === 'endpoint' ? 'titleEndpoint' : by === 'fate' ? 'titleFate' : 'titleIface';
  const shown = {
    ...bars,
    labels: bars.labels.map((l) =>
      by === 'fate' ? t(`ui:fate.${l}`, { iface: '' }).trim() : by === 'iface' && l === '' ? t('chart.noIface') : l,
    ),
  };
  const share = (count: number) => `${((100 * count) / Math.max(1, result.sent)).toFixed(1)}%`;
  return (
    <div className="flex flex-wrap items-start gap-4">
      <div className="flex min-w-[280px] flex-[3] flex-col gap-1">
        <label className="flex items-center gap-2 text-[13px]">
          {t('chart.by')}
          <select
            className={INPUT}
            data-testid="batch-chart-by"
            value={by}
            onChange={(e) => setBy(e.target.value as ChartBy)}
          >
            {CHART_BY.map((b) => (
              <option key={b} value={b}>
                {t(b === 'endpoint' ? 'chart.byEndpoint' : b === 'fate' ? 'chart.byFate' : 'chart.byIface')}
              </option>
            ))}
          </select>
        </label>
        <BatchChart
          title={t(`chart.${titleKey}`, { sent })}
          countLabel={t('chart.count')}
          expectedLabel={t('chart.expected')}
          bars={shown}
        />
      </div>
      <div className="min-w-[300px] flex-[4]">
        <table className="w-full border-collapse text-[13px]" data-testid="batch-table">
          <caption className="text-left font-semibold text-slate-800">{t('table.caption')}</caption>
          <thead>
            <tr className="border-b border-slate-400 text-left">
              <th className="p-1">{t('table.outcome')}</th>
              <th className="p-1 text-right">{t('table.count')}</th>
              <th className="p-1 text-right">{t('table.share')}</th>
              <th className="p-1">{t('table.exact')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key} className="border-b border-slate-200 align-top" data-testid="batch-row">
                <td className="p-1">{t(`outcome.${r.fate}`, { endpoint: r.endpoint, iface: r.outIface ?? '' })}</td>
                <td className="p-1 text-right font-mono">{r.count.toLocaleString(i18n.language)}</td>
                <td className="p-1 text-right font-mono">{share(r.count)}</td>
                <td className="p-1 font-mono" data-testid="batch-exact">
                  {r.probability === undefined
                    ? t('table.noExact')
                    : r.fraction !== undefined
                      ? t('table.exactValue', { fraction: r.fraction, decimal: decimal(r.probability) })
                      : `${decimal(r.probability)} (${t('table.noFraction')})`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="mt-1 text-[12px] text-slate-700">{t('exactNote')}</p>
      </div>
    </div>
  );
}

export function BatchPanel() {
  return (
    <div
      className="flex min-h-0 flex-1 flex-col gap-2 overflow-auto p-2 text-[14px] text-slate-900"
      data-testid="batch-panel"
    >
      <BatchControls />
      <BatchStatusLine />
      <BatchResults />
    </div>
  );
}
