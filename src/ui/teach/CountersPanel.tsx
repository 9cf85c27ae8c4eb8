// The "Counters" tab: `iptables -L -n -v --line-numbers` or `iptables-save -c` for one table, with the counters
// after the packet shown (they rise packet by packet), what this packet counted in, and Reset (-Z).
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatIptablesList, formatIptablesSave, reportRules } from '../../store/engineFacts.ts';
import type { ReportTable, TableName } from '../../engine/index.ts';
import { getLabStore, useLab } from '../../store/index.ts';
import { shownCounters, subtractBaseline } from '../../store/reports.ts';
import { BUTTON, INPUT, LABEL } from '../scenario/styles.ts';
import { CopyButton } from './CopyButton.tsx';
import { useShownRun } from './useShownRun.ts';

type Format = 'list' | 'save';

interface Moved {
  key: string;
  table: TableName;
  chain: string;
  num: number | null;
}

/** Rules and policies whose counters differ between two reports: what one packet counted in. */
function movedBetween(before: ReportTable[] | null, after: ReportTable[]): Moved[] {
  const old = new Map<string, number>();
  for (const t of before ?? [])
    for (const c of t.chains) {
      old.set(`${t.name}:${c.name}`, c.packets);
      for (const r of c.rules) old.set(`rule:${r.id}`, r.packets);
    }
  const out: Moved[] = [];
  for (const t of after)
    for (const c of t.chains) {
      for (const r of c.rules)
        if (r.packets !== (old.get(`rule:${r.id}`) ?? 0))
          out.push({ key: `rule:${r.id}`, table: t.name, chain: c.name, num: r.num });
      if (c.builtin && c.packets !== (old.get(`${t.name}:${c.name}`) ?? 0))
        out.push({ key: `${t.name}:${c.name}`, table: t.name, chain: c.name, num: null });
    }
  return out;
}

export function CountersPanel() {
  const { t } = useTranslation('teach');
  const rules = useLab((s) => s.rules);
  const tableName = useLab((s) => s.countersTable);
  const baseline = useLab((s) => s.countersBaseline);
  const { runs, index, caption } = useShownRun();
  const [format, setFormat] = useState<Format>('list');
  const [exact, setExact] = useState(false);

  // What traffic batches sent through these rules counts too (the Batch tab), on top of the packets traced.
  const batch = useLab((s) => s.batchCounters);
  const counters = shownCounters(runs, index, batch, rules);
  const previous = index > 0 ? shownCounters(runs, index - 1, batch, rules) : null;
  const report = useMemo(() => reportRules(rules, counters ?? undefined).tables, [rules, counters]);
  const before = useMemo(
    // Before the first packet: what the batches added alone (the rules this packet counted in are the moved ones).
    () => reportRules(rules, (index > 0 ? previous : shownCounters([], 0, batch, rules)) ?? undefined).tables,
    [rules, previous, index, batch],
  );
  const atReset = useMemo(
    () => (baseline && baseline.rules === rules ? reportRules(rules, baseline.counters ?? undefined).tables : null),
    [baseline, rules],
  );
  const shown = useMemo(() => subtractBaseline(report, baseline, rules, atReset), [report, baseline, rules, atReset]);
  const moved = useMemo(() => movedBetween(before, report), [before, report]);

  const table = shown.find((x) => x.name === tableName) ?? shown[0];
  const command =
    format === 'list'
      ? `# iptables -t ${table?.name ?? tableName} -L -n -v --line-numbers${exact ? ' -x' : ''}`
      : '# iptables-save -c';
  const output = !table
    ? ''
    : format === 'list'
      ? formatIptablesList(table, { lineNumbers: true, exact })
      : formatIptablesSave(shown);
  const store = getLabStore().getState();

  if (runs.length === 0) return <p className="p-3 text-[14px] text-slate-700">{t('common.noTrace')}</p>;
  return (
    <div className="flex min-h-0 flex-1 flex-col gap-2 p-2" data-testid="counters-panel">
      <div className="flex flex-wrap items-end gap-3">
        <label className={LABEL}>
          {t('counters.table')}
          <select
            className={INPUT}
            data-testid="counters-table"
            value={table?.name ?? tableName}
            onChange={(e) => store.setCountersTable(e.target.value as TableName)}
          >
            {shown.map((x) => (
              <option key={x.name} value={x.name}>
                {x.name}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="flex items-center gap-2 text-[13px]">
          <legend className="sr-only">{t('counters.format')}</legend>
          {(['list', 'save'] as const).map((f) => (
            <label key={f} className="flex items-center gap-1 whitespace-nowrap">
              <input
                type="radio"
                name="counters-format"
                data-testid={`counters-format-${f}`}
                checked={format === f}
                onChange={() => setFormat(f)}
              />
              <code>{f === 'list' ? 'iptables -L -n -v' : 'iptables-save -c'}</code>
            </label>
          ))}
        </fieldset>
        <label className="flex items-center gap-1 text-[13px] whitespace-nowrap">
          <input
            type="checkbox"
            checked={exact}
            onChange={(e) => setExact(e.target.checked)}
            data-testid="counters-exact"
          />
          {t('counters.exact')}
        </label>
        <button type="button" className={BUTTON} data-testid="counters-reset" onClick={() => store.resetCounters()}>
          {t('counters.reset')}
        </button>
        <CopyButton
          text={`${output}`}
          fileName={format === 'list' ? `iptables-L-${table?.name ?? 'filter'}.txt` : 'iptables-save-c.txt'}
          testId="counters-copy"
        />
      </div>
      <p className="text-[13px] text-slate-800" data-testid="counters-caption">
        {caption}
      </p>
      {batch && batch.rules === rules && (
        <p className="text-[13px] text-slate-800" data-testid="counters-batch-note">
          {t('batch:countersNote', { packets: batch.packets.toLocaleString() })}
        </p>
      )}
      {baseline && baseline.rules === rules && (
        <p className="flex flex-wrap items-center gap-2 text-[13px] text-slate-800" data-testid="counters-reset-note">
          {t('counters.resetNote')}
          <button type="button" className={BUTTON} onClick={() => store.clearCountersReset()}>
            {t('counters.undoReset')}
          </button>
        </p>
      )}
      <div className="text-[13px] text-slate-800" data-testid="counters-moved">
        {moved.length === 0 ? (
          t('counters.movedNone')
        ) : (
          <>
            {t('counters.moved')}{' '}
            {moved.map((m, i) => (
              <span key={m.key} className="font-mono">
                {i > 0 ? ', ' : ''}
                {m.num === null
                  ? t('counters.movedPolicy', { table: m.table, chain: m.chain })
                  : t('counters.movedRule', { table: m.table, chain: m.chain, num: m.num })}
              </span>
            ))}
          </>
        )}
      </div>
      <pre
        className="min-h-0 flex-1 overflow-auto rounded border border-slate-300 bg-slate-50 p-2 font-mono text-[12px] leading-snug text-slate-900"
        data-testid="counters-output"
        tabIndex={0}
      >
        <span className="text-slate-600">{command}</span>
        {'\n'}
        {output}
      </pre>
    </div>
  );
}
