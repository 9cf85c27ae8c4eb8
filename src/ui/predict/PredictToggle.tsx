// The header's "Predict" switch: a toggle button (aria-pressed), like a tool that stays on.
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { getLabStore, useLab } from '../../store/index.ts';

// Memoised (no props): the header re-renders as each trace starts and ends, with nothing new for this to show.
export const PredictToggle = memo(function PredictToggle() {
  const { t } = useTranslation('predict');
  const on = useLab((s) => s.predicting);
  return (
    <button
      type="button"
      data-testid="predict-toggle"
      aria-pressed={on}
      title={t('toggleHint')}
      onClick={() => getLabStore().getState().togglePredict()}
      className={`rounded-md border-2 px-2 py-1 text-[14px] font-semibold whitespace-nowrap ${
        on ? 'border-amber-300 bg-amber-300 text-slate-950' : 'border-slate-300 text-white hover:bg-slate-700'
      }`}
    >
      <span aria-hidden>{on ? '◉' : '○'}</span> {t('toggle')}
    </button>
  );
});
