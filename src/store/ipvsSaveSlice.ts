// The scenario's IPVS text as `ipvsadm-save -n` prints the table it builds (the editor's export on the IPVS tab):
// saved by the engine session, which holds no IPVS text of its own (it travels with each trace).
import type { StateCreator } from 'zustand';
import type { SaveResult } from '../engine/index.ts';
import type { LabEngine } from './engine.ts';
import type { LabState } from './index.ts';

export interface IpvsSaveSlice {
  /** ok false when ipvsadm would refuse a line (its diagnostics say which). */
  saveIpvs(): Promise<SaveResult>;
}

export function createIpvsSaveSlice(engine: LabEngine): StateCreator<LabState, [], [], IpvsSaveSlice> {
  return (_set, get) => ({
    async saveIpvs() {
      const saved = await engine.session.save({ ipvs: get().ipvs ?? '' });
      return saved ?? { ok: false, text: '', diagnostics: [] };
    },
  });
}
