import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { Explanation } from '../../engine/ext/types.ts';

/** Renders an engine Explanation {id, params} as its catalog sentence (the id itself if the catalog lacks it). */
export function useExplain(): (e: Explanation) => string {
  const { t } = useTranslation();
  return useCallback((e: Explanation) => t(e.id, { ...e.params, defaultValue: e.id }), [t]);
}
