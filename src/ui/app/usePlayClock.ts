import { useEffect } from 'react';
import { useLab, getLabStore } from '../../store/index.ts';

/** Milliseconds per step at speed 1×. */
const BEAT_MS = 900;

/** While playing, advances one step per beat (the store decides when to stop). */
export function usePlayClock(): void {
  const playing = useLab((s) => s.playing);
  const speed = useLab((s) => s.speed);
  useEffect(() => {
    if (!playing) return;
    const timer = window.setInterval(() => getLabStore().getState().tick(), BEAT_MS / speed);
    return () => window.clearInterval(timer);
  }, [playing, speed]);
}
