import { useEffect, useRef } from 'react';

/**
 * A large ring that follows the mouse pointer in presenter mode: a projector shrinks the arrow to nothing. It moves
 * by a style write per pointer move (no React render), and never takes a click.
 */
export function PointerHighlight() {
  const ring = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const move = (e: PointerEvent) => {
      const el = ring.current;
      if (!el) return;
      el.style.transform = `translate(${e.clientX - 36}px, ${e.clientY - 36}px)`;
      el.style.opacity = '1';
    };
    window.addEventListener('pointermove', move);
    return () => window.removeEventListener('pointermove', move);
  }, []);
  return (
    <div
      ref={ring}
      data-testid="pointer-highlight"
      aria-hidden
      className="pointer-events-none fixed top-0 left-0 z-50 h-[72px] w-[72px] rounded-full border-[6px] border-rose-500 bg-rose-400/25 opacity-0 shadow-[0_0_0_4px_rgba(255,255,255,0.8)]"
    />
  );
}
