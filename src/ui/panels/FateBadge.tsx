import { useTranslation } from 'react-i18next';
import { useCurrentEntry } from '../app/selectors.ts';
import { FATE_ICON } from './fate.ts';

/** The packet's fate, with an icon and words: shown once playback reaches it. */
export function FateBadge() {
  const { t } = useTranslation('ui');
  const { entry, index, total, timeline } = useCurrentEntry();
  if (!entry) return null;
  const step = entry.step;
  if (step.kind !== 'fate') {
    return (
      <div data-testid="fate" data-fate="" className="text-[15px] text-slate-700">
        {t('fate.pending', { step: index + 1, total })}
      </div>
    );
  }
  // A packet that came in on an interface and leaves on one was forwarded; a local one was sent.
  const start = timeline.find((e) => e.part === entry.part)?.step;
  const forwarded = start?.kind === 'arrive' && !start.local;
  const key = step.fate === 'sent' ? (forwarded ? 'fate.forwarded' : 'fate.sent') : `fate.${step.fate}`;
  const tone =
    step.fate === 'dropped' || step.fate === 'rejected'
      ? 'border-red-800 bg-red-50 text-red-900'
      : 'border-emerald-800 bg-emerald-50 text-emerald-950';
  return (
    <div
      data-testid="fate"
      data-fate={step.fate}
      role="status"
      className={`flex items-center gap-2 rounded-md border-2 px-3 py-1 text-[16px] font-semibold ${tone}`}
    >
      <span aria-hidden className="text-[20px]">
        {FATE_ICON[step.fate]}
      </span>
      <span>
        {t(entry.part === 'reply' ? 'fate.badgeOfReply' : 'fate.badge', {
          fate: t(key, { iface: step.outIface ?? '' }),
        })}
      </span>
    </div>
  );
}
