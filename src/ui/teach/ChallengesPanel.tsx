// The "Challenges" tab: pick a challenge (progress shown), read its goal, edit the rules in the Rules editor tab,
// press Check: every probe is traced by the engine and the table shows expected against got, misses highlighted
// with their feedback; a row opens that probe's trace. A link reopens the same variant.
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { builtinChallenges } from '../../challenges/index.ts';
import { scoreOf } from '../../challenges/grade.ts';
import { wordsOf } from '../../challenges/load.ts';
import { getLabStore, useLab } from '../../store/index.ts';
import { openVariant } from '../../store/challengeSlice.ts';
import { BUTTON } from '../scenario/styles.ts';
import { challengeLink } from './challengeLink.ts';
import { CopyButton } from './CopyButton.tsx';

/** A new variant for this student: any seed other than 0 (the files' own values). */
function freshSeed(): number {
  return 1 + Math.floor(Math.random() * 100000);
}

function ChallengeList() {
  const { t, i18n } = useTranslation('teach');
  const progress = useLab((s) => s.challengeProgress);
  return (
    <ul className="flex flex-col gap-1 p-2" data-testid="challenge-list" aria-label={t('challenges.list')}>
      {builtinChallenges.map((c) => {
        const p = progress[c.id];
        return (
          <li key={c.id}>
            <button
              type="button"
              className={`${BUTTON} w-full text-left`}
              data-testid={`challenge-${c.id}`}
              onClick={() => getLabStore().getState().openChallenge(c.id, 0)}
            >
              <span className="inline-block w-20 text-[12px] text-slate-700">{t(`challenges.level.${c.level}`)}</span>
              {wordsOf(c, i18n.language).title}
              <span className="ml-2 text-[12px] text-slate-700">
                {p?.solved
                  ? `✓ ${t('challenges.solved')}`
                  : p
                    ? t('challenges.best', { percent: Math.round(p.best * 100) })
                    : ''}
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}

export function ChallengesPanel() {
  const { t, i18n } = useTranslation('teach');
  const state = useLab(
    useShallow((s) => ({
      challengeId: s.challengeId,
      challengeSeed: s.challengeSeed,
      challengeResults: s.challengeResults,
      challengeCheckedRules: s.challengeCheckedRules,
      challengeChecking: s.challengeChecking,
      rules: s.rules,
    })),
  );
  const c = openVariant(state);
  if (!c) return <ChallengeList />;
  const store = getLabStore().getState();
  const words = wordsOf(c, i18n.language);
  const results = state.challengeResults;
  const stale = results !== null && state.challengeCheckedRules !== state.rules;
  const score = results ? scoreOf(results) : 0;
  const right = results?.filter((r) => r.pass).length ?? 0;

  return (
    <div className="flex min-h-0 flex-1 flex-col gap-2 overflow-auto p-2 text-[13px]" data-testid="challenge-panel">
      <div className="flex flex-wrap items-center gap-2">
        <button type="button" className={BUTTON} onClick={() => store.closeChallenge()} data-testid="challenge-back">
          {t('challenges.all')}
        </button>
        <h3 className="text-[14px] font-bold text-slate-900" data-testid="challenge-title">
          {words.title}
        </h3>
        <span className="text-slate-700">
          {t(`challenges.level.${c.level}`)} · {t('challenges.variant', { n: state.challengeSeed })}
        </span>
        <button
          type="button"
          className={BUTTON}
          data-testid="challenge-new-variant"
          onClick={() => store.openChallenge(c.id, freshSeed())}
        >
          {t('challenges.newVariant')}
        </button>
        <CopyButton
          text={challengeLink(c.id, state.challengeSeed)}
          fileName={`${c.id}-link.txt`}
          testId="challenge-link"
        />
      </div>
      <div>
        <p className="font-semibold">{t('challenges.goal')}</p>
        <ul className="list-disc pl-5" data-testid="challenge-goal">
          {words.goal.map((g) => (
            <li key={g}>{g}</li>
          ))}
        </ul>
        <details className="mt-1">
          <summary className="cursor-pointer">{t('challenges.hint')}</summary>
          <p>{words.hint}</p>
        </details>
        <p className="mt-1 text-slate-700">{t('challenges.howTo')}</p>
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <button
          type="button"
          className={`${BUTTON} font-bold`}
          data-testid="challenge-check"
          disabled={state.challengeChecking}
          onClick={() => void store.checkChallenge()}
        >
          {t('challenges.check')}
        </button>
        {results && (
          <span role="status" data-testid="challenge-score" className="font-semibold">
            {score === 1 ? `✓ ${t('challenges.allPass')} ` : ''}
            {t('challenges.score', { right, total: results.length, percent: Math.round(score * 100) })}
          </span>
        )}
        {stale && <span className="text-amber-900">{t('challenges.stale')}</span>}
      </div>
      {results && (
        <table className="w-full border-collapse" data-testid="challenge-results">
          <thead>
            <tr className="border-b border-slate-400 text-left">
              <th className="p-1">{t('challenges.probe')}</th>
              <th className="p-1">{t('challenges.expected')}</th>
              <th className="p-1">{t('challenges.got')}</th>
              <th className="p-1" />
            </tr>
          </thead>
          <tbody>
            {c.probes.map((p, i) => {
              const r = results[i];
              const pass = r?.pass === true;
              return (
                <tr
                  key={p.label}
                  data-testid="challenge-row"
                  data-pass={pass}
                  className={`border-b border-slate-200 align-top ${pass ? '' : 'bg-red-50'}`}
                >
                  <td className="p-1">
                    {pass ? '✓ ' : '✗ '}
                    {words.probes[i]?.label ?? p.label}
                    {!pass && <p className="text-red-900">{words.probes[i]?.feedback ?? p.feedback}</p>}
                  </td>
                  <td className="p-1">
                    {t(`challenges.fate.${p.fate}`)}
                    {p.outIface ? ` (${p.outIface})` : ''}
                    {p.logged !== undefined && <p>{t('batch:challenge.logged', { prefix: p.logged })}</p>}
                    {p.shares && (
                      <p className="font-mono">
                        {t('batch:challenge.shares', {
                          shares: p.shares.map((x) => `${x.endpoint} ${x.fraction}`).join(', '),
                        })}
                      </p>
                    )}
                  </td>
                  <td className="p-1 font-semibold">
                    {r ? t(`challenges.fate.${r.got}`) : ''}
                    {r?.outIface ? ` (${r.outIface})` : ''}
                    {r?.logged && (
                      <p className="font-mono font-normal break-all" data-testid="challenge-got-log">
                        {r.logged.length > 0
                          ? t('batch:challenge.gotLogged', { lines: r.logged.join(' | ') })
                          : t('batch:challenge.gotNoLog')}
                      </p>
                    )}
                    {r?.shares && (
                      <p className="font-mono font-normal">
                        {t('batch:challenge.shares', { shares: r.shares.join(', ') })}
                      </p>
                    )}
                  </td>
                  <td className="p-1">
                    <button
                      type="button"
                      className={BUTTON}
                      data-testid="challenge-show-probe"
                      onClick={() => void store.showProbe(i)}
                    >
                      {t('challenges.showTrace')}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}
