// The "Conntrack" tab: the connection table after the packet shown, as `conntrack -L` prints it. Selecting an entry
// lists the packets that made or updated it (from the trace: their steps carry the entry's id); one click shows one.
import { useTranslation } from 'react-i18next';
import { conntrackSummary, formatConntrackEntry, formatConntrackList } from '../../store/engineFacts.ts';
import { getLabStore, useLab } from '../../store/index.ts';
import { conntrackAfter, packetsOfConnection } from '../../store/reports.ts';
import { BUTTON } from '../scenario/styles.ts';
import { CopyButton } from './CopyButton.tsx';
import { useShownRun } from './useShownRun.ts';

export function ConntrackPanel() {
  const { t } = useTranslation('teach');
  const { runs, index, run, caption, labelOf } = useShownRun();
  const selected = useLab((s) => s.selectedConnection);
  const entries = conntrackAfter(runs, index);
  const own = run?.steps.find((s) => s.ct?.id !== undefined)?.ct?.id;
  const store = getLabStore().getState();
  const packets = selected === null ? [] : packetsOfConnection(runs, selected);

  if (runs.length === 0) return <p className="p-3 text-[14px] text-slate-700">{t('common.noTrace')}</p>;
  return (
    <div className="flex min-h-0 flex-1 flex-col gap-2 overflow-auto p-2" data-testid="conntrack-panel">
      <div className="flex flex-wrap items-center gap-3">
        <p className="text-[13px] text-slate-800" data-testid="conntrack-caption">
          {caption}
        </p>
        <CopyButton text={formatConntrackList(entries)} fileName="conntrack-L.txt" testId="conntrack-copy" />
      </div>
      <p className="text-[13px] text-slate-700">{t('conntrack.help')}</p>
      <div className="rounded border border-slate-300 bg-slate-50 p-2 font-mono text-[12px] text-slate-900">
        <div className="text-slate-600"># conntrack -L</div>
        {entries.length === 0 && <p className="font-sans text-[13px]">{t('conntrack.empty')}</p>}
        <ul aria-label={t('conntrack.entries')} data-testid="conntrack-entries">
          {entries.map((e) => {
            const id = e.id ?? -1;
            const isSelected = selected === id;
            return (
              <li key={id}>
                <button
                  type="button"
                  aria-pressed={isSelected}
                  data-testid="conntrack-entry"
                  onClick={() => store.selectConnection(isSelected ? null : id)}
                  className={`w-full rounded px-1 text-left break-all whitespace-pre-wrap ${
                    isSelected ? 'bg-amber-100 outline outline-2 outline-amber-600' : 'hover:bg-slate-200'
                  }`}
                >
                  {own === id && <span className="font-sans font-bold">{t('conntrack.current')} ▶ </span>}
                  {formatConntrackEntry(e)}
                </button>
              </li>
            );
          })}
        </ul>
        <div className="text-slate-600">{conntrackSummary(entries.length)}</div>
      </div>
      <div className="text-[13px] text-slate-800" data-testid="conntrack-packets">
        {selected === null ? (
          t('conntrack.select')
        ) : (
          <div className="flex flex-wrap items-center gap-2">
            {t('conntrack.packetsOf')}
            {packets.map((i) => (
              <button
                key={i}
                type="button"
                className={`${BUTTON} ${i === index ? 'font-bold outline outline-2 outline-amber-600' : ''}`}
                aria-current={i === index}
                data-testid="conntrack-packet"
                onClick={() => store.selectPacket(i)}
              >
                {t('conntrack.packetButton', { n: i + 1, label: labelOf(i) })}
              </button>
            ))}
          </div>
        )}
      </div>
    </div>
  );
}
