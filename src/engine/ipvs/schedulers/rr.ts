// rr (net/netfilter/ipvs/ip_vs_rr.c, ip_vs_rr_schedule): svc->sched_data remembers the last chosen server; the next
// connection goes to the first server after it (wrapping past the list head once) whose weight is > 0 and which is
// not overloaded. Weights only matter as zero/non-zero.
import { available, why, type SchedulerModule } from './types.ts';

interface RrState {
  /** Index of the server chosen last; -1 is the list head (nothing chosen yet). */
  last: number;
}

export const rr: SchedulerModule<RrState> = {
  name: 'rr',
  init: () => ({ last: -1 }),
  schedule(state, dests) {
    const n = dests.length;
    const start = state.last;
    // One pass from after `last` to the end, then (when `last` was a server) from the head up to `last` itself.
    const order: number[] = [];
    for (let i = start + 1; i < n; i++) order.push(i);
    if (start >= 0) for (let i = 0; i <= start; i++) order.push(i);
    const hit = order.find((i) => available(dests[i]!));
    if (hit === undefined) return { index: null, explain: why('none', { sched: 'rr' }, false) };
    state.last = hit;
    const params = { n: hit + 1, count: n, server: dests[hit]!.label };
    return start < 0
      ? { index: hit, explain: why('rr-first', params) }
      : { index: hit, explain: why('rr', { ...params, last: dests[start]!.label }) };
  },
  shares(_state, dests) {
    const ok = dests.map(available);
    const count = ok.filter(Boolean).length;
    return dests.map((_, i) => (count && ok[i] ? 1 / count : 0));
  },
};
