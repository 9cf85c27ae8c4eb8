// Undo, redo and "reset to the built-in version": scenario-level history kept by the store.
import { useTranslation } from 'react-i18next';
import { getLabStore, useLab } from '../../store/index.ts';
import { isModified } from '../../store/scenarioSlice.ts';
import { findBuiltin } from '../../scenarios/index.ts';
import { BUTTON } from './styles.ts';

/**
 * A named group at the end of an editor tab's toolbar (EditorToolbar, a size container). Where the row is too narrow
 * for their words, the buttons show their sign only: the word stays their accessible name, and the tooltip says what
 * they do. Beside the Rules tab's tools (`alone` false) that is below 68rem, so at 1280 px (and beside an open lesson)
 * they are signs and at 1920 px words, in every language, with a notice beside them still on one line; alone on the
 * row (Host, Packets) they keep their words down to 30rem. The width alone decides: a notice that comes and goes
 * never changes them under the pointer.
 */
export function HistoryButtons({ alone = false }: { alone?: boolean }) {
  const { t } = useTranslation('scenario');
  const word = alone ? 'sr-only @min-[30rem]:not-sr-only' : 'sr-only @min-[68rem]:not-sr-only';
  const canUndo = useLab((s) => s.undoStack.length > 0);
  const canRedo = useLab((s) => s.redoStack.length > 0);
  const builtin = useLab((s) => findBuiltin(s.scenarioId) !== undefined);
  const modified = useLab((s) => isModified(s));
  const store = getLabStore();
  return (
    <div role="group" aria-label={t('history.label')} className="ml-auto flex shrink-0 gap-1 whitespace-nowrap">
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
    </div>
  );
}
