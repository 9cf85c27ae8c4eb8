// lc (net/netfilter/ipvs/ip_vs_lc.c): the server with the least overhead, active × 256 + inactive
// (ip_vs_dest_conn_overhead); servers with weight 0 or overloaded are skipped; on a tie the first in list order wins.
import { overhead, why, type SchedulerModule } from './types.ts';

export const lc: SchedulerModule<null> = {
  name: 'lc',
  init: () => null,
  schedule(_state, dests) {
    let least = -1;
    let loh = 0;
    dests.forEach((d, i) => {
      if (d.overloaded || d.dest.weight === 0) return;
      const doh = overhead(d);
      if (least < 0 || doh < loh) {
        least = i;
        loh = doh;
      }
    });
    if (least < 0) return { index: null, explain: why('none', { sched: 'lc' }, false) };
    const d = dests[least]!;
    return {
      index: least,
      explain: why('lc', { server: d.label, overhead: loh, active: d.activeConns, inact: d.inactConns }),
    };
  },
};
