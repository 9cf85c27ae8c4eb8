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

/**
 * An engine of one feature's own (the scale lab's): nothing else is held in it, so a cancel may end its worker at
 * once instead of waiting for a long engine call to reach its next checkpoint. EngineClient is one.
 */
export interface StoppableEngine extends LabEngine {
  /** Ends the worker now (its calls in flight fail); the next call starts a new one. */
  restart(): void;
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
