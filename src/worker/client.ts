// The main thread's handle on the engine worker: typed calls through comlink, an AbortSignal per call, a time
// limit, and a restart when the worker hangs (a terminated worker is replaced by a fresh one on the next call).
import { wrap, type Endpoint, type Remote } from 'comlink';
import type { TraceRequest, TraceResponse, TraceStep } from '../engine/trace/types.ts';
import type { TableName } from '../engine/model/types.ts';
import type {
  ChainPage,
  CheckOptions,
  CheckResult,
  EngineApi,
  RuleOutline,
  SaveResult,
  TraceHead,
} from './protocol.ts';

export interface WorkerHandle {
  endpoint: Endpoint;
  terminate(): void;
}

export type SpawnWorker = () => WorkerHandle;

export class EngineCallCancelled extends Error {
  readonly reason: 'aborted' | 'timeout' | 'restarted';
  constructor(reason: 'aborted' | 'timeout' | 'restarted') {
    super(`engine call ${reason}`);
    this.name = 'EngineCallCancelled';
    this.reason = reason;
  }
}

export interface CallOptions {
  signal?: AbortSignal;
  /** Overrides the client's default time limit. */
  timeoutMs?: number;
}

interface Generation {
  handle: WorkerHandle;
  remote: Remote<EngineApi>;
  pending: Set<(err: EngineCallCancelled) => void>;
}

export class EngineClient {
  private current: Generation | null = null;
  private readonly spawn: SpawnWorker;
  private readonly timeoutMs: number;
  /** How many workers were started: a restart shows up here (for tests and diagnostics). */
  spawned = 0;

  constructor(spawn: SpawnWorker, opts: { timeoutMs?: number } = {}) {
    this.spawn = spawn;
    // A 10,000-service dump takes seconds to parse and trace, more on a busy machine.
    this.timeoutMs = opts.timeoutMs ?? 90_000;
  }

  check(rules: string, opts?: CheckOptions, call?: CallOptions): Promise<CheckResult> {
    return this.call<CheckResult>((remote) => remote.check(rules, opts), call);
  }

  chainRules(rulesetId: number, table: TableName, chain: string, call?: CallOptions): Promise<RuleOutline[] | null> {
    return this.call<RuleOutline[] | null>((remote) => remote.chainRules(rulesetId, table, chain), call);
  }

  chainPage(
    rulesetId: number,
    table: TableName,
    chain: string,
    from: number,
    to: number,
    call?: CallOptions,
  ): Promise<ChainPage | null> {
    return this.call<ChainPage | null>((remote) => remote.chainPage(rulesetId, table, chain, from, to), call);
  }

  traceStart(req: TraceRequest, check?: CheckOptions, call?: CallOptions): Promise<TraceHead> {
    return this.call<TraceHead>((remote) => remote.traceStart(req, check), call);
  }

  traceSteps(traceId: number, run: number, from: number, to: number, call?: CallOptions): Promise<TraceStep[] | null> {
    return this.call<TraceStep[] | null>((remote) => remote.traceSteps(traceId, run, from, to), call);
  }

  save(rules: string, call?: CallOptions): Promise<SaveResult> {
    return this.call<SaveResult>((remote) => remote.save(rules), call);
  }

  trace(req: TraceRequest, call?: CallOptions): Promise<TraceResponse> {
    return this.call<TraceResponse>((remote) => remote.trace(req), call);
  }

  /** Stops the worker, failing every call in flight; the next call starts a fresh worker. */
  restart(reason: 'aborted' | 'timeout' | 'restarted' = 'restarted'): void {
    const gen = this.current;
    if (!gen) return;
    this.current = null;
    gen.handle.terminate();
    const err = new EngineCallCancelled(reason);
    for (const reject of gen.pending) reject(err);
    gen.pending.clear();
  }

  dispose(): void {
    this.restart();
  }

  private generation(): Generation {
    if (!this.current) {
      const handle = this.spawn();
      this.spawned += 1;
      this.current = { handle, remote: wrap<EngineApi>(handle.endpoint), pending: new Set() };
    }
    return this.current;
  }

  private call<T>(run: (remote: Remote<EngineApi>) => Promise<T>, opts: CallOptions = {}): Promise<T> {
    if (opts.signal?.aborted) return Promise.reject(new EngineCallCancelled('aborted'));
    const gen = this.generation();
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const finish = () => {
        settled = true;
        clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
        gen.pending.delete(cancel);
      };
      const cancel = (err: EngineCallCancelled) => {
        if (settled) return;
        finish();
        reject(err);
      };
      // A call that is abandoned may still be running in the worker: the only way to stop it is to end the worker.
      const onAbort = () => {
        cancel(new EngineCallCancelled('aborted'));
        if (this.current === gen) this.restart('aborted');
      };
      const timer = setTimeout(() => {
        cancel(new EngineCallCancelled('timeout'));
        if (this.current === gen) this.restart('timeout');
      }, opts.timeoutMs ?? this.timeoutMs);
      gen.pending.add(cancel);
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      run(gen.remote).then(
        (value) => {
          if (settled) return;
          finish();
          resolve(value);
        },
        (err: unknown) => {
          if (settled) return;
          finish();
          reject(err instanceof Error ? err : new Error(String(err)));
        },
      );
    });
  }
}

/** The browser's worker: Vite bundles engine.worker.ts as a module worker. */
export function spawnEngineWorker(): WorkerHandle {
  const worker = new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module', name: 'engine' });
  return { endpoint: worker, terminate: () => worker.terminate() };
}
