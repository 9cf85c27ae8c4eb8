// wrr (net/netfilter/ipvs/ip_vs_wrr.c): mw = max weight − (gcd − 1), di = gcd of the positive weights, cw starts at
// mw. Each call walks on from the server chosen last and takes the first with weight ≥ cw; at the end of the list cw
// drops by di (back to mw below 1). Weights 4,3,2 give A A B A B C A B C.
import { gcd, why, type DestState, type Pick, type SchedulerModule } from './types.ts';

interface WrrState {
  /** mark->cl: index of the current server, -1 for the list head. */
  cl: number;
  cw: number;
  mw: number;
  di: number;
}

function gcdWeight(dests: readonly DestState[]): number {
  let g = 0;
  for (const d of dests) if (d.dest.weight > 0) g = g > 0 ? gcd(d.dest.weight, g) : d.dest.weight;
  return g || 1;
}

/** err_over: every server with a positive weight is overloaded. */
function overloaded(mark: WrrState, pos: number): Pick {
  mark.cl = pos;
  return { index: null, explain: why('overloaded', { sched: 'wrr' }, false) };
}

export const wrr: SchedulerModule<WrrState> = {
  name: 'wrr',
  init(dests) {
    const di = gcdWeight(dests);
    const mw = Math.max(0, ...dests.map((d) => d.dest.weight)) - (di - 1);
    return { cl: -1, cw: mw, mw, di };
  },
  schedule(mark, dests) {
    if (mark.mw <= 0) return { index: null, explain: why('none', { sched: 'wrr' }, false) };
    const last = mark.cl;
    let pos = last;
    let stop: number | undefined;
    let lastPass = false;
    let restarted = false;
    for (;;) {
      for (pos = pos + 1; pos < dests.length; pos++) {
        const d = dests[pos]!;
        if (!d.overloaded && d.dest.weight >= mark.cw) {
          mark.cl = pos;
          return {
            index: pos,
            explain: why('wrr', { server: d.label, weight: d.dest.weight, cw: mark.cw, mw: mark.mw, di: mark.di }),
          };
        }
        if (pos === stop) return overloaded(mark, pos);
      }
      pos = -1; // back at the list head
      mark.cw -= mark.di;
      if (mark.cw <= 0) {
        mark.cw = mark.mw;
        if (lastPass || last === -1) return overloaded(mark, pos);
        restarted = true;
      }
      lastPass = mark.cw <= mark.di;
      if (lastPass && restarted && last !== -1) stop = last;
    }
  },
  shares(_state, dests) {
    const total = dests.reduce((s, d) => s + (d.overloaded ? 0 : Math.max(0, d.dest.weight)), 0);
    return dests.map((d) => (total && !d.overloaded ? Math.max(0, d.dest.weight) / total : 0));
  },
};
