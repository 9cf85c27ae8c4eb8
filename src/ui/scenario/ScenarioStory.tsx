// The lesson of the scenario: its title, one-line summary and short teaching paragraphs.
import { useTranslation } from 'react-i18next';
import { useLab } from '../../store/index.ts';
import { useShallow } from 'zustand/react/shallow';

export function ScenarioStory() {
  const { t } = useTranslation('scenario');
  const { title, summary, teaching } = useLab(
    useShallow((s) => ({ title: s.title, summary: s.summary, teaching: s.teaching })),
  );
  return (
    <article className="flex flex-col gap-2 p-3 text-[14px] leading-relaxed" data-testid="scenario-story">
      <h2 className="text-[16px] font-bold">{title || t('story.untitled')}</h2>
      {summary && <p className="font-semibold text-slate-700">{summary}</p>}
      {teaching.map((paragraph, i) => (
        <p key={i}>{paragraph}</p>
      ))}
    </article>
  );
}
