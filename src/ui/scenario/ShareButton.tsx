// "⧉ Copy link": the whole scenario and view in the URL fragment. Past the safe size a link would break in
// chat tools and mail, so the button offers the scenario as a file instead.
import { memo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { shareLink } from '../../share/codec.ts';
import './bootScenario.ts';
import { clearLinkNotice, linkErrorParams, useLinkNotice, type LinkNotice } from './linkNotice.ts';
import { getLabStore } from '../../store/index.ts';
import { scenarioFileText } from '../../store/scenarioImport.ts';
import { sharedStateOf } from '../../store/scenarioSlice.ts';
import { downloadText, fileStem } from './download.ts';

type Outcome =
  { kind: 'copied'; length: number } | { kind: 'manual'; url: string } | { kind: 'too-long'; length: number } | null;

export function exportScenarioFile(): void {
  const state = getLabStore().getState();
  downloadText(`${fileStem(state.scenarioId)}.nflab.json`, scenarioFileText(sharedStateOf(state)), 'application/json');
}

// Memoised (no props): the header re-renders as each trace starts and ends, with nothing new for this to show.
export const ShareButton = memo(function ShareButton() {
  const { t } = useTranslation('scenario');
  // A link that could not be opened (in the address bar at start, or pasted later) is reported here, where links
  // live; a later notice of the button's own replaces it.
  const linkNotice = useLinkNotice();
  const [outcome, setOutcomeState] = useState<Outcome>(null);
  const setOutcome = (o: Outcome) => {
    clearLinkNotice();
    setOutcomeState(o);
  };

  const copy = async () => {
    const link = shareLink(window.location.href, sharedStateOf(getLabStore().getState()));
    if (!link.safe) {
      setOutcome({ kind: 'too-long', length: link.url.length });
      return;
    }
    window.history.replaceState(null, '', link.url);
    try {
      await navigator.clipboard.writeText(link.url);
      setOutcome({ kind: 'copied', length: link.url.length });
    } catch {
      // No clipboard permission (an insecure origin, or a browser policy): show the link to copy by hand.
      setOutcome({ kind: 'manual', url: link.url });
    }
  };

  return (
    <div className="relative flex items-center gap-2">
      <button
        type="button"
        data-testid="copy-link"
        onClick={() => void copy()}
        className="rounded-md border border-slate-400 bg-slate-800 px-3 py-1 text-[14px] font-semibold whitespace-nowrap text-white hover:bg-slate-700"
        title={t('share.hint')}
      >
        {t('share.copy')}
      </button>
      {linkNotice && !outcome && <LinkErrorNotice notice={linkNotice} />}
      {outcome && (
        <div
          role="status"
          data-testid="share-status"
          className="absolute top-full right-0 z-50 mt-1 w-96 max-w-[calc(100vw-2rem)] rounded border border-slate-400 bg-white p-2 pr-7 text-[13px] text-slate-900 shadow-lg"
        >
          {outcome.kind === 'copied' && <p>✓ {t('share.copied', { length: outcome.length })}</p>}
          {outcome.kind === 'manual' && (
            <>
              <p>{t('share.copyByHand')}</p>
              <input
                readOnly
                value={outcome.url}
                data-testid="share-url"
                className="mt-1 w-full rounded border border-slate-400 px-1 font-mono text-[12px]"
                onFocus={(e) => e.target.select()}
              />
            </>
          )}
          {outcome.kind === 'too-long' && (
            <>
              <p>⚠ {t('share.tooLong', { length: outcome.length })}</p>
              <button
                type="button"
                data-testid="export-file"
                className="mt-1 rounded border border-slate-400 bg-white px-2 py-0.5 hover:bg-slate-100"
                onClick={exportScenarioFile}
              >
                {t('share.exportFile')}
              </button>
            </>
          )}
          <button
            type="button"
            className="absolute top-1 right-1 px-1 text-slate-600"
            aria-label={t('share.close')}
            title={t('share.close')}
            onClick={() => setOutcome(null)}
          >
            ✕
          </button>
        </div>
      )}
    </div>
  );
});

function LinkErrorNotice({ notice }: { notice: LinkNotice }) {
  const { t } = useTranslation('scenario');
  return (
    <div
      role="alert"
      data-testid="share-status"
      data-link-error={notice.error}
      className="absolute top-full right-0 z-50 mt-1 max-h-48 w-96 max-w-[calc(100vw-2rem)] overflow-auto rounded border border-slate-400 bg-white p-2 pr-7 text-[13px] break-words text-slate-900 shadow-lg"
    >
      <p>✗ {t(`share.linkError.${notice.error}`, linkErrorParams(notice))}</p>
      <p>{t(`share.linkKept.${notice.kept}`)}</p>
      <button
        type="button"
        className="absolute top-1 right-1 px-1 text-slate-600"
        aria-label={t('share.close')}
        title={t('share.close')}
        onClick={clearLinkNotice}
      >
        ✕
      </button>
    </div>
  );
}
