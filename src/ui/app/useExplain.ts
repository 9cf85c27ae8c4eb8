import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { Explanation } from '../../engine/ext/types.ts';
import type { Diagnostic } from '../../engine/model/types.ts';
import { summariseParams } from './summarise.ts';

/** Renders an engine Explanation {id, params} as its catalog sentence (the id itself if the catalog lacks it). */
export function useExplain(): (e: Explanation) => string {
  const { t } = useTranslation();
  return useCallback((e: Explanation) => t(e.id, { ...summariseParams(t, e.params), defaultValue: e.id }), [t]);
}

/**
 * A diagnostic in the reader's language: its sentence `parse:<code>` filled with its params (a module error nests
 * the module's own sentence, `$t({{reason}})`). Problems outside parse.json (host, packets) keep the engine's text.
 */
export function diagnosticText(t: TFunction, d: Diagnostic): string {
  if (d.code === undefined) return d.message;
  return t(`parse:${d.code}`, { ...summariseParams(t, d.params), defaultValue: d.message });
}

/** diagnosticText with the app's current language. */
export function useDiagnosticText(): (d: Diagnostic) => string {
  const { t } = useTranslation();
  return useCallback((d: Diagnostic) => diagnosticText(t, d), [t]);
}
