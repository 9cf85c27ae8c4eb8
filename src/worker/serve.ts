// The session behind the wire: each call gets its own cancel flag, set by a cancel message with its id. Used by the
// worker (through comlink) and by the main-thread fallback (directly): one code path for both.
import { createSession, type CallContext, type EngineSession } from '../engine/index.ts';
import type { SessionMethod, SessionWire } from './protocol.ts';

/** A macrotask: lets the worker read its messages (a cancel) between two units of a long call. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => {
      port1.close();
      resolve();
    };
    port2.postMessage(null);
    port2.close();
  });
}

export function serveSession(
  session: EngineSession = createSession({ yieldToHost: yieldToEventLoop, clock: () => performance.now() }),
): SessionWire {
  const running = new Map<number, { aborted: boolean }>();
  return {
    async call(method: SessionMethod, req: unknown, callId: number, progress?: (done: number, total: number) => void) {
      const flag = { aborted: false };
      running.set(callId, flag);
      const ctx: CallContext = progress ? { signal: flag, progress } : { signal: flag };
      try {
        const fn = session[method] as (req: unknown, ctx: CallContext) => unknown;
        return await fn(req, ctx);
      } finally {
        running.delete(callId);
      }
    },
    cancel(callId: number) {
      const flag = running.get(callId);
      if (flag) flag.aborted = true;
    },
  };
}
