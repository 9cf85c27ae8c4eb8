// The way into the guided lessons, beside the scenario's own lesson panel: a word in its header when unfolded, a
// vertical strip under it when folded (the header has no room left at 1280 px in every language).
import { useTranslation } from 'react-i18next';
import { getLabStore } from '../../store/index.ts';

export function LessonsButton({ vertical = false }: { vertical?: boolean }) {
  const { t } = useTranslation('lessons');
  return (
    <button
      type="button"
      data-testid="lessons-open"
      title={t('openHint')}
      onClick={() => getLabStore().getState().setLessonListOpen(true)}
      className={
        vertical
          ? 'flex flex-col items-center gap-2 border-t border-slate-300 bg-violet-50 py-3 text-[13px] font-semibold text-violet-900 hover:bg-violet-100'
          : 'rounded border border-violet-700 bg-violet-50 px-2 text-[13px] font-semibold whitespace-nowrap text-violet-900 hover:bg-violet-100'
      }
    >
      {vertical ? (
        <>
          <span aria-hidden>★</span>
          <span className="[writing-mode:vertical-rl]">{t('open')}</span>
        </>
      ) : (
        <>
          <span aria-hidden>★</span> {t('open')}
        </>
      )}
    </button>
  );
}
