// "The lab was updated since your last visit": shown once, on the first visit of a new version (the service
// worker only switches versions between visits, never in the middle of a lesson).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { updatedSinceLastVisit } from './offline.ts';

export function UpdateNotice() {
  const { t } = useTranslation('ui');
  const [shown, setShown] = useState(updatedSinceLastVisit);
  if (!shown) return null;
  return (
    <div
      role="status"
      data-testid="update-notice"
      className="flex items-center gap-3 border-b border-sky-700 bg-sky-50 px-4 py-1 text-[14px] text-slate-900"
    >
      <span>{t('offline.updated')}</span>
      <button
        type="button"
        className="rounded border border-slate-500 px-2 hover:bg-white"
        onClick={() => setShown(false)}
      >
        {t('offline.dismiss')}
      </button>
    </div>
  );
}
