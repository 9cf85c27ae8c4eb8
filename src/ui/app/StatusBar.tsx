import { useTranslation } from 'react-i18next';
import { useLab } from '../../store/index.ts';
import type { TraceSlice } from '../../store/traceSlice.ts';
import { useDiagnosticText } from './useExplain.ts';

const TROUBLE_KEY = { timeout: 'app.engineTimeout', crashed: 'app.engineCrashed', failed: 'app.engineError' } as const;

function noticeKey(notice: NonNullable<TraceSlice['engineNotice']>): string {
  if (notice.kind === 'main-thread') return 'app.engineMainThread';
  return notice.reason === 'timeout' ? 'app.engineTimeout' : 'app.engineRestarted';
}

/** Says why there is no trace (the engine is loading, crashed, or the rules were refused), and engine restarts. */
export function StatusBar() {
  const { t } = useTranslation('ui');
  const status = useLab((s) => s.traceStatus);
  const error = useLab((s) => s.traceError);
  const notice = useLab((s) => s.engineNotice);
  const check = useLab((s) => s.check);
  const response = useLab((s) => s.response);
  const dismiss = useLab((s) => s.dismissEngineNotice);
  const text = useDiagnosticText();
  let message: string | null = null;
  if (status === 'idle' || (status === 'running' && !response)) message = t('app.loading');
  else if (status === 'loading') message = t('app.loadingSteps');
  else if (status === 'error' && error) message = t(TROUBLE_KEY[error.kind], { message: error.detail });
  // Refused rules first: the trace fails because of them, and the student must learn that iptables would refuse them.
  else if (check && !check.ok) {
    const errors = check.diagnostics.filter((d) => d.severity === 'error');
    message = t('app.rulesRejected', {
      count: errors.length,
      line: errors[0]?.line ?? 0,
      message: errors[0] ? text(errors[0]) : '',
    });
  } else if (response && !response.ok) {
    const first = response.errors[0];
    message = t('app.traceRejected', { line: first?.line ?? 0, message: first ? text(first) : '' });
  }
  const noticeText = notice && !(status === 'error' && error) ? t(noticeKey(notice)) : null;
  if (!message && !noticeText) return null;
  return (
    <div
      role="status"
      data-testid="status"
      className="flex max-h-24 items-center gap-3 overflow-y-auto border-b border-amber-700 bg-amber-100 px-4 py-1 text-[14px] break-words text-slate-900"
    >
      <span className="min-w-0 flex-1 truncate" title={[message, noticeText].filter(Boolean).join(' ')}>
        {message ?? noticeText}
      </span>
      {!message && noticeText ? (
        <button type="button" className="rounded border border-amber-700 px-2 text-[13px]" onClick={dismiss}>
          {t('app.dismissNotice')}
        </button>
      ) : null}
    </div>
  );
}
