// One side of the IPVS comparison as a small diagram: the hooks the packet crossed, top to bottom, each with the
// tables (and IPVS, and conntrack) it met there, then where it left for. Drawn from the stops the engine reported
// (lessonCompare); the ordered list beside it says the same in words for a screen reader.
import { useTranslation } from 'react-i18next';
import type { CompareSide } from '../../store/lessonSlice.ts';
import { hookBoxes } from './hookBoxes.ts';

function stopLook(what: string): string {
  if (what === 'ipvs') return 'border-violet-700 bg-violet-100 font-bold text-violet-950';
  if (what === 'conntrack') return 'border-dashed border-slate-400 text-slate-700';
  return 'border-slate-500 bg-white text-slate-900';
}

export function CompareDiagram({ side, testId }: { side: CompareSide; testId: string }) {
  const { t } = useTranslation('teach2');
  const boxes = hookBoxes(side.stops);
  const dst = side.dport === undefined ? side.dst : `${side.dst}:${side.dport}`;
  return (
    <ol aria-hidden className="flex flex-col items-stretch gap-0 text-[12px]" data-testid={testId}>
      {boxes.map((b, i) => (
        <li key={i} className="flex flex-col items-center" data-testid={`${testId}-hook-${b.hook}`}>
          {i > 0 && <span className="leading-none text-slate-600">↓</span>}
          <div className="w-full rounded border-2 border-slate-600 bg-slate-50 px-1 py-0.5">
            <p className="text-center font-mono text-[11px] font-bold break-all">{b.hook}</p>
            <p className="flex flex-wrap justify-center gap-0.5">
              {b.stops.map((what, k) => (
                <span key={k} className={`rounded border px-1 font-mono text-[11px] ${stopLook(what)}`}>
                  {what === 'ipvs' ? 'IPVS' : what}
                </span>
              ))}
            </p>
          </div>
        </li>
      ))}
      <li className="flex flex-col items-center">
        <span className="leading-none text-slate-600">↓</span>
        <p className="w-full rounded bg-emerald-50 px-1 text-center font-mono text-[11px] break-all">
          {t('compareDiagram.leaves', { iface: side.outIface ?? '–', dst })}
        </p>
      </li>
    </ol>
  );
}
