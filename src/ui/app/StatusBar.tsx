import { useTranslation } from 'react-i18next';
import { useLab } from '../../store/index.ts';
import type { TraceSlice } from '../../store/traceSlice.ts';
import { useDiagnosticText } from './useExplain.ts';
import { rulesAreNft } from '../../store/rulesFormat.ts';
import { sourceOf } from '../editor/textSource.ts';

const TROUBLE_KEY = { timeout: 'app.engineTimeout', crashed: 'app.engineCrashed', failed: 'app.engineError' } as const;

function noticeKey(notice: NonNullable<TraceSlice['engineNotice']>): string {
  if (notice.kind === 'main-thread') return 'app.engineMainThread';
  return notice.reason === 'timeout' ? 'app.engineTimeout' : 'app.engineRestarted';
}

/**
 * With nothing to warn about, the strip's room (kept so that a warning moves nothing) says quietly that the rules
 * load, and how much they hold: never an empty band. Not a live region: it changes with every edit, and a screen
 * reader must not read it out each time (the warnings above are one).
 */
function QuietStatus() {
  const { t } = useTranslation('editorstatus');
  const summary = useLab((s) => (s.check?.ok ? s.check.summary : null));
  return (
    <div
      data-testid="status-quiet"
      className="flex h-full items-center gap-1.5 px-4 text-[13px] leading-5 whitespace-nowrap text-slate-600"
    >
      {summary && <span aria-hidden>✓</span>}
      <span className="min-w-0 truncate">{summary ? t('quiet.ok', { ...summary }) : t('quiet.checking')}</span>
    </div>
  );
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
  const words = useTranslation('editorstatus').t;
  const nft = useLab((s) => rulesAreNft(s.rules));
  let message: string | null = null;
  if (status === 'idle' || (status === 'running' && !response)) message = t('app.loading');
  else if (status === 'loading') message = t('app.loadingSteps');
  else if (status === 'error' && error) message = t(TROUBLE_KEY[error.kind], { message: error.detail });
  // Refused rules first: the trace fails because of them, and the student must learn that iptables would refuse them.
  else if (check && !check.ok) {
    // Named after the tool that would refuse the first error's text: nft, or iptables-(nft-)restore.
    const source = check.diagnostics.find((d) => d.severity === 'error');
    const from = source ? sourceOf(source, nft) : 'iptables';
    const errors = check.diagnostics.filter((d) => d.severity === 'error' && sourceOf(d, nft) === from);
    const params = { count: errors.length, line: errors[0]?.line ?? 0, message: errors[0] ? text(errors[0]) : '' };
    message =
      from === 'nft' || from === 'iptablesBesideNft'
        ? words(`refused.${from}`, params)
        : t('app.rulesRejected', params);
  } else if (response && !response.ok) {
    // The sets and IPVS's services have tabs of their own: say which text (and which tool) refuses the line.
    const first = response.errors[0];
    const params = { line: first?.line ?? 0, message: first ? text(first) : '' };
    const from = first ? sourceOf(first, nft) : 'other';
    message = from === 'ipvs' || from === 'ipsets' ? words(`refused.${from}`, params) : t('app.traceRejected', params);
  }
  const noticeText = notice && !(status === 'error' && error) ? t(noticeKey(notice)) : null;
  if (!message && !noticeText) return <QuietStatus />;
  return (
    <div
      role="status"
      data-testid="status"
      className="flex h-full items-center gap-3 border-b border-amber-700 bg-amber-100 px-4 text-[14px] leading-5 text-slate-900"
    >
      <span className="min-w-0 flex-1 truncate" title={[message, noticeText].filter(Boolean).join(' ')}>
        {message ?? noticeText}
      </span>
      {!message && noticeText ? (
        <button type="button" className="shrink-0 rounded border border-amber-700 px-2 text-[13px]" onClick={dismiss}>
          {t('app.dismissNotice')}
        </button>
      ) : null}
    </div>
  );
}
