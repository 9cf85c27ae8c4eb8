// The main thread's handle on the engine: one generic client over the session's wire. Every session method gets an
// AbortSignal (the work is cancelled, the worker and its parsed rulesets stay) and a time limit (a worker that hangs
// past it is terminated and restarted). A worker that dies is noticed at once (its `error` event) and restarted;
// when no worker can start at all, the same session runs on the main thread and the client says so.
import { proxy, wrap, type Endpoint } from 'comlink';
import type { SessionMethod as Method } from '../engine/index.ts';
import type { CallOptions, SessionApi, SessionWire } from './protocol.ts';

/** One way to reach a session: a worker through comlink, or the session on this thread. */
export interface Transport {
  wire: SessionWire;
  /** Whether `wire` lives in another thread (progress callbacks must then be comlink proxies). */
  remote: boolean;
  terminate(): void;
  /** Called with a sentence-free reason when the transport dies on its own (the worker's `error` event). */
  onCrash(listener: (detail: string) => void): void;
}

export type SpawnTransport = () => Transport;

export type CancelReason = 'aborted' | 'timeout' | 'crashed' | 'restarted';

export class EngineCallCancelled extends Error {
  readonly reason: CancelReason;
  constructor(reason: CancelReason, detail?: string) {
    super(detail ? `engine call ${reason}: ${detail}` : `engine call ${reason}`);
    this.name = 'EngineCallCancelled';
    this.reason = reason;
  }
}

/** Why the client replaced its session: the store rebuilds the session's state from its own (rules, host). */
export interface RestartEvent {
  reason: 'timeout' | 'crashed' | 'restarted';
  detail?: string;
  /** True once the client has given up on workers and runs the session on the main thread. */
  mainThread: boolean;
}

interface Generation {
  transport: Transport;
  pending: Map<number, (err: EngineCallCancelled) => void>;
  /** Did this worker ever answer? One that dies before it does could not start at all. */
  answered: boolean;
}

export interface EngineClientOptions {
  /** Default time limit per call. */
  timeoutMs?: number;
  /** The session on this thread, for when no worker starts (loaded only then). */
  fallback?: () => Promise<Transport>;
  /** How many workers may die before their first answer before the client falls back to the main thread. */
  maxFailedStarts?: number;
  /** A string field of a request longer than this (characters) crosses to a worker in parts of this size. */
  stagePart?: number;
}

/** A megabyte of rules is a few milliseconds of structured cloning: a short task per part. */
const STAGE_PART = 1 << 20;

/**
 * Sends the request's long string fields ahead of its call, a part per message (each awaited, so each is its own
 * task), and returns the request without them: the worker joins the parts back before calling the session.
 */
async function stageLongFields(wire: SessionWire, callId: number, req: unknown, part: number): Promise<unknown> {
  if (typeof req !== 'object' || req === null) return req;
  const rest: Record<string, unknown> = { ...(req as Record<string, unknown>) };
  for (const [field, value] of Object.entries(rest)) {
    if (typeof value !== 'string' || value.length <= part) continue;
    for (let from = 0; from < value.length; from += part)
      await wire.stage(callId, field, value.slice(from, from + part));
    delete rest[field];
  }
  return rest;
}

export class EngineClient {
  /** The session, one promise-returning method per session method; the last argument takes CallOptions. */
  readonly session: SessionApi;
  /** How many transports were started: a restart shows up here (for tests and diagnostics). */
  spawned = 0;
  private current: Generation | null = null;
  private nextCall = 1;
  private failedStarts = 0;
  private starting: Promise<Generation> | null = null;
  private readonly listeners = new Set<(e: RestartEvent) => void>();
  private readonly timeoutMs: number;

  constructor(
    private readonly spawn: SpawnTransport,
    private readonly opts: EngineClientOptions = {},
  ) {
    // A 10,000-service dump takes seconds to parse and trace, more on a busy machine.
    this.timeoutMs = opts.timeoutMs ?? 90_000;
    this.session = new Proxy({} as SessionApi, {
      get: (_target, method) => (req: unknown, call?: CallOptions) => this.call(method as Method, req, call),
    });
  }

  /** True when the session runs on the main thread because no worker could start. */
  get onMainThread(): boolean {
    return this.shouldFallBack();
  }

  onRestart(listener: (e: RestartEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Ends the session (a new one starts on the next call), failing every call in flight. */
  restart(reason: RestartEvent['reason'] = 'restarted', detail?: string): void {
    const gen = this.current;
    if (!gen) return;
    this.current = null;
    gen.transport.terminate();
    const err = new EngineCallCancelled(reason, detail);
    for (const reject of gen.pending.values()) reject(err);
    gen.pending.clear();
    if (reason === 'crashed' && !gen.answered) this.failedStarts += 1;
    const event: RestartEvent = { reason, mainThread: this.shouldFallBack() };
    if (detail) event.detail = detail;
    for (const listener of this.listeners) listener(event);
  }

  dispose(): void {
    this.restart();
    this.listeners.clear();
  }

  private shouldFallBack(): boolean {
    return Boolean(this.opts.fallback) && this.failedStarts >= (this.opts.maxFailedStarts ?? 2);
  }

  private generation(): Promise<Generation> {
    if (this.current) return Promise.resolve(this.current);
    return (this.starting ??= this.start().finally(() => (this.starting = null)));
  }

  private async start(): Promise<Generation> {
    let transport: Transport;
    if (this.shouldFallBack()) transport = await this.opts.fallback!();
    else {
      try {
        transport = this.spawn();
      } catch (err) {
        // No Worker at all (an old browser, a blocked script): straight to the main thread when allowed.
        if (!this.opts.fallback) throw err;
        this.failedStarts = Number.POSITIVE_INFINITY;
        transport = await this.opts.fallback();
      }
    }
    this.spawned += 1;
    const gen: Generation = { transport, pending: new Map(), answered: false };
    transport.onCrash((detail) => {
      if (this.current === gen) this.restart('crashed', detail);
    });
    this.current = gen;
    return gen;
  }

  private async call(method: Method, req: unknown, opts: CallOptions = {}): Promise<never> {
    if (opts.signal?.aborted) throw new EngineCallCancelled('aborted');
    const gen = await this.generation();
    // Aborted while a worker was starting: the abort event has fired already and will not fire again.
    if (opts.signal?.aborted) throw new EngineCallCancelled('aborted');
    const callId = this.nextCall++;
    return new Promise<never>((resolve, reject) => {
      let settled = false;
      const finish = () => {
        settled = true;
        clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
        gen.pending.delete(callId);
      };
      const cancel = (err: EngineCallCancelled) => {
        if (settled) return;
        finish();
        reject(err);
      };
      // Cancel the work, not the worker: the session stops this call at its next checkpoint and keeps its rulesets.
      const onAbort = () => {
        cancel(new EngineCallCancelled('aborted'));
        gen.transport.wire.cancel(callId);
      };
      // Past the limit the worker is stuck (or too slow to be useful): only ending it frees the thread.
      const timer = setTimeout(() => {
        cancel(new EngineCallCancelled('timeout'));
        if (this.current === gen) this.restart('timeout');
      }, opts.timeoutMs ?? this.timeoutMs);
      gen.pending.set(callId, cancel);
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      const progress = opts.onProgress && (gen.transport.remote ? proxy(opts.onProgress) : opts.onProgress);
      const { wire } = gen.transport;
      // On this thread nothing is copied: the request goes whole.
      const sent = gen.transport.remote
        ? stageLongFields(wire, callId, req, this.opts.stagePart ?? STAGE_PART)
        : Promise.resolve(req);
      sent
        .then((request) => {
          // Cancelled (or timed out) while its text was crossing: the parts staged so far are dropped with it.
          if (settled) {
            wire.cancel(callId);
            return Promise.resolve();
          }
          return wire.call(method, request, callId, progress);
        })
        .then(
          (value) => {
            gen.answered = true;
            if (settled) return;
            finish();
            resolve(value as never);
          },
          (err: unknown) => {
            gen.answered = true;
            if (settled) return;
            finish();
            reject(err instanceof Error ? err : new Error(String(err)));
          },
        );
    });
  }
}

/** A session behind a comlink endpoint (a Worker, or one end of a MessageChannel in tests). */
export function comlinkTransport(
  endpoint: Endpoint,
  terminate: () => void,
): Transport & { crash(detail: string): void } {
  const listeners = new Set<(detail: string) => void>();
  return {
    wire: wrap<SessionWire>(endpoint) as unknown as SessionWire,
    remote: true,
    terminate,
    onCrash: (listener) => listeners.add(listener),
    crash: (detail) => listeners.forEach((listener) => listener(detail)),
  };
}

/** The browser's worker: Vite bundles engine.worker.ts as a module worker; its `error` event means it died. */
export function spawnEngineWorker(): Transport {
  const worker = new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module', name: 'engine' });
  const transport = comlinkTransport(worker, () => {
    worker.removeEventListener('error', onError);
    worker.terminate();
  });
  function onError(e: ErrorEvent) {
    e.preventDefault();
    transport.crash(e.message || 'the engine script could not run');
  }
  worker.addEventListener('error', onError);
  return transport;
}

/** The session on this thread: the lab still works when no worker can start (long calls then pause the page). */
export async function mainThreadTransport(): Promise<Transport> {
  const { serveSession } = await import('./serve.ts');
  const wire = serveSession();
  return { wire, remote: false, terminate: () => {}, onCrash: () => {} };
}
