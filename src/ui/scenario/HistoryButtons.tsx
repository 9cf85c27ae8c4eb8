// Undo, redo and "reset to the built-in version": scenario-level history kept by the store.
import { useTranslation } from 'react-i18next';
import { getLabStore, useLab } from '../../store/index.ts';
import { isModified } from '../../store/scenarioSlice.ts';
import { findBuiltin } from '../../scenarios/index.ts';
import { BUTTON } from './styles.ts';

export function HistoryButtons() {
  const { t } = useTranslation('scenario');
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
        ↶ {t('history.undo')}
      </button>
      <button
        type="button"
        data-testid="redo"
        className={BUTTON}
        disabled={!canRedo}
        onClick={() => store.getState().redo()}
        title={t('history.redoHint')}
      >
        ↷ {t('history.redo')}
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
          ⟲ {t('history.reset')}
        </button>
      )}
    </>
  );
}
