// The left column while lessons are open: the lesson list, or the open lesson's current step.
import { useTranslation } from 'react-i18next';
import { findLesson } from '../../lessons/index.ts';
import { getLabStore, useLab } from '../../store/index.ts';
import { GuidedLesson } from './GuidedLesson.tsx';
import { LessonList } from './LessonList.tsx';

export function LessonSidebar() {
  const { t } = useTranslation('lessons');
  const id = useLab((s) => s.lessonId);
  const listOpen = useLab((s) => s.lessonListOpen);
  const lesson = id && !listOpen ? findLesson(id) : undefined;
  const store = () => getLabStore().getState();
  return (
    <aside
      className="row-span-2 flex min-h-0 w-80 flex-col border-r border-slate-300 bg-white 2xl:w-[26rem]"
      aria-label={t('listTitle')}
      data-testid="lesson-sidebar"
    >
      <div className="flex items-center justify-between gap-2 border-b border-slate-300 px-3 py-1">
        {lesson ? (
          <button
            type="button"
            data-testid="lesson-all"
            onClick={() => store().setLessonListOpen(true)}
            className="rounded px-1 text-[13px] font-semibold text-sky-900 underline hover:bg-slate-100"
          >
            ← {t('allLessons')}
          </button>
        ) : (
          <span className="text-[13px] font-bold tracking-wide text-slate-700 uppercase">{t('listTitle')}</span>
        )}
        <button
          type="button"
          data-testid="lesson-sidebar-close"
          onClick={() => {
            store().setLessonListOpen(false);
            store().closeLesson();
          }}
          className="rounded px-1 text-[13px] text-slate-700 hover:bg-slate-100"
          aria-label={t('close')}
          title={t('close')}
        >
          ✕
        </button>
      </div>
      <div className="min-h-0 flex-1 overflow-auto">{lesson ? <GuidedLesson lesson={lesson} /> : <LessonList />}</div>
    </aside>
  );
}
