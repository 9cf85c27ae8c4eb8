// Selectors the components share. Derived values are memoised on their inputs so renders stay cheap.
import { useDeferredValue } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useLab, type LabState } from '../../store/index.ts';
import { currentTimeline } from '../../store/playbackSlice.ts';
import { runsOf, type TimelineEntry } from '../../store/timeline.ts';

function useTimeline(): TimelineEntry[] {
  return useLab(currentTimeline);
}

/**
 * The timeline and the step as every view shows them (counter, graph, trace list, chain panel, packet, fate):
 * deferred together, so a step or a new trace is drawn in a render React slices into 5 ms pieces and may interrupt,
 * not in the task of the key press or the worker's message (the store is read through useSyncExternalStore, whose
 * renders are never sliced). All views read this one pair, so they change in the same commit and always agree.
 */
export function useDeferredStep(): { timeline: TimelineEntry[]; stepIndex: number; stale: boolean } {
  const current = useTimeline();
  const currentStep = useLab((s) => s.stepIndex);
  const timeline = useDeferredValue(current);
  const stepIndex = useDeferredValue(currentStep);
  // Stale: the views still show an older step or trace than the store holds (the sliced render has not committed).
  return { timeline, stepIndex, stale: timeline !== current || stepIndex !== currentStep };
}

export function useCurrentEntry(): {
  entry: TimelineEntry | undefined;
  index: number;
  total: number;
  timeline: TimelineEntry[];
  stale: boolean;
} {
  const { timeline, stepIndex: index, stale } = useDeferredStep();
  return { entry: timeline[index], index, total: timeline.length, timeline, stale };
}

export function useRuns() {
  return useLab(useShallow((s: LabState) => runsOf(s.response)));
}
