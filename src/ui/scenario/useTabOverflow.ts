// Which tabs of a one-line strip are out of sight. The strip never wraps (a second row of tabs took a line from the
// panel at 1280×720, in Japanese and beside an open lesson): it scrolls sideways, and the tabs it cannot show are
// offered in a "More" menu. Measured on every resize of the strip or of a tab (a language switch changes their widths)
// and on every scroll.
import { useLayoutEffect, useState, type RefObject } from 'react';

export interface TabOverflow {
  /** The `data-tab` names of the tabs not wholly in sight, in strip order. */
  hidden: string[];
  /** There is more of the strip to the left or to the right of what is shown. */
  before: boolean;
  after: boolean;
}

const NONE: TabOverflow = { hidden: [], before: false, after: false };

function same(a: TabOverflow, b: TabOverflow): boolean {
  return a.before === b.before && a.after === b.after && a.hidden.join() === b.hidden.join();
}

/**
 * A tab counts as hidden when more than a pixel of it is outside the strip's box. `reclaim`: the width the strip gets
 * back when the More menu goes (its box and the gap before it, while it is shown). When every tab fits in that, none
 * counts as hidden: else the menu, shown once (say while an open lesson took a third of the width), kept itself shown
 * by taking the very room the tabs lacked.
 */
export function measureOverflow(strip: HTMLElement, reclaim = 0): TabOverflow {
  if (reclaim > 0 && strip.scrollWidth <= strip.clientWidth + reclaim) return NONE;
  const box = strip.getBoundingClientRect();
  const hidden: string[] = [];
  for (const tab of strip.querySelectorAll<HTMLElement>('[data-tab]')) {
    const r = tab.getBoundingClientRect();
    if (r.left < box.left - 1 || r.right > box.right + 1) hidden.push(tab.dataset.tab ?? '');
  }
  return {
    hidden,
    before: strip.scrollLeft > 1,
    after: strip.scrollLeft + strip.clientWidth < strip.scrollWidth - 1,
  };
}

/** `more`: the box of the More menu, while it is shown (the strip's neighbour in the tab bar). */
export function useTabOverflow(strip: RefObject<HTMLElement | null>, more: RefObject<HTMLElement | null>): TabOverflow {
  const [overflow, setOverflow] = useState(NONE);
  useLayoutEffect(() => {
    const el = strip.current;
    if (!el) return;
    const measure = () => {
      const menu = more.current;
      const gap = el.parentElement ? parseFloat(getComputedStyle(el.parentElement).columnGap) || 0 : 0;
      const next = measureOverflow(el, menu ? menu.getBoundingClientRect().width + gap : 0);
      setOverflow((prev) => (same(prev, next) ? prev : next));
    };
    measure();
    const resize = new ResizeObserver(measure);
    resize.observe(el);
    for (const tab of el.querySelectorAll('[data-tab]')) resize.observe(tab);
    el.addEventListener('scroll', measure, { passive: true });
    return () => {
      resize.disconnect();
      el.removeEventListener('scroll', measure);
    };
  }, [strip, more]);
  return overflow;
}

/** Scrolls the strip (only the strip: the page and the panels stay) so that `tab` is wholly in sight. */
export function scrollTabIntoStrip(strip: HTMLElement, tab: HTMLElement): void {
  const box = strip.getBoundingClientRect();
  const r = tab.getBoundingClientRect();
  // A little of the neighbour shows too, so the strip visibly goes on.
  const MARGIN = 16;
  if (r.left < box.left) strip.scrollLeft -= box.left - r.left + MARGIN;
  else if (r.right > box.right) strip.scrollLeft += r.right - box.right + MARGIN;
}
