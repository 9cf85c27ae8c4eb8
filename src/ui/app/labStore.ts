// The app's store: bound to the engine session in a worker (or on the main thread when no worker can start).
// Imported once by main.tsx before the first render.
import { createLabStore, setLabStore } from '../../store/index.ts';
import { EngineClient, mainThreadTransport, spawnEngineWorker } from '../../worker/client.ts';

export const engineClient = new EngineClient(spawnEngineWorker, { fallback: mainThreadTransport });

/**
 * The Scale view's own worker (started on its first run): a 20,000-service point does not hold up the lab's traces,
 * and Cancel ends it at once, leaving the lab's worker and its parsed rules alone.
 */
export const scaleEngineClient = new EngineClient(spawnEngineWorker, { fallback: mainThreadTransport });

export const labStore = createLabStore(engineClient, undefined, scaleEngineClient);

setLabStore(labStore);

declare global {
  interface Window {
    /** The lab's store, for the end-to-end benchmark and for curious students in the devtools console. */
    netfilterLab?: typeof labStore;
  }
}
window.netfilterLab = labStore;
