// Undo, redo and "reset to the built-in version": scenario-level history kept by the store.
import { useTranslation } from 'react-i18next';
import { getLabStore, useLab } from '../../store/index.ts';
import { isModified } from '../../store/scenarioSlice.ts';
import { findBuiltin } from '../../scenarios/index.ts';
import { BUTTON } from './styles.ts';

/**
 * `compact`: where the row is narrower than 75rem (the tab bar at 1280 px, or beside an open lesson), the buttons
 * show their sign only; the word stays their accessible name, and the tooltip says what they do.
 */
export function HistoryButtons({ compact = false }: { compact?: boolean }) {
  const { t } = useTranslation('scenario');
  const word = compact ? 'sr-only @min-[75rem]:not-sr-only' : '';
  const canUndo = useLab((s) => s.undoStack.length > 0);
  const canRedo = useLab((s) => s.redoStack.length > 0);
  const builtin = useLab((s) => findBuiltin(s.scenarioId) !== undefined);
  const modified = useLab((s) => isModified(s));
  const store = getLabStore();
  return (
    <>
      <button
        type="button"
        data-testid="undo"
        className={BUTTON}
        disabled={!canUndo}
        onClick={() => store.getState().undo()}
        title={t('history.undoHint')}
      >
        <span aria-hidden>↶</span> <span className={word}>{t('history.undo')}</span>
      </button>
      <button
        type="button"
        data-testid="redo"
        className={BUTTON}
        disabled={!canRedo}
        onClick={() => store.getState().redo()}
        title={t('history.redoHint')}
      >
        <span aria-hidden>↷</span> <span className={word}>{t('history.redo')}</span>
      </button>
      {builtin && (
        <button
          type="button"
          data-testid="reset-builtin"
          className={BUTTON}
          disabled={!modified}
          onClick={() => store.getState().resetToBuiltin()}
          title={t('history.resetHint')}
        >
          <span aria-hidden>⟲</span> <span className={word}>{t('history.reset')}</span>
        </button>
      )}
    </>
  );
}
