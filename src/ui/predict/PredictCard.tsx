// The predict card: the question about the next decision, its choices, and once answered whether the prediction
// was right (the ✓ marks the answer; a wrong answer's feedback names what was picked instead of repeating it), the
// engine's finding on a match picked as failing that held, the likely misconception behind a wrong answer, and the
// engine's own explanation of that step.
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { getLabStore } from '../../store/index.ts';
import type { PredictChoice, PredictWords } from '../../store/predictQuestions.ts';
import { useExplain } from '../app/useExplain.ts';
import { stepSentence } from '../panels/stepText.ts';
import { usePredict } from './usePredict.ts';

/**
 * Set when Next is pressed: the button goes away with its feedback, so the keyboard focus moves on to the next
 * question's first choice (only then: a new trace from typing in the editor must not pull the focus here).
 */
const focusNextQuestion = { pending: false };

const say = (t: TFunction, w: PredictWords): string => t(`predict:${w.key}`, w.params);

const BUTTON =
  'rounded border-2 border-slate-700 bg-white px-2 py-0.5 text-[13px] font-semibold whitespace-nowrap text-slate-900 hover:bg-slate-100';

function choiceLook(i: number, answer: number, picked: number | null): string {
  if (picked === null) return 'border-slate-500 bg-white hover:bg-sky-50';
  if (i === answer) return 'border-emerald-800 bg-emerald-50 font-semibold';
  if (i === picked) return 'border-red-800 bg-red-50';
  return 'border-slate-300 bg-white text-slate-600';
}

function Choices({ choices, answer, picked }: { choices: PredictChoice[]; answer: number; picked: number | null }) {
  const { t } = useTranslation('predict');
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!focusNextQuestion.pending || picked !== null) return;
    focusNextQuestion.pending = false;
    first.current?.focus();
  }, [choices, picked]);
  return (
    <div role="group" aria-label={t('card.choices')} className="flex flex-col gap-1">
      {choices.map((c, i) => (
        <button
          key={c.value}
          ref={i === 0 ? first : undefined}
          type="button"
          data-testid={`predict-choice-${i}`}
          data-right={picked === null ? undefined : i === answer}
          aria-pressed={picked === i}
          disabled={picked !== null}
          onClick={() => getLabStore().getState().answerPrediction(i)}
          className={`flex items-start gap-1 rounded border-2 px-2 py-1 text-left text-[13px] text-slate-950 disabled:cursor-default ${choiceLook(i, answer, picked)}`}
        >
          <span aria-hidden className="w-4 shrink-0 font-bold">
            {picked === null ? '○' : i === answer ? '✓' : i === picked ? '✗' : ''}
          </span>
          <span className="break-words">
            {/* The ✓ is all that shows the answer once answered (the feedback does not repeat it): said in words too. */}
            {picked !== null && i === answer && <span className="sr-only">{t('card.markRight')} </span>}
            {say(t, c.words)}
          </span>
        </button>
      ))}
    </div>
  );
}

function Feedback() {
  const { t } = useTranslation('predict');
  const { t: tUi } = useTranslation('ui');
  const explain = useExplain();
  const { question, picked, step, misconception, asked, questions } = usePredict();
  const next = useRef<HTMLButtonElement>(null);
  // The chosen button is disabled once answered: the focus goes to Next, right after the feedback it follows.
  useEffect(() => {
    if (picked !== null) next.current?.focus();
  }, [picked]);
  if (!question || picked === null) return null;
  const right = picked === question.answer;
  // The ✓ already marks the right choice: a wrong answer's feedback says what was picked, and why not, instead.
  const mine = question.choices[picked];
  // A match picked as the first to fail held: the engine recorded why, on that match of the rule's step.
  const held =
    !right && step?.kind === 'rule' && mine?.matchIndex !== undefined ? step.matches[mine.matchIndex] : undefined;
  const last = asked + 1 >= questions.length;
  return (
    <div className="flex flex-col gap-1">
      <div
        role="status"
        data-testid="predict-feedback"
        data-right={right}
        className={`rounded border-l-4 px-2 py-1 text-[13px] ${right ? 'border-emerald-800 bg-emerald-50' : 'border-red-800 bg-red-50'}`}
      >
        <p className="font-bold" data-testid="predict-verdict">
          {right ? t('card.right') : t('card.wrong', { picked: mine ? say(t, mine.words) : '' })}
        </p>
        {held && held.explain.length > 0 && (
          <p data-testid="predict-picked-match" className="mt-1 text-slate-800">
            <span className="font-semibold">{t('card.pickedMatch', { match: held.text })}: </span>
            {held.explain.map(explain).join(' ')}
          </p>
        )}
        {!right && misconception && <p data-testid="predict-misconception">{t(`misconception.${misconception}`)}</p>}
        {step && (
          <p data-testid="predict-explanation" className="mt-1 text-slate-800">
            <span className="font-semibold">{t('card.engine')}: </span>
            {stepSentence(step, tUi, explain)}
          </p>
        )}
      </div>
      <button
        type="button"
        data-testid="predict-next"
        ref={next}
        onClick={() => {
          focusNextQuestion.pending = true;
          getLabStore().getState().nextPrediction();
        }}
        className="self-start rounded-md border-2 border-amber-700 bg-amber-300 px-3 py-0.5 text-[14px] font-bold text-slate-950 hover:bg-amber-200"
      >
        {last ? t('card.finish') : t('card.next')}
      </button>
    </div>
  );
}

function Finished() {
  const { t } = useTranslation('predict');
  const { questions, packetIndex, packets } = usePredict();
  return (
    <div className="flex flex-col gap-1 text-[13px]">
      <p data-testid="predict-done">{questions.length ? t('card.done') : t('card.none')}</p>
      <div className="flex flex-wrap gap-1">
        {questions.length > 0 && (
          <button type="button" className={BUTTON} onClick={() => getLabStore().getState().restartPredictions()}>
            {t('card.restart')}
          </button>
        )}
        {packetIndex + 1 < packets && (
          <button
            type="button"
            data-testid="predict-next-packet"
            className={BUTTON}
            onClick={() =>
              getLabStore()
                .getState()
                .showPacket(packetIndex + 1)
            }
          >
            {t('card.nextPacket')}
          </button>
        )}
      </div>
    </div>
  );
}

export function PredictCard() {
  const { t } = useTranslation('predict');
  const { predicting, loading, question, picked, asked, questions, score } = usePredict();
  const ask = useRef<HTMLDivElement>(null);
  // A new question starts at its top, whatever the last one scrolled to.
  useEffect(() => {
    ask.current?.scrollTo({ top: 0 });
  }, [question]);
  if (!predicting) return null;
  // Two parts that scroll each on its own: the question with its choices above, the feedback below. Answering moves
  // the focus to Next, at the feedback's end; were the card one scrolling box, that scrolled the question and the
  // choices out of sight at 1280×720. The feedback gives up its height first (it shrinks a thousand times faster).
  return (
    <section
      data-testid="predict-card"
      aria-label={t('card.title')}
      className="flex max-h-[85%] shrink-0 flex-col overflow-hidden border-b-4 border-amber-500 bg-amber-50 text-slate-950"
    >
      <div ref={ask} data-testid="predict-ask" className="flex min-h-0 flex-col gap-2 overflow-auto px-3 pt-2 pb-1">
        <header className="flex flex-wrap items-baseline justify-between gap-x-2">
          <h2 className="text-[15px] font-bold">{t('card.title')}</h2>
          <span data-testid="predict-score" className="text-[13px] font-semibold">
            {t('card.score', { right: score.right, asked: score.asked })}
          </span>
        </header>
        {loading ? (
          <p className="text-[13px]">{t('card.loading')}</p>
        ) : question ? (
          <>
            <p className="text-[12px] text-slate-700">
              {t('card.progress', { n: asked + 1, total: questions.length })}
            </p>
            <p data-testid="predict-question" className="text-[14px] font-semibold">
              {t(`predict:${question.prompt.key}`, question.prompt.params)}
            </p>
            {question.code && (
              <code className="block rounded bg-white px-1 py-0.5 font-mono text-[12px] break-words">
                {question.code}
              </code>
            )}
            <Choices choices={question.choices} answer={question.answer} picked={picked} />
          </>
        ) : (
          <Finished />
        )}
      </div>
      <div
        data-testid="predict-answer"
        // Once answered, the feedback keeps at least the room for Next and a line of its sentence.
        className={`flex shrink-[1000] flex-col gap-2 overflow-auto px-3 pt-1 pb-2 ${picked === null ? '' : 'min-h-[5.5rem]'}`}
      >
        {question && !loading && <Feedback />}
        <footer className="flex flex-wrap gap-1">
          {question && (
            <button
              type="button"
              data-testid="predict-reveal-all"
              className={BUTTON}
              onClick={() => getLabStore().getState().revealAllPredictions()}
            >
              {t('card.revealAll')}
            </button>
          )}
          {score.asked > 0 && (
            <button type="button" className={BUTTON} onClick={() => getLabStore().getState().resetPredictScore()}>
              {t('card.resetScore')}
            </button>
          )}
        </footer>
      </div>
    </section>
  );
}

/** In place of a view that would show this packet's results while a question is open. */
export function PredictHidden() {
  const { t } = useTranslation('predict');
  return (
    <p data-testid="predict-hidden" className="p-3 text-[14px] text-slate-800">
      {t('card.hidden')}
    </p>
  );
}
