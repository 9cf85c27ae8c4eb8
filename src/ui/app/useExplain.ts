import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { Diagnostic, Explanation } from '../../engine/index.ts';
import { diagnosticText as catalogDiagnosticText, explanationText } from '../../i18n/catalogText.ts';
import { summariseParams } from './summarise.ts';

/** Renders an engine Explanation {id, params} as its catalog sentence (the id itself if the catalog lacks it). */
export function useExplain(): (e: Explanation) => string {
  const { t } = useTranslation();
  // Long values (a loop through 5,000 chains) are shortened to their two ends, never pushed whole on screen.
  return useCallback((e: Explanation) => explanationText(t, { ...e, params: summariseParams(t, e.params) ?? {} }), [t]);
}

/** A diagnostic in the reader's language (src/i18n/catalogText.ts, the renderer the CLI uses too). */
export function diagnosticText(t: TFunction, d: Diagnostic): string {
  return catalogDiagnosticText(t, { ...d, params: summariseParams(t, d.params) });
}

/** diagnosticText with the app's current language. */
export function useDiagnosticText(): (d: Diagnostic) => string {
  const { t } = useTranslation();
  return useCallback((d: Diagnostic) => diagnosticText(t, d), [t]);
}
