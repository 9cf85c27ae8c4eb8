import { useTranslation } from 'react-i18next';
import { useLab } from '../../store/index.ts';
import { useDiagnosticText } from './useExplain.ts';

/** Says why there is no trace: the engine is loading, crashed, or the rules were refused. */
export function StatusBar() {
  const { t } = useTranslation('ui');
  const status = useLab((s) => s.traceStatus);
  const error = useLab((s) => s.traceError);
  const check = useLab((s) => s.check);
  const response = useLab((s) => s.response);
  const text = useDiagnosticText();
  let message: string | null = null;
  if (status === 'idle' || (status === 'running' && !response)) message = t('app.loading');
  else if (status === 'loading') message = t('app.loadingSteps');
  else if (status === 'error') message = t('app.engineError', { message: error ?? '' });
  else if (response && !response.ok) {
    const first = response.errors[0];
    message = t('app.traceRejected', { line: first?.line ?? 0, message: first ? text(first) : '' });
  } else if (check && !check.ok) {
    const errors = check.diagnostics.filter((d) => d.severity === 'error');
    message = t('app.rulesRejected', {
      count: errors.length,
      line: errors[0]?.line ?? 0,
      message: errors[0] ? text(errors[0]) : '',
    });
  }
  if (!message) return null;
  return (
    <div
      role="status"
      data-testid="status"
      className="max-h-24 overflow-y-auto border-b border-amber-700 bg-amber-100 px-4 py-1 text-[14px] break-words text-slate-900"
    >
      {message}
    </div>
  );
}
