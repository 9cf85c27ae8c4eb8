import type { NodeProps } from '@xyflow/react';
import { useLayoutEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { PacketNode as PacketNodeType, Point } from '../../store/graphModel.ts';
import { LAYOUT } from '../../store/graphModel.ts';
import { FATE_ICON } from '../panels/fate.ts';

const GLIDE_MS = 480;

function same(a: Point | undefined, b: Point | undefined): boolean {
  return Boolean(a && b && Math.abs(a.x - b.x) < 0.5 && Math.abs(a.y - b.y) < 0.5);
}

/**
 * The packet token. React Flow places it where the current step is; the token then glides there from where it
 * stood, along the diagram's edge when it crossed one (the path comes from the trace's places, see tokenPath).
 * Under prefers-reduced-motion it simply appears at its new place.
 */
export function PacketNode({ data, positionAbsoluteX, positionAbsoluteY }: NodeProps<PacketNodeType>) {
  const { t } = useTranslation('ui');
  const token = useRef<HTMLDivElement>(null);
  const shownAt = useRef<Point | null>(null);
  const glide = useRef<Animation | null>(null);

  useLayoutEffect(() => {
    const here = { x: positionAbsoluteX, y: positionAbsoluteY };
    const before = shownAt.current;
    shownAt.current = here;
    const el = token.current;
    if (!el || !before || same(before, here)) return;
    if (window.matchMedia('(prefers-reduced-motion: reduce)').matches) return;
    // Along the edge when the token was at the previous step's place; straight from wherever it was otherwise
    // (a click on a distant trace line).
    const points = same(data.path[0], before) ? data.path : [before, here];
    const frames = points.map((p) => ({ transform: `translate(${p.x - here.x}px, ${p.y - here.y}px)` }));
    // The glide still running is the only animation the token has: cancelling it by reference, not through
    // getAnimations(), spares a style recalculation of the whole page in the middle of the step's commit.
    glide.current?.cancel();
    glide.current = el.animate(frames, { duration: GLIDE_MS, easing: 'ease-in-out' });
  }, [positionAbsoluteX, positionAbsoluteY, data.path]);

  const dead = data.fate === 'dropped' || data.fate === 'rejected';
  return (
    <div
      ref={token}
      data-testid="packet-token"
      data-fate={data.fate ?? ''}
      role="img"
      aria-label={t(data.reply ? 'graph.tokenReply' : 'graph.token')}
      className={`flex items-center justify-center rounded-full border-[3px] text-[17px] font-black shadow-lg ${
        dead
          ? 'border-red-900 bg-red-200 text-red-900'
          : data.reply
            ? 'border-violet-900 bg-violet-300'
            : 'border-slate-900 bg-amber-400 text-slate-900'
      }`}
      style={{ width: LAYOUT.token, height: LAYOUT.token }}
    >
      {data.fate ? FATE_ICON[data.fate] : data.reply ? '↩' : '●'}
    </div>
  );
}
