// Selectors the components share. Derived values are memoised on their inputs so renders stay cheap.
import { useDeferredValue } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useLab, type LabState } from '../../store/index.ts';
import { currentTimeline } from '../../store/playbackSlice.ts';
import { runsOf, type TimelineEntry } from '../../store/timeline.ts';

export function useTimeline(): TimelineEntry[] {
  return useLab(currentTimeline);
}

/**
 * The timeline and the step as the heavy views (graph, trace list, chain panel) draw them: deferred together, so a
 * step or a new trace first renders the step counter, then those views in a render React slices into 5 ms pieces
 * and may interrupt (the store is read through useSyncExternalStore, whose renders are never sliced).
 */
export function useDeferredStep(): { timeline: TimelineEntry[]; stepIndex: number } {
  const timeline = useDeferredValue(useTimeline());
  const stepIndex = useDeferredValue(useLab((s) => s.stepIndex));
  return { timeline, stepIndex };
}

export function useCurrentEntry(): { entry: TimelineEntry | undefined; index: number; total: number } {
  const timeline = useTimeline();
  const index = useLab((s) => s.stepIndex);
  return { entry: timeline[index], index, total: timeline.length };
}

export function useRuns() {
  return useLab(useShallow((s: LabState) => runsOf(s.response)));
}
