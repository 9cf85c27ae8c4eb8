// One guided lesson: its current step's words, what the step shows, the check of a "try" step, and the way
// through (back, next, a link to this step, all lessons). Every action is a store action.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Lesson } from '../../lessons/types.ts';
import { shareLink } from '../../share/codec.ts';
import { getLabStore, useLab } from '../../store/index.ts';
import { sharedStateOf } from '../../store/scenarioSlice.ts';
import { BUTTON } from '../scenario/styles.ts';
import { LessonBatchView } from './LessonBatchView.tsx';
import { CompareView, OutcomesView, ScaleView } from './LessonViews.tsx';
import { useLessonWords } from './useLessonWords.ts';

function CheckResult() {
  const { t } = useTranslation('lessons');
  const check = useLab((s) => s.lessonCheck);
  return (
    <div role="status" data-testid="lesson-check-result" data-status={check.status} className="text-[13px]">
      {check.status === 'pass' && <p className="font-semibold text-emerald-800">✓ {t('pass')}</p>}
      {check.status === 'fail' && (
        <>
          <p className="font-semibold text-red-800">✗ {t('fail')}</p>
          {check.probes && (
            <>
              <p>{t('probes', { passed: check.probes.filter(Boolean).length, total: check.probes.length })}</p>
              <ul className="pl-1">
                {check.probes.map((ok, i) => (
                  <li key={i}>
                    {ok ? '✓' : '✗'} {t('probe', { n: i + 1 })}: {ok ? t('probePass') : t('probeFail')}
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </div>
  );
}

function LinkToStep() {
  const { t } = useTranslation('lessons');
  const [link, setLink] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const copy = async () => {
    const { url } = shareLink(window.location.href, sharedStateOf(getLabStore().getState()));
    setLink(url);
    try {
      await navigator.clipboard.writeText(url);
      setNote(t('copied'));
    } catch {
      setNote(t('copyFailed'));
    }
  };
  return (
    <div className="flex flex-col gap-1">
      <button type="button" className={BUTTON} data-testid="lesson-link" onClick={() => void copy()}>
        {t('copyLink')}
      </button>
      {link && (
        <input
          readOnly
          value={link}
          aria-label={t('copyLink')}
          data-testid="lesson-link-text"
          onFocus={(e) => e.currentTarget.select()}
          className="w-full rounded border border-slate-400 px-1 font-mono text-[11px]"
        />
      )}
      <span role="status" className="text-[12px] text-slate-700">
        {note}
      </span>
    </div>
  );
}

export function GuidedLesson({ lesson }: { lesson: Lesson }) {
  const { t } = useTranslation('lessons');
  const words = useLessonWords(lesson);
  const index = useLab((s) => s.lessonStep);
  const checking = useLab((s) => s.lessonCheck.status === 'checking');
  const passed = useLab((s) => s.lessonProgress[lesson.id]?.passed.includes(s.lessonStep) ?? false);
  const step = lesson.steps[index];
  const stepWords = words.steps[index];
  if (!step || !stepWords) return null;
  const store = () => getLabStore().getState();
  const last = index === lesson.steps.length - 1;
  return (
    <article className="flex flex-col gap-2 p-3 text-[14px] leading-relaxed" data-testid="guided-lesson">
      <h2 className="text-[16px] font-bold">{words.title}</h2>
      <div className="flex items-center gap-2 text-[13px]">
        <span data-testid="lesson-progress">{t('progress', { n: index + 1, total: lesson.steps.length })}</span>
        <progress
          className="h-2 flex-1"
          value={index + 1}
          max={lesson.steps.length}
          aria-label={t('progress', { n: index + 1, total: lesson.steps.length })}
        />
      </div>
      <section aria-labelledby="lesson-step-title" className="flex flex-col gap-2" data-testid={`lesson-step-${index}`}>
        <p
          className={`self-start rounded px-1.5 text-[12px] font-bold tracking-wide uppercase ${
            step.kind === 'try' ? 'bg-violet-100 text-violet-900' : 'bg-sky-100 text-sky-900'
          }`}
        >
          {t(`kind.${step.kind}`)}
          {passed && ` · ✓ ${t('passed')}`}
        </p>
        <h3 id="lesson-step-title" className="text-[15px] font-bold">
          {stepWords.title}
        </h3>
        {stepWords.text.map((p, i) => (
          <p key={i}>{p}</p>
        ))}
        {step.view === 'outcomes' && <OutcomesView />}
        {step.view === 'ipvs-compare' && <CompareView />}
        {step.view === 'scale' && <ScaleView />}
        {step.view === 'batch' && step.batch && <LessonBatchView count={step.batch.count} />}
        {step.kind === 'watch' && step.setup?.play && (
          <button type="button" className={`${BUTTON} self-start`} onClick={() => store().goToLessonStep(index)}>
            ▶ {t('replay')}
          </button>
        )}
        {step.kind === 'try' && step.task && (
          <div className="flex flex-col gap-1.5 rounded border border-violet-300 bg-violet-50 p-2">
            <button
              type="button"
              data-testid="lesson-check"
              disabled={checking}
              onClick={() => void store().checkLessonStep()}
              className="self-start rounded-md border-2 border-violet-700 bg-violet-700 px-3 py-0.5 text-[14px] font-bold text-white hover:bg-violet-800 disabled:opacity-50"
            >
              {checking ? t('checking') : t('check')}
            </button>
            <CheckResult />
            {stepWords.hint && (
              <details>
                <summary className="cursor-pointer text-[13px] text-slate-800">{t('hint')}</summary>
                <p className="mt-1 text-[13px]">{stepWords.hint}</p>
              </details>
            )}
          </div>
        )}
      </section>
      <nav
        className="flex flex-wrap gap-1.5 border-t border-slate-300 pt-2"
        aria-label={t('progress', { n: index + 1, total: lesson.steps.length })}
      >
        <button
          type="button"
          className={BUTTON}
          data-testid="lesson-back"
          disabled={index === 0}
          onClick={() => store().goToLessonStep(index - 1)}
        >
          ← {t('back')}
        </button>
        <button
          type="button"
          className={BUTTON}
          data-testid="lesson-next"
          onClick={() => (last ? store().setLessonListOpen(true) : store().goToLessonStep(index + 1))}
        >
          {last ? t('finish') : t('next')} →
        </button>
      </nav>
      <LinkToStep />
    </article>
  );
}
