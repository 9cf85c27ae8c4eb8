// The IPVS schedulers the lab simulates, registered here and nowhere else. A service naming another one (lblc, lblcr,
// sed, nq, fo, ovf, twos) is kept and shown as "not simulated".
import type { SchedulerModule } from './types.ts';
import { rr } from './rr.ts';
import { wrr } from './wrr.ts';
import { lc } from './lc.ts';
import { wlc } from './wlc.ts';
import { sh } from './sh.ts';
import { dh } from './dh.ts';
import { mh } from './mh.ts';

const SCHEDULERS: ReadonlyMap<string, SchedulerModule> = new Map(
  ([rr, wrr, lc, wlc, sh, dh, mh] as SchedulerModule[]).map((s) => [s.name, s]),
);

/** Schedulers the kernel has that the lab does not simulate (ip_vs_<name>.c). */
export const KNOWN_UNSIMULATED = new Set(['lblc', 'lblcr', 'sed', 'nq', 'fo', 'ovf', 'twos']);

export function scheduler(name: string): SchedulerModule | undefined {
  return SCHEDULERS.get(name);
}

export type { DestState, Pick, SchedPacket, SchedulerModule } from './types.ts';
