// The lesson of the scenario: its title, one-line summary, short teaching paragraphs, and "predict, then check"
// questions (built-in scenarios only) whose answers stay hidden until asked for.
import { useTranslation } from 'react-i18next';
import type { LessonQuestion } from '../../scenarios/types.ts';
import { getLabStore, useLab } from '../../store/index.ts';
import { useScenarioWords } from './useScenarioWords.ts';

function Questions({ questions }: { questions: LessonQuestion[] }) {
  const { t } = useTranslation('scenario');
  // Predict mode asks these decisions itself: the written answers would give them away.
  const predicting = useLab((s) => s.predicting);
  if (questions.length === 0) return null;
  const show = (packet: number) => {
    const store = getLabStore().getState();
    store.setPanelTab('trace');
    store.showPacket(packet - 1);
  };
  return (
    <section className="flex flex-col gap-2 border-t border-slate-300 pt-2" aria-label={t('lesson.predict')}>
      <h3 className="text-[13px] font-bold tracking-wide text-slate-700 uppercase">{t('lesson.predict')}</h3>
      <ol className="flex list-decimal flex-col gap-3 pl-5">
        {questions.map((q, i) => (
          <li key={i} data-testid={`lesson-question-${i}`}>
            <p className="font-semibold">{q.question}</p>
            {q.packet !== undefined && (
              <button
                type="button"
                className="mt-1 text-[13px] text-sky-800 underline hover:text-sky-950"
                onClick={() => show(q.packet!)}
              >
                {t('lesson.showPacket', { n: q.packet })}
              </button>
            )}
            {!predicting && (
              <details className="mt-1">
                <summary className="cursor-pointer text-[13px] text-slate-700">{t('lesson.showAnswer')}</summary>
                <p className="mt-1 rounded bg-slate-100 p-2">{q.answer}</p>
              </details>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

export function ScenarioStory() {
  const { t } = useTranslation('scenario');
  // In the viewer's language where the built-in lesson is translated and the user has not changed the text.
  const { title, summary, teaching, questions } = useScenarioWords();
  return (
    <article className="flex flex-col gap-2 p-3 text-[14px] leading-relaxed" data-testid="scenario-story">
      <h2 className="text-[16px] font-bold">{title || t('story.untitled')}</h2>
      {summary && <p className="font-semibold text-slate-700">{summary}</p>}
      {teaching.map((paragraph, i) => (
        <p key={i}>{paragraph}</p>
      ))}
      <Questions questions={questions} />
    </article>
  );
}
