// A stand-in for the scenarios teammate's slice (src/store/scenarioSlice.ts): the same shape, opened on the
// built-in default scenario, so the lab runs before the editor lands. Replaced by one import line in index.ts.
import type { StateCreator } from 'zustand';
import type { HostSpec, PacketSpec } from '../engine/trace/types.ts';
import { defaultScenario } from '../scenarios/index.ts';
import type { LabState } from './index.ts';

export interface ScenarioSlice {
  rules: string;
  host: HostSpec | undefined;
  ipsets: string | undefined;
  packets: PacketSpec[];
  seed: number;
}

export const createScenarioSlice: StateCreator<LabState, [], [], ScenarioSlice> = () => ({
  rules: defaultScenario.rules,
  host: defaultScenario.host,
  ipsets: defaultScenario.ipsets,
  packets: defaultScenario.packets.map(({ label: _label, ...spec }) => spec),
  seed: defaultScenario.seed,
});
