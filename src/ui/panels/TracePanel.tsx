import { memo, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getLabStore } from '../../store/index.ts';
import type { TraceStep } from '../../engine/index.ts';
import type { TimelineEntry } from '../../store/timeline.ts';
import { useDeferredStep } from '../app/selectors.ts';
import { useExplain } from '../app/useExplain.ts';
import { notationOf, stepSentence } from './stepText.ts';

const ROW = 30;
const OVERSCAN = 12;

const VIA_MARK = {
  jump: { icon: '↳', words: 'hall:goto.jumpMark' },
  goto: { icon: '⇢', words: 'hall:goto.traceMark' },
  return: { icon: '↰', words: 'hall:goto.returnMark' },
} as const;

interface TraceLineProps {
  index: number;
  step: TraceStep;
  part: TimelineEntry['part'];
  /** The first line of the REJECT reply's steps: drawn with a rule above it. */
  startsReply: boolean;
  selected: boolean;
}

/**
 * One line, memoised on its step (steps keep their identity as a long trace's chunks arrive): a step to the next
 * line re-renders the two lines whose selection changed, not the forty in sight with their catalog sentences.
 */
const TraceLine = memo(function TraceLine({ index, step, part, startsReply, selected }: TraceLineProps) {
  const { t } = useTranslation('ui');
  const explain = useExplain();
  const notation = notationOf(step);
  const sentence = stepSentence(step, t, explain);
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
  // A goto is marked apart from a jump (⇢, no return; ↳, returns), with the difference in words for a screen reader;
  // in an nftables ruleset too.
  const via = (step.kind === 'chain' || step.kind === 'nft-chain') && step.via !== 'hook' ? step.via : null;
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
});

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

interface ListView {
  /** The list's scroll position, its visible height and width (px). */
  top: number;
  height: number;
  width: number;
  /** The step the list last followed: a new one is brought into sight once, then the user may scroll away. */
  step: number;
}

/** Where the list must scroll for line `index` to be in sight: its current place when it already is. */
function followTop(view: { top: number; height: number }, index: number, lines: number): number {
  const y = index * ROW;
  if (y >= view.top && y + ROW <= view.top + view.height) return view.top;
  // Out of sight: to the middle, so the lines around it are readable too; never past either end of the list.
  const bottom = Math.max(0, lines * ROW - view.height);
  return Math.min(bottom, Math.max(0, y - (view.height - ROW) / 2));
}

/**
 * One line per trace step. Only the visible lines are rendered: a packet through a 10,000-service kube-proxy
 * dump makes tens of thousands of steps, and the main thread must never stall on them.
 *
 * The lines in sight are computed from the step before the list is scrolled (End renders the last forty lines
 * once, then scrolls to them in the next frame), and the scroll and size listeners leave the state alone when
 * nothing moved: a step far away used to render the old lines, force a layout to read the scroll position,
 * scroll, force another to read it back in the scroll event, and render again.
 */
export function TracePanel() {
  const { timeline, stepIndex } = useDeferredStep();
  return <TraceList timeline={timeline} stepIndex={stepIndex} />;
}

/** Memoised: the step's urgent render (old deferred values) stops here; the deferred one, sliced, draws the lines. */
const TraceList = memo(function TraceList({ timeline, stepIndex }: { timeline: TimelineEntry[]; stepIndex: number }) {
  const { t } = useTranslation('ui');
  const box = useRef<HTMLDivElement>(null);
  const [view, setView] = useState<ListView>({ top: 0, height: 400, width: 1000, step: -1 });
  /** The scroll position and height the box has now (as last read, observed or set): following reads neither. */
  const scrolledTo = useRef(0);
  const boxHeight = useRef(view.height);
  /** Where following a step scrolled the box, until its scroll event arrives. */
  const ownScroll = useRef<number | null>(null);
  const lines = timeline.length;

  // A new step: the lines to draw follow it in this very render (React's pattern for state derived from a prop);
  // the box is scrolled to them once they are committed.
  if (view.step !== stepIndex) setView({ ...view, top: followTop(view, stepIndex, lines), step: stepIndex });

  // A layout effect: the frame callback is asked for before this commit is painted, so the lines drawn for the new
  // place and the scroll to them reach the screen in the same frame.
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const y = stepIndex * ROW;
    const from = scrolledTo.current;
    // Well inside the box as last measured: nothing to do, and no layout forced to check.
    if (y >= from + ROW && y + 2 * ROW <= from + boxHeight.current) return;
    // Near an edge or out of sight: scrolled in the next frame's animation callback, where the layout that reading
    // the height and scrolling need is the frame's own, not one more forced in the middle of the step's task.
    const frame = requestAnimationFrame(() => {
      const at = scrolledTo.current;
      // The height as laid out now (the fate badge may have changed it with this step).
      const top = followTop({ top: at, height: el.clientHeight }, stepIndex, lines);
      if (Math.abs(top - at) >= 1) {
        scrolledTo.current = top;
        ownScroll.current = top;
        el.scrollTop = top;
        // The scroll event comes in the next frame, before its animation callbacks: past them it was not ours.
        requestAnimationFrame(() => requestAnimationFrame(() => (ownScroll.current = null)));
      }
      // The lines drawn were for the estimate: redrawn if the box stays elsewhere.
      setView((v) => (Math.abs(v.top - top) < 1 ? v : { ...v, top }));
    });
    return () => cancelAnimationFrame(frame);
  }, [stepIndex, lines]);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = (height: number, width: number) => {
      boxHeight.current = height;
      setView((v) => (v.height === height && v.width === width ? v : { ...v, height, width }));
    };
    measure(el.clientHeight, el.clientWidth);
    // The observer hands the new size over: reading it from the box would force a layout.
    const observer = new ResizeObserver(([entry]) => {
      if (entry) measure(entry.contentRect.height, entry.contentRect.width);
    });
    observer.observe(el);
    const onScroll = () => {
      // The scroll that followed a step is where it was put: reading it back would force a layout.
      scrolledTo.current = ownScroll.current ?? el.scrollTop;
      ownScroll.current = null;
      setView((v) => (Math.abs(v.top - scrolledTo.current) < 1 ? v : { ...v, top: scrolledTo.current }));
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      observer.disconnect();
      el.removeEventListener('scroll', onScroll);
    };
  }, []);

  const first = Math.max(0, Math.floor(view.top / ROW) - OVERSCAN);
  const last = Math.min(timeline.length, Math.ceil((view.top + view.height) / ROW) + OVERSCAN);
  const rows = [];
  for (let i = first; i < last; i += 1) {
    const entry = timeline[i];
    if (!entry) continue;
    const startsReply = entry.part === 'reply' && timeline[i - 1]?.part === 'packet';
    rows.push(
      <TraceLine
        key={i}
        index={i}
        step={entry.step}
        part={entry.part}
        startsReply={startsReply}
        selected={i === stepIndex}
      />,
    );
  }
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
        <ol data-testid="trace-list" data-lines={lines} className="relative" style={{ height: lines * ROW }}>
          {rows}
        </ol>
      </div>
    </div>
  );
});
