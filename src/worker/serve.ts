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
  /** Parts of long string fields handed over before their call, by call id and field. */
  const staged = new Map<number, Map<string, string[]>>();
  return {
    async call(method: SessionMethod, req: unknown, callId: number, progress?: (done: number, total: number) => void) {
      const parts = staged.get(callId);
      staged.delete(callId);
      if (parts) req = { ...(req as object), ...Object.fromEntries([...parts].map(([f, p]) => [f, p.join('')])) };
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
    async stage(callId: number, field: string, part: string) {
      const fields = staged.get(callId) ?? new Map<string, string[]>();
      staged.set(callId, fields);
      fields.set(field, [...(fields.get(field) ?? []), part]);
    },
    cancel(callId: number) {
      staged.delete(callId);
      const flag = running.get(callId);
      if (flag) flag.aborted = true;
    },
  };
}
