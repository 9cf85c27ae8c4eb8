// The list of built-in lessons to pick from, with each one's progress (remembered in this browser).
import { useTranslation } from 'react-i18next';
import { builtinLessons } from '../../lessons/index.ts';
import { lessonWordsOf } from '../../lessons/load.ts';
import { getLabStore, useLab } from '../../store/index.ts';
import { lessonDone } from '../../store/lessonSlice.ts';
import { BUTTON } from '../scenario/styles.ts';

export function LessonList() {
  const { t, i18n } = useTranslation('lessons');
  const progress = useLab((s) => s.lessonProgress);
  return (
    <div className="flex flex-col gap-3 p-3 text-[14px] leading-relaxed" data-testid="lesson-list">
      <p className="text-slate-700">{t('listIntro')}</p>
      <ol className="flex flex-col gap-2">
        {builtinLessons.map((lesson, i) => {
          const words = lessonWordsOf(lesson, i18n.language);
          const p = progress[lesson.id];
          const done = lessonDone(lesson, p);
          return (
            <li key={lesson.id} className="rounded border border-slate-300 p-2">
              <h3 className="font-bold">
                {i + 1}. {words.title}
              </h3>
              <p className="text-[13px] text-slate-700">{words.summary}</p>
              <div className="mt-1 flex flex-wrap items-center gap-2 text-[13px]">
                <button
                  type="button"
                  className={BUTTON}
                  data-testid={`lesson-start-${lesson.id}`}
                  onClick={() => getLabStore().getState().openLesson(lesson.id)}
                >
                  {p && p.step > 0 ? t('resume', { n: p.step + 1 }) : t('start')}
                </button>
                <span className="text-slate-700">{t('steps', { count: lesson.steps.length })}</span>
                {done && (
                  <span className="font-semibold text-emerald-800" data-testid={`lesson-done-${lesson.id}`}>
                    ✓ {t('done')}
                  </span>
                )}
              </div>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
