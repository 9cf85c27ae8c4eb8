// Shared looks for graph nodes. Colour always comes with a word or a symbol (✓, ▶, "quiet"), never alone,
// and the palette keeps its contrast on a washed-out projector.
import type { StopState } from '../../store/graphModel.ts';

export const nodeFrame: Record<StopState, string> = {
  idle: 'border-slate-400 bg-white',
  passed: 'border-sky-700 bg-sky-50',
  active: 'border-amber-600 bg-amber-50 ring-4 ring-amber-400/70',
};

export const stateMark: Record<StopState, string> = { idle: '', passed: '✓', active: '▶' };
