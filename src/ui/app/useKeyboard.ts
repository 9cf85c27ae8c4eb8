import { useEffect } from 'react';
import { getLabStore } from '../../store/index.ts';

/** Typing in a field or the rule editor must not drive the playback. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target.closest('.cm-editor')) return true;
  // A checkbox or a button keeps no keys of its own that the lab needs.
  if (target instanceof HTMLInputElement)
    return !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(target.type);
  return ['TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** Space play/pause, ←/→ step, Home/End, P presenter mode (there T theme, L pointer): the presenter's keys. */
export function useKeyboard(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey || isTyping(e.target)) return;
      const s = getLabStore().getState();
      const actions: Record<string, () => void> = {
        ' ': s.togglePlay,
        ArrowLeft: s.stepBack,
        ArrowRight: s.stepForward,
        Home: s.toStart,
        End: s.toEnd,
        p: s.togglePresenting,
        P: s.togglePresenting,
        // Presenter mode only: T switches light/dark, L the pointer highlight.
        ...(s.presenting
          ? {
              t: s.togglePresenterTheme,
              T: s.togglePresenterTheme,
              l: s.togglePointerHighlight,
              L: s.togglePointerHighlight,
            }
          : {}),
      };
      const action = actions[e.key];
      if (!action) return;
      // A focused button would also "click" on Space: the shortcut replaces that.
      e.preventDefault();
      action();
    };
    // A list picked with the mouse (packet, scenario, speed) would keep the focus, and with it ←/→, which would then
    // change the packet instead of stepping: a choice made with the pointer hands the keys back to the lab. A choice
    // made from the keyboard keeps the focus where the keyboard user put it.
    let pointedSelect: EventTarget | null = null;
    const onPointerDown = (e: PointerEvent) => {
      pointedSelect = e.target instanceof Element ? e.target.closest('select') : null;
    };
    const onAnyKey = () => {
      pointedSelect = null;
    };
    const onChange = (e: Event) => {
      if (e.target instanceof HTMLSelectElement && e.target === pointedSelect) e.target.blur();
      pointedSelect = null;
    };
    window.addEventListener('keydown', onAnyKey, true);
    window.addEventListener('keydown', onKey);
    window.addEventListener('pointerdown', onPointerDown, true);
    window.addEventListener('change', onChange, true);
    return () => {
      window.removeEventListener('keydown', onAnyKey, true);
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('pointerdown', onPointerDown, true);
      window.removeEventListener('change', onChange, true);
    };
  }, []);
}
