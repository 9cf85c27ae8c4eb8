// The worker's API, derived from the engine session's type (never written by hand): every session method
// `(request, ctx?) => answer` becomes `(request, options?) => Promise<answer>` on the main thread.
import type { CallContext, EngineSession, SessionMethod } from '../engine/index.ts';

export type { EngineSession, SessionMethod } from '../engine/index.ts';

/** What a caller may add to any call: a cancel, a time limit, and progress of long calls. */
export interface CallOptions {
  signal?: AbortSignal;
  /** Overrides the client's default time limit (a worker past it is terminated and restarted). */
  timeoutMs?: number;
  onProgress?: (done: number, total: number) => void;
}

type Remote<M> = M extends (req: infer Req, ctx?: CallContext) => infer Answer
  ? (req: Req, opts?: CallOptions) => Promise<Awaited<Answer>>
  : never;

/** The session as the main thread calls it. */
export type SessionApi = { [K in SessionMethod]: Remote<EngineSession[K]> };

/** The request type of one session method. */
export type SessionRequest<K extends SessionMethod> = Parameters<EngineSession[K]>[0];

/**
 * What crosses the thread boundary: one generic call (the method's name, its request and a call id) and a cancel
 * by call id. Cancelling stops the work at its next checkpoint and keeps the session (its parsed rulesets).
 */
export interface SessionWire {
  call(
    method: SessionMethod,
    req: unknown,
    callId: number,
    progress?: (done: number, total: number) => void,
  ): Promise<unknown>;
  cancel(callId: number): void;
  /**
   * One part of a long string field (a 25 MB dump) of the request `callId` is about to make: posted whole, the text
   * is one main-thread task of structured cloning (85 ms of CPU and more); in parts, each is a short one. The call
   * joins each field's parts in order. A cancel of `callId` drops them.
   */
  stage(callId: number, field: string, part: string): Promise<void>;
}
