// The "Export" tab: the shown packet's trace as the kernel's trace tools print it, the counters as text, and the
// graph as PNG or SVG for slides. The texts are the engine's formatters over the trace; html-to-image draws the
// graph (it renders the DOM React Flow made into an SVG foreignObject, so what is saved is what is on screen).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toBlob, toSvg } from 'html-to-image';
import {
  formatIptablesList,
  formatIptablesSave,
  formatNftMonitorTrace,
  formatXtablesMonitorTrace,
  reportRules,
} from '../../store/engineFacts.ts';
import { useLab } from '../../store/index.ts';
import { countersAfter } from '../../store/reports.ts';
import { BUTTON } from '../scenario/styles.ts';
import { downloadBlob, downloadText, fileStem } from '../scenario/download.ts';
import { CopyButton } from './CopyButton.tsx';
import { useShownRun } from './useShownRun.ts';

type TraceFormat = 'xtables' | 'nft';

/** Leaves React Flow's own controls and attribution out of the picture. */
function onGraph(node: HTMLElement): boolean {
  const cls = node.classList;
  return (
    !cls ||
    !(
      cls.contains('react-flow__controls') ||
      cls.contains('react-flow__attribution') ||
      cls.contains('react-flow__minimap')
    )
  );
}

async function saveGraph(kind: 'png' | 'svg', stem: string): Promise<boolean> {
  const graph = document.querySelector<HTMLElement>('.react-flow');
  if (!graph) return false;
  const options = { backgroundColor: '#ffffff', filter: onGraph, pixelRatio: 2 };
  const name = `${stem}-graph.${kind}`;
  if (kind === 'svg') {
    // toSvg answers a data: URL of the SVG text; saved as a file like any other text.
    const url = await toSvg(graph, options);
    downloadText(name, decodeURIComponent(url.slice(url.indexOf(',') + 1)), 'image/svg+xml');
    return true;
  }
  const blob = await toBlob(graph, options);
  if (!blob) return false;
  downloadBlob(name, blob);
  return true;
}

export function ExportPanel() {
  const { t } = useTranslation('teach');
  const { runs, index, run, caption } = useShownRun();
  const rules = useLab((s) => s.rules);
  const stem = fileStem(useLab((s) => s.scenarioId) ?? 'scenario');
  const [format, setFormat] = useState<TraceFormat>('xtables');
  const [graphError, setGraphError] = useState(false);

  if (!run) return <p className="p-3 text-[14px] text-slate-700">{t('common.noTrace')}</p>;
  // The kernel's trace id is random; here the packet's number, so an exported trace is the same every time.
  const traceText =
    format === 'xtables'
      ? formatXtablesMonitorTrace(run, { traceId: index + 1 })
      : formatNftMonitorTrace(run, { traceId: index + 1 });
  const countersText = () => {
    const tables = reportRules(rules, countersAfter(runs, index) ?? undefined).tables;
    const lists = tables.map(
      (table) =>
        `# iptables -t ${table.name} -L -n -v --line-numbers\n${formatIptablesList(table, { lineNumbers: true })}`,
    );
    return `${lists.join('\n')}\n# iptables-save -c\n${formatIptablesSave(tables)}`;
  };
  const graph = (kind: 'png' | 'svg') => {
    setGraphError(false);
    saveGraph(kind, stem).then(
      (ok) => setGraphError(!ok),
      () => setGraphError(true),
    );
  };

  return (
    <div className="flex min-h-0 flex-1 flex-col gap-2 overflow-auto p-2" data-testid="export-panel">
      <p className="text-[13px] text-slate-800">{caption}</p>
      <section className="flex flex-wrap items-center gap-2">
        <h3 className="text-[13px] font-bold text-slate-900">{t('export.graph')}</h3>
        <button type="button" className={BUTTON} data-testid="export-png" onClick={() => graph('png')}>
          {t('export.png')}
        </button>
        <button type="button" className={BUTTON} data-testid="export-svg" onClick={() => graph('svg')}>
          {t('export.svg')}
        </button>
        <button
          type="button"
          className={BUTTON}
          data-testid="export-counters"
          onClick={() => downloadText(`${stem}-counters.txt`, countersText())}
        >
          {t('export.counters')}
        </button>
        <span role="status" className="text-[12px] font-semibold text-red-800">
          {graphError ? t('export.graphFailed') : ''}
        </span>
      </section>
      <section className="flex flex-wrap items-center gap-3">
        <h3 className="text-[13px] font-bold text-slate-900">{t('export.trace')}</h3>
        {(['xtables', 'nft'] as const).map((f) => (
          <label key={f} className="flex items-center gap-1 text-[13px] whitespace-nowrap">
            <input
              type="radio"
              name="export-trace-format"
              checked={format === f}
              onChange={() => setFormat(f)}
              data-testid={`export-format-${f}`}
            />
            <code>{f === 'xtables' ? 'xtables-monitor --trace' : 'nft monitor trace'}</code>
          </label>
        ))}
        <CopyButton text={traceText} fileName={`${stem}-trace-${format}.txt`} testId="export-trace-copy" />
      </section>
      <p className="text-[12px] text-slate-700">{t(format === 'xtables' ? 'export.xtablesNote' : 'export.nftNote')}</p>
      <pre
        className="min-h-24 flex-1 overflow-auto rounded border border-slate-300 bg-slate-50 p-2 font-mono text-[12px] leading-snug text-slate-900"
        data-testid="export-trace"
        tabIndex={0}
      >
        {traceText || t('export.noEvents')}
      </pre>
    </div>
  );
}
