// The left "Lesson" panel (DESIGN.md: Story / lesson): what the scenario teaches. It folds to a narrow strip so
// the graph keeps its room on small screens; wide screens open with it unfolded.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ScenarioStory } from './ScenarioStory.tsx';
import { LessonsButton } from '../lessons/LessonsButton.tsx';

const WIDE_SCREEN = 1600;

export function LessonPanel() {
  const { t } = useTranslation('scenario');
  const [open, setOpen] = useState(() => typeof window !== 'undefined' && window.innerWidth >= WIDE_SCREEN);
  if (!open)
    return (
      <div className="row-span-2 flex w-9 flex-col border-r border-slate-300 bg-white">
        <button
          type="button"
          data-testid="lesson-open"
          onClick={() => setOpen(true)}
          title={t('lesson.open')}
          className="flex flex-col items-center gap-2 pt-3 pb-3 text-[13px] font-semibold text-slate-800 hover:bg-slate-100"
        >
          <span aria-hidden>▸</span>
          <span className="[writing-mode:vertical-rl]">{t('lesson.title')}</span>
        </button>
        {/* The guided lessons start here: the header has no room left at 1280 px. */}
        <LessonsButton vertical />
      </div>
    );
  return (
    <aside
      className="row-span-2 flex min-h-0 w-72 flex-col border-r border-slate-300 bg-white"
      aria-label={t('lesson.title')}
    >
      <div className="flex items-center justify-between border-b border-slate-300 px-3 py-1">
        <span className="text-[13px] font-bold tracking-wide text-slate-700 uppercase">{t('lesson.title')}</span>
        <LessonsButton />
        <button
          type="button"
          data-testid="lesson-close"
          onClick={() => setOpen(false)}
          className="rounded px-1 text-[13px] text-slate-700 hover:bg-slate-100"
          aria-label={t('lesson.close')}
          title={t('lesson.close')}
        >
          ◂
        </button>
      </div>
      <div className="min-h-0 flex-1 overflow-auto">
        <ScenarioStory />
      </div>
    </aside>
  );
}
