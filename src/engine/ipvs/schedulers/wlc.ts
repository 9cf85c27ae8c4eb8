// wlc (net/netfilter/ipvs/ip_vs_wlc.c): the least overhead per weight. The first available server is the candidate;
// a later one replaces it when loh × its weight > doh × the candidate's weight (strictly: ties keep the earlier one).
import { overhead, why, type SchedulerModule } from './types.ts';

export const wlc: SchedulerModule<null> = {
  name: 'wlc',
  init: () => null,
  schedule(_state, dests) {
    const first = dests.findIndex((d) => !d.overloaded && d.dest.weight > 0);
    if (first < 0) return { index: null, explain: why('none', { sched: 'wlc' }, false) };
    let least = first;
    let loh = overhead(dests[first]!);
    for (let i = first + 1; i < dests.length; i++) {
      const d = dests[i]!;
      if (d.overloaded) continue;
      const doh = overhead(d);
      if (loh * d.dest.weight > doh * dests[least]!.dest.weight) {
        least = i;
        loh = doh;
      }
    }
    const d = dests[least]!;
    return {
      index: least,
      explain: why('wlc', {
        server: d.label,
        overhead: loh,
        active: d.activeConns,
        inact: d.inactConns,
        weight: d.dest.weight,
      }),
    };
  },
};
