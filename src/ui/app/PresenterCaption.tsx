import { useTranslation } from 'react-i18next';
import { getLabStore } from '../../store/index.ts';
import { FateBadge } from '../panels/FateBadge.tsx';
import { PlaybackControls } from '../panels/PlaybackControls.tsx';
import { notationOf, stepSentence } from '../panels/stepText.ts';
import { useCurrentEntry } from './selectors.ts';
import { useExplain } from './useExplain.ts';

/** Presenter mode's caption: the current step in large type, readable from the back of a lecture hall. */
export function PresenterCaption() {
  const { t } = useTranslation('ui');
  const explain = useExplain();
  const { entry } = useCurrentEntry();
  return (
    <section data-testid="presenter-caption" className="border-t-4 border-amber-500 bg-slate-900 px-6 py-4 text-white">
      {entry && (
        <>
          <div className="font-mono text-[22px] text-amber-300">{notationOf(entry.step)}</div>
          <p data-testid="presenter-sentence" className="mt-1 text-[30px] leading-snug font-semibold">
            {stepSentence(entry.step, t, explain)}
          </p>
        </>
      )}
      <div className="mt-3 flex flex-wrap items-center justify-between gap-3 rounded-md bg-white px-3 py-2 text-slate-900">
        <PlaybackControls />
        <FateBadge />
        <button
          type="button"
          onClick={() => getLabStore().getState().togglePresenting()}
          className="rounded-md border-2 border-slate-700 px-3 py-1 text-[15px] font-semibold"
        >
          {t('present.leave')}
        </button>
      </div>
    </section>
  );
}
