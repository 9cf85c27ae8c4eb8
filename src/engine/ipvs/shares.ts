// Explore mode's view of IPVS: each real server's exact share of new connections, for the schedulers that define
// one without traffic (rr/wrr over a whole cycle, sh/dh/mh over their hash table), for a fresh table.
import type { IpvsShare } from '../trace/types.ts';
import type { IpvsTable } from './table.ts';

export function ipvsShares(table: IpvsTable): IpvsShare[] {
  return table.services.flatMap((s) => {
    const shares = s.module?.shares?.(s.schedState, s.dests, s.svc.schedFlags);
    if (!shares) return [];
    return s.dests.map((d, i) => ({
      service: s.label,
      scheduler: s.svc.scheduler,
      server: d.label,
      share: shares[i]!,
    }));
  });
}
