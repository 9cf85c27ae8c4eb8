import { useTranslation } from 'react-i18next';
import type { TraceStep } from '../../engine/index.ts';
import { getLabStore, useLab } from '../../store/index.ts';
import { FateBadge } from '../panels/FateBadge.tsx';
import { NatDiff } from '../panels/NatDiff.tsx';
import { PlaybackControls } from '../panels/PlaybackControls.tsx';
import { notationOf, stepSentence } from '../panels/stepText.ts';
import { useCurrentEntry } from './selectors.ts';
import { useExplain } from './useExplain.ts';

const LOOK = {
  light: {
    section: 'border-amber-500 bg-slate-50 text-slate-950',
    notation: 'text-amber-900',
    detail: 'border-slate-400 bg-white text-slate-950',
  },
  dark: {
    section: 'border-amber-400 bg-slate-900 text-white',
    notation: 'text-amber-300',
    detail: 'border-slate-500 bg-slate-800 text-white',
  },
} as const;

/** What the class needs beside the sentence: the rule being evaluated as iptables-save prints it, or the NAT rewrite. */
function StepDetail({ step, theme }: { step: TraceStep; theme: 'light' | 'dark' }) {
  const { t } = useTranslation('ui');
  if (step.kind === 'nat' && step.changed.length > 0)
    return <NatDiff before={step.before} after={step.after} changed={step.changed} large />;
  if (step.kind !== 'rule' && step.kind !== 'policy') return null;
  return (
    <div data-testid="presenter-rule" className={`rounded-md border-2 px-3 py-2 ${LOOK[theme].detail}`}>
      <div className="text-[17px] font-semibold">
        {step.kind === 'rule'
          ? t('hall:present.rule', { index: step.index, chain: step.chain })
          : t('hall:present.policy', { chain: step.chain, policy: step.policy })}
      </div>
      {step.kind === 'rule' && (
        <code className="block font-mono text-[19px] leading-snug break-words">{step.text}</code>
      )}
    </div>
  );
}

interface ToggleProps {
  pressed: boolean;
  onClick: () => void;
  label: string;
  title?: string;
}

function ToggleButton({ pressed, onClick, label, title }: ToggleProps) {
  return (
    <button
      type="button"
      aria-pressed={pressed}
      title={title}
      onClick={onClick}
      className={`rounded-md border-2 border-slate-700 px-3 py-1 text-[15px] font-semibold ${
        pressed ? 'bg-slate-800 text-white' : 'bg-white text-slate-900'
      }`}
    >
      {label}
    </button>
  );
}

/** Presenter mode's caption: the current step in large type, readable from the back of a lecture hall. */
export function PresenterCaption() {
  const { t } = useTranslation('ui');
  const explain = useExplain();
  const { entry } = useCurrentEntry();
  const theme = useLab((s) => s.presenterTheme);
  const pointer = useLab((s) => s.pointerHighlight);
  const store = getLabStore();
  return (
    <section
      data-testid="presenter-caption"
      data-theme={theme}
      className={`border-t-4 px-6 py-3 ${LOOK[theme].section}`}
    >
      {entry && (
        <div className="grid grid-cols-[minmax(0,1fr)_minmax(0,auto)] items-start gap-4">
          <div className="min-w-0">
            <div data-testid="presenter-notation" className={`font-mono text-[20px] ${LOOK[theme].notation}`}>
              {notationOf(entry.step)}
            </div>
            <p data-testid="presenter-sentence" className="mt-1 text-[24px] leading-snug font-semibold">
              {stepSentence(entry.step, t, explain)}
            </p>
          </div>
          <div className="w-[min(32rem,42vw)] empty:hidden">
            <StepDetail step={entry.step} theme={theme} />
          </div>
        </div>
      )}
      <div className="mt-2 flex flex-wrap items-center justify-between gap-3 rounded-md bg-white px-3 py-2 text-slate-900">
        <PlaybackControls />
        <FateBadge />
        <div className="flex items-center gap-2">
          <ToggleButton
            pressed={theme === 'dark'}
            onClick={store.getState().togglePresenterTheme}
            label={`${t('hall:present.dark')} (T)`}
          />
          <ToggleButton
            pressed={pointer}
            onClick={store.getState().togglePointerHighlight}
            label={`${t('hall:present.pointer')} (L)`}
            title={t('hall:present.pointerHint')}
          />
          <button
            type="button"
            onClick={() => store.getState().togglePresenting()}
            className="rounded-md border-2 border-slate-700 px-3 py-1 text-[15px] font-semibold"
          >
            {t('present.leave')}
          </button>
        </div>
      </div>
    </section>
  );
}
