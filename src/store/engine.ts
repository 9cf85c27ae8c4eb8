// What the store needs from the engine: the session client (a worker in the app; the same session on this thread
// in tests and when no worker can start), and word of its restarts so the store can rebuild the session's state.
import { EngineClient, mainThreadTransport, type RestartEvent } from '../worker/client.ts';
import type { SessionApi } from '../worker/protocol.ts';

export type { RestartEvent } from '../worker/client.ts';
export { EngineCallCancelled } from '../worker/client.ts';

export interface LabEngine {
  readonly session: SessionApi;
  onRestart(listener: (e: RestartEvent) => void): () => void;
  /** True when the session runs on the main thread (no worker could start). */
  readonly onMainThread: boolean;
}

/** The real engine on this thread: the store's tests and the CLI-like callers use it. */
export function inProcessEngine(): LabEngine {
  return new EngineClient(
    () => {
      throw new Error('no worker here');
    },
    { fallback: mainThreadTransport },
  );
}
