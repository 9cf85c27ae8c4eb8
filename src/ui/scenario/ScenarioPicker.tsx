// "Scenario: … ▾" in the header: the built-in library, and the scenario in use when it is custom or modified.
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { builtinScenarios } from '../../scenarios/index.ts';
import { builtinTitle } from '../../scenarios/lesson.ts';
import { getLabStore, useLab } from '../../store/index.ts';
import { isModified } from '../../store/scenarioSlice.ts';

// Memoised (no props): the header re-renders as each trace starts and ends, with nothing new for this to show.
export const ScenarioPicker = memo(function ScenarioPicker() {
  const { t, i18n } = useTranslation('scenario');
  const id = useLab((s) => s.scenarioId);
  const title = useLab((s) => s.title);
  const modified = useLab((s) => isModified(s));
  const known = builtinScenarios.some((s) => s.id === id);
  return (
    <label className="flex min-w-0 items-center gap-2 text-[14px]">
      {/* Visible from 1536 px; below, the header must fit on one line at 1280 px (the select still has its name). */}
      <span className="sr-only 2xl:not-sr-only 2xl:whitespace-nowrap">{t('picker.label')}</span>
      <select
        data-testid="scenario-picker"
        value={known ? id : '__current'}
        onChange={(e) => getLabStore().getState().loadBuiltin(e.target.value)}
        className="max-w-[10rem] min-w-0 rounded 2xl:max-w-[18rem] border border-slate-400 bg-white px-2 py-1 text-slate-900"
        title={t('picker.hint')}
      >
        {!known && <option value="__current">{title || t('picker.custom')}</option>}
        {builtinScenarios.map((s) => {
          // The built-in's title in the viewer's language (the scenario data keeps it in English).
          const shown = builtinTitle(s, i18n.language);
          return (
            <option key={s.id} value={s.id}>
              {s.id === id && modified ? t('picker.modified', { title: shown }) : shown}
            </option>
          );
        })}
      </select>
    </label>
  );
});
