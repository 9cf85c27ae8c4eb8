// A banner under the header when the saved work needs the user: it was damaged (kept aside, downloadable), or
// another tab of the lab saved over it (choose whose work to keep; nothing is overwritten until then).
import { useTranslation } from 'react-i18next';
import { reportAutosave, useAutosaveNotice } from './autosaveNotice.ts';

const BUTTON = 'rounded border border-slate-500 bg-white px-2 py-0.5 text-[13px] hover:bg-slate-100';

export function AutosaveBanner() {
  const { t } = useTranslation('scenario');
  const notice = useAutosaveNotice();
  if (!notice) return null;
  const { actions } = notice;
  const close = () => reportAutosave(null);
  return (
    <div
      role="alert"
      data-testid="autosave-banner"
      data-kind={notice.kind}
      className="flex flex-wrap items-center gap-2 border-b border-amber-700 bg-amber-50 px-4 py-1 text-[14px] text-slate-900"
    >
      <span>{t(`autosave.${notice.kind}`)}</span>
      {actions.takeTheirs && (
        <button
          type="button"
          data-testid="autosave-take-theirs"
          className={BUTTON}
          onClick={() => {
            actions.takeTheirs?.();
            close();
          }}
        >
          {t('autosave.takeTheirs')}
        </button>
      )}
      {actions.keepMine && (
        <button
          type="button"
          data-testid="autosave-keep-mine"
          className={BUTTON}
          onClick={() => {
            actions.keepMine?.();
            close();
          }}
        >
          {t('autosave.keepMine')}
        </button>
      )}
      {actions.download && (
        <button type="button" data-testid="autosave-download" className={BUTTON} onClick={actions.download}>
          {t('autosave.downloadDamaged')}
        </button>
      )}
      {notice.kind === 'damaged' && (
        <button type="button" className={BUTTON} onClick={close}>
          {t('autosave.dismiss')}
        </button>
      )}
    </div>
  );
}
