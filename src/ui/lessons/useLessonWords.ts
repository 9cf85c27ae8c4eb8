// The open lesson's words in the reader's language (English where a lesson has no translation).
import { useTranslation } from 'react-i18next';
import { lessonWordsOf } from '../../lessons/load.ts';
import type { Lesson, LessonWords } from '../../lessons/types.ts';

export function useLessonWords(lesson: Lesson): LessonWords {
  const { i18n } = useTranslation('lessons');
  return lessonWordsOf(lesson, i18n.language);
}
