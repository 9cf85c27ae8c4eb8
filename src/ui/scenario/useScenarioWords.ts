// The scenario's words as shown to this viewer: built-in text in the viewer's language where a translated lesson
// exists and the user has not changed it (src/scenarios/lesson.ts), everything else as the store holds it.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { findBuiltin } from '../../scenarios/index.ts';
import { displayedWords, type DisplayedWords } from '../../scenarios/lesson.ts';
import { useLab } from '../../store/index.ts';

export function useScenarioWords(): DisplayedWords {
  const { i18n } = useTranslation();
  const words = useLab(
    useShallow((s) => ({
      scenarioId: s.scenarioId,
      title: s.title,
      summary: s.summary,
      teaching: s.teaching,
      packets: s.packets,
    })),
  );
  const lng = i18n.language;
  return useMemo(() => displayedWords(words, findBuiltin(words.scenarioId), lng), [words, lng]);
}
