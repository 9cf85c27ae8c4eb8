// The app's store: bound to the engine worker. Imported once by main.tsx before the first render.
import { createLabStore, setLabStore } from '../../store/index.ts';
import { EngineClient, spawnEngineWorker } from '../../worker/client.ts';

export const engineClient = new EngineClient(spawnEngineWorker);

export const labStore = createLabStore({
  check: (rules, opts) => engineClient.check(rules, opts),
  trace: (req) => engineClient.trace(req),
  chainRules: (id, table, chain) => engineClient.chainRules(id, table, chain),
  save: (rules) => engineClient.save(rules),
  chainPage: (id, table, chain, from, to) => engineClient.chainPage(id, table, chain, from, to),
  traceStart: (req, check, signal) => engineClient.traceStart(req, check, signal ? { signal } : {}),
  traceSteps: (id, run, from, to, signal) => engineClient.traceSteps(id, run, from, to, signal ? { signal } : {}),
});

setLabStore(labStore);

declare global {
  interface Window {
    /** The lab's store, for the end-to-end benchmark and for curious students in the devtools console. */
    netfilterLab?: typeof labStore;
  }
}
window.netfilterLab = labStore;
