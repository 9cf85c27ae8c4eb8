// The boxes of the IPVS comparison's small diagrams: the stops the engine reported, grouped by hook in order.
export interface HookBox {
  hook: string;
  stops: string[];
}

/** Consecutive stops at one hook, as one box ('INPUT:filter', 'INPUT:ipvs' → INPUT: filter, ipvs). */
export function hookBoxes(stops: readonly string[]): HookBox[] {
  const boxes: HookBox[] = [];
  for (const mark of stops) {
    const [hook = mark, what = ''] = mark.split(':');
    const last = boxes[boxes.length - 1];
    if (last?.hook === hook) last.stops.push(what);
    else boxes.push({ hook, stops: [what] });
  }
  return boxes;
}
