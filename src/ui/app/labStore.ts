// The app's store: bound to the engine session in a worker (or on the main thread when no worker can start).
// Imported once by main.tsx before the first render.
import { createLabStore, setLabStore } from '../../store/index.ts';
import { EngineClient, mainThreadTransport, spawnEngineWorker } from '../../worker/client.ts';

export const engineClient = new EngineClient(spawnEngineWorker, { fallback: mainThreadTransport });

export const labStore = createLabStore(engineClient);

setLabStore(labStore);

declare global {
  interface Window {
    /** The lab's store, for the end-to-end benchmark and for curious students in the devtools console. */
    netfilterLab?: typeof labStore;
  }
}
window.netfilterLab = labStore;
