// Selectors the components share. Derived values are memoised on their inputs so renders stay cheap.
import { useShallow } from 'zustand/react/shallow';
import { useLab, type LabState } from '../../store/index.ts';
import { currentTimeline } from '../../store/playbackSlice.ts';
import { runsOf, type TimelineEntry } from '../../store/timeline.ts';

export function useTimeline(): TimelineEntry[] {
  return useLab(currentTimeline);
}

export function useCurrentEntry(): { entry: TimelineEntry | undefined; index: number; total: number } {
  const timeline = useTimeline();
  const index = useLab((s) => s.stepIndex);
  return { entry: timeline[index], index, total: timeline.length };
}

export function useRuns() {
  return useLab(useShallow((s: LabState) => runsOf(s.response)));
}
