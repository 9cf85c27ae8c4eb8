import { useTranslation } from 'react-i18next';
import { getLabStore, useLab } from '../../store/index.ts';
import { SPEEDS, type Speed } from '../../store/playbackSlice.ts';
import { useCurrentEntry } from '../app/selectors.ts';

/** The playback toolbar's id: the header's "Skip to controls" link points at it. */
export const PLAYBACK_ID = 'playback';

/** Moves focus to the first usable playback button, so Enter and the next few Tabs step and play at once. */
export function focusPlayback(): void {
  const toolbar = document.getElementById(PLAYBACK_ID);
  toolbar?.querySelector<HTMLButtonElement>('button:not(:disabled)')?.focus();
}

function ControlButton({
  label,
  icon,
  onClick,
  disabled,
}: {
  label: string;
  icon: string;
  onClick: () => void;
  disabled?: boolean;
}) {
  return (
    <button
      type="button"
      aria-label={label}
      title={label}
      onClick={onClick}
      disabled={disabled}
      className="flex h-9 min-w-9 items-center justify-center rounded-md border-2 border-slate-600 bg-white px-2 text-[16px] font-bold text-slate-900 hover:bg-slate-100 disabled:opacity-40"
    >
      <span aria-hidden>{icon}</span>
    </button>
  );
}

export function PlaybackControls() {
  const { t } = useTranslation('ui');
  const playing = useLab((s) => s.playing);
  const speed = useLab((s) => s.speed);
  const { index, total, stale } = useCurrentEntry();
  // Busy until the engine has answered the latest request: the position may still be the previous trace's.
  // Busy also while the counter shows an older step than the store's (deferred render): tests and screen readers
  // wait on aria-busy for the position they asked for.
  const busy = useLab((st) => !['ready', 'error', 'cancelled'].includes(st.traceStatus)) || stale;
  const s = getLabStore().getState();
  const empty = total === 0;
  return (
    <div
      id={PLAYBACK_ID}
      role="toolbar"
      aria-label={t('controls.label')}
      className="flex flex-wrap items-center gap-1.5"
    >
      <ControlButton label={t('controls.start')} icon="⇤" onClick={s.toStart} disabled={empty} />
      <ControlButton label={t('controls.back')} icon="←" onClick={s.stepBack} disabled={empty || index === 0} />
      <ControlButton
        label={playing ? t('controls.pause') : t('controls.play')}
        icon={playing ? '❚❚' : '▶'}
        onClick={s.togglePlay}
        disabled={total < 2}
      />
      <ControlButton
        label={t('controls.forward')}
        icon="→"
        onClick={s.stepForward}
        disabled={empty || index >= total - 1}
      />
      <ControlButton label={t('controls.end')} icon="⇥" onClick={s.toEnd} disabled={empty} />
      <label className="ml-2 flex items-center gap-1 text-[14px] text-slate-800">
        {t('controls.speed')}
        <select
          value={speed}
          onChange={(e) => s.setSpeed(Number(e.target.value) as Speed)}
          className="rounded border border-slate-500 bg-white px-1 py-0.5"
        >
          {SPEEDS.map((v) => (
            <option key={v} value={v}>
              {t('controls.speedValue', { speed: v })}
            </option>
          ))}
        </select>
      </label>
      <span data-testid="step-position" aria-busy={busy} className="ml-2 font-mono text-[14px] text-slate-800">
        {t('controls.position', { step: empty ? 0 : index + 1, total })}
      </span>
    </div>
  );
}
