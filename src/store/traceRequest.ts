// The trace the store asks for: the scenario's packets, host, seed and mode (the rules go by ruleset id).
import type { TraceOptions } from '../engine/index.ts';
import type { LabState } from './index.ts';

export function traceRequestOf(state: LabState): TraceOptions {
  const packets = state.explore
    ? state.packets.slice(0, Math.min(state.exploredPacket, state.packets.length - 1) + 1)
    : state.packets;
  const req: TraceOptions = { packets, seed: state.seed };
  if (state.explore) req.explore = true;
  if (state.ipvs) req.ipvs = state.ipvs;
  if (state.host) req.host = { ...state.host, tableOrder: state.tableOrder };
  else if (state.tableOrder !== 'nft')
    req.host = { interfaces: [], routes: [], forwarding: false, tableOrder: state.tableOrder };
  return req;
}
