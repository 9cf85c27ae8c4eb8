// The diagram is one Tab stop (issue #13: the main controls must not sit behind every graph block): its buttons
// (table blocks, nested chains) share a roving tabindex, and the arrow keys move between them by where they are
// drawn. A mouse click on a block opens it without taking the focus, so ←/→ keep stepping the packet afterwards.
import { useEffect, type KeyboardEvent, type MouseEvent, type RefObject } from 'react';

const STOPS = '.react-flow__node button';

function centre(el: Element): { x: number; y: number } {
  const r = el.getBoundingClientRect();
  return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
}

/** The stop nearest to `from` in the direction of `key`, favouring those in line with it. */
export function nextStop(stops: Element[], from: Element, key: string): Element | undefined {
  const a = centre(from);
  let best: Element | undefined;
  let bestScore = Infinity;
  for (const el of stops) {
    if (el === from) continue;
    const b = centre(el);
    const dx = b.x - a.x;
    const dy = b.y - a.y;
    const ahead = key === 'ArrowRight' ? dx : key === 'ArrowLeft' ? -dx : key === 'ArrowDown' ? dy : -dy;
    const aside = key === 'ArrowRight' || key === 'ArrowLeft' ? Math.abs(dy) : Math.abs(dx);
    if (ahead <= 1) continue;
    const score = ahead + 2 * aside;
    if (score < bestScore) {
      bestScore = score;
      best = el;
    }
  }
  return best;
}

function stopsIn(box: HTMLElement): HTMLElement[] {
  return [...box.querySelectorAll<HTMLElement>(STOPS)];
}

/** Keeps exactly one graph button in the Tab order: the one focused last, or the first. */
function settleTabOrder(box: HTMLElement, keep: Element | null): void {
  const stops = stopsIn(box);
  const chosen = keep && stops.includes(keep as HTMLElement) ? keep : stops[0];
  for (const el of stops) el.tabIndex = el === chosen ? 0 : -1;
}

export function useGraphFocus(box: RefObject<HTMLDivElement | null>) {
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    let last: Element | null = null;
    const onFocusIn = (e: FocusEvent) => {
      if (e.target instanceof Element && e.target.matches(STOPS)) {
        last = e.target;
        settleTabOrder(el, last);
      }
    };
    // Nodes come and go (the nested chain box): settle the Tab order again whenever the diagram's DOM changes.
    const observer = new MutationObserver(() => settleTabOrder(el, last));
    observer.observe(el, { childList: true, subtree: true });
    settleTabOrder(el, last);
    el.addEventListener('focusin', onFocusIn);
    return () => {
      observer.disconnect();
      el.removeEventListener('focusin', onFocusIn);
    };
  }, [box]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const from = e.target;
    if (!(from instanceof HTMLElement) || !from.matches(STOPS) || !box.current) return;
    const stops = stopsIn(box.current);
    const target =
      e.key === 'Home'
        ? stops[0]
        : e.key === 'End'
          ? stops.at(-1)
          : e.key.startsWith('Arrow')
            ? nextStop(stops, from, e.key)
            : undefined;
    if (!e.key.startsWith('Arrow') && e.key !== 'Home' && e.key !== 'End') return;
    // Inside the diagram these keys move the focus; they must not also step the packet (the app binds them).
    e.preventDefault();
    e.stopPropagation();
    if (target instanceof HTMLElement) target.focus();
  };

  /** A click opens a block without parking the focus in the diagram (and takes it out if the keyboard left it there). */
  const onMouseDown = (e: MouseEvent<HTMLDivElement>) => {
    if (!(e.target instanceof Element) || !e.target.closest(STOPS)) return;
    e.preventDefault();
    const focused = document.activeElement;
    if (focused instanceof HTMLElement && box.current?.contains(focused)) focused.blur();
  };

  return { onKeyDown, onMouseDown };
}
