import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getLabStore, useLab } from '../../store/index.ts';
import type { TimelineEntry } from '../../store/timeline.ts';
import { useTimeline } from '../app/selectors.ts';
import { useExplain } from '../app/useExplain.ts';
import { notationOf, stepSentence } from './stepText.ts';

const ROW = 30;
const OVERSCAN = 12;

const VIA_MARK = {
  jump: { icon: '↳', words: 'hall:goto.jumpMark' },
  goto: { icon: '⇢', words: 'hall:goto.traceMark' },
  return: { icon: '↰', words: 'hall:goto.returnMark' },
} as const;

function TraceLine({ index, selected, timeline }: { index: number; selected: boolean; timeline: TimelineEntry[] }) {
  const { t } = useTranslation('ui');
  const explain = useExplain();
  const entry = timeline[index];
  if (!entry) return null;
  const { step, part } = entry;
  const notation = notationOf(step);
  const sentence = stepSentence(step, t, explain);
  const startsReply = part === 'reply' && timeline[index - 1]?.part === 'packet';
  const verdict =
    step.kind === 'rule'
      ? step.matched
        ? '✓'
        : '✗'
      : step.kind === 'policy'
        ? step.policy === 'DROP'
          ? '✗'
          : '✓'
        : '';
  // A goto is marked apart from a jump (⇢, no return; ↳, returns), with the difference in words for a screen reader.
  const via = step.kind === 'chain' && step.via !== 'hook' ? step.via : null;
  const viaMark = via ? VIA_MARK[via] : null;
  return (
    <li
      data-testid={`trace-line-${index}`}
      aria-current={selected ? 'step' : undefined}
      onClick={() => getLabStore().getState().goToStep(index)}
      className={`absolute left-0 right-0 flex cursor-pointer items-center gap-2 border-b border-slate-200 px-2 text-[14px] ${
        selected
          ? 'bg-amber-200 font-semibold text-slate-950 outline-2 outline-amber-600'
          : 'text-slate-800 hover:bg-slate-100'
      } ${startsReply ? 'border-t-4 border-t-violet-700' : ''}`}
      style={{ top: index * ROW, height: ROW }}
    >
      <span className="w-10 shrink-0 text-right font-mono text-[12px] text-slate-600">{index + 1}</span>
      <span aria-hidden className="w-4 shrink-0 text-center" data-via={via ?? undefined}>
        {selected ? '▶' : (viaMark?.icon ?? verdict)}
      </span>
      {viaMark && <span className="sr-only">{t(viaMark.words)}</span>}
      {/* Rows have one fixed height (the list is virtual), so long texts are cut: the tooltip gives them whole. */}
      <span
        data-testid="trace-notation"
        className="w-44 shrink-0 truncate font-mono text-[13px] 2xl:w-60"
        title={notation}
      >
        {part === 'reply' ? '↩ ' : ''}
        {notation}
      </span>
      <span data-testid="trace-sentence" className="truncate" title={sentence}>
        {sentence}
      </span>
    </li>
  );
}

/** Below this width (a lesson open beside the lab at 1280×720) the lines cut most sentences to a few words. */
const NARROW = 600;

/**
 * The selected step's notation and sentence in full, wrapped, above the list: its lines keep one fixed height (the
 * list is virtual), so in a narrow panel they cut the sentence short and only a tooltip had it whole.
 */
function CurrentStepInFull({ index, timeline }: { index: number; timeline: TimelineEntry[] }) {
  const { t } = useTranslation('ui');
  const explain = useExplain();
  const entry = timeline[index];
  if (!entry) return null;
  return (
    <p
      data-testid="trace-current-full"
      className="max-h-24 shrink-0 overflow-y-auto border-b-2 border-amber-600 bg-amber-50 px-2 py-1 text-[13px] break-words text-slate-950"
    >
      <span className="font-mono font-semibold">
        {index + 1}. {entry.part === 'reply' ? '↩ ' : ''}
        {notationOf(entry.step)}
      </span>{' '}
      {stepSentence(entry.step, t, explain)}
    </p>
  );
}

/**
 * One line per trace step. Only the visible lines are rendered: a packet through a 10,000-service kube-proxy
 * dump makes tens of thousands of steps, and the main thread must never stall on them.
 */
export function TracePanel() {
  const { t } = useTranslation('ui');
  const timeline = useTimeline();
  const stepIndex = useLab((s) => s.stepIndex);
  const box = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ top: 0, height: 400, width: 1000 });

  // Keep the selected line in sight as playback moves.
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const y = stepIndex * ROW;
    // Out of sight: bring it to the middle, so the lines around it are readable too.
    if (y < el.scrollTop || y + ROW > el.scrollTop + el.clientHeight) el.scrollTop = y - (el.clientHeight - ROW) / 2;
  }, [stepIndex]);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const update = () => setView({ top: el.scrollTop, height: el.clientHeight, width: el.clientWidth });
    update();
    const observer = new ResizeObserver(update);
    observer.observe(el);
    el.addEventListener('scroll', update, { passive: true });
    return () => {
      observer.disconnect();
      el.removeEventListener('scroll', update);
    };
  }, []);

  const first = Math.max(0, Math.floor(view.top / ROW) - OVERSCAN);
  const last = Math.min(timeline.length, Math.ceil((view.top + view.height) / ROW) + OVERSCAN);
  const indices = Array.from({ length: Math.max(0, last - first) }, (_, k) => first + k);
  const rows = indices.map((i) => <TraceLine key={i} index={i} selected={i === stepIndex} timeline={timeline} />);
  return (
    <div className="flex h-full min-h-0 flex-col">
      {view.width < NARROW && <CurrentStepInFull index={stepIndex} timeline={timeline} />}
      <div
        ref={box}
        className="relative min-h-0 flex-1 overflow-auto"
        role="region"
        aria-label={t('trace.label')}
        tabIndex={0}
      >
        {/* The box is always there: its scroll and size listeners attach once, at mount. */}
        {timeline.length === 0 && <p className="p-3 text-slate-600">{t('trace.empty')}</p>}
        <ol className="relative" style={{ height: timeline.length * ROW }}>
          {rows}
        </ol>
      </div>
    </div>
  );
}
