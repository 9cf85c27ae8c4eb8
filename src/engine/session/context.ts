// How a long session call learns that its caller gave up, and tells how far it got. The host (a worker, the CLI,
// a test) provides both; the engine itself never reads a clock or sets a timer.

/** Anything with `aborted`: an AbortSignal, or the worker adapter's own flag for a call cancelled by message. */
export interface CancelFlag {
  readonly aborted: boolean;
}

export interface CallContext {
  /** Set when the caller gave up: a long call stops at its next checkpoint (its work, not the session, is lost). */
  readonly signal?: CancelFlag;
  /** How far a long call has got, in its own units (packets, runs). */
  readonly progress?: (done: number, total: number) => void;
}

/** A call stopped because its caller cancelled it. */
export class CallCancelled extends Error {
  constructor() {
    super('the call was cancelled');
    this.name = 'CallCancelled';
  }
}

/** What the host lends a session: a way to let its event loop run, so a cancel message can arrive mid-call. */
export interface SessionHost {
  /** Resolves once pending messages had their turn (a worker: a macrotask). Absent: checkpoints only check. */
  yieldToHost?: () => Promise<void>;
}

/** A checkpoint between units of work: lets the host run, then stops the call if it was cancelled. */
export function checkpointFor(host: SessionHost, ctx: CallContext | undefined): () => Promise<void> {
  return async () => {
    if (host.yieldToHost) await host.yieldToHost();
    if (ctx?.signal?.aborted) throw new CallCancelled();
  };
}
