// The worker contract over a real MessageChannel with comlink, as in the browser minus the thread:
// calls round-trip, a hung call times out or is aborted, and the client then starts a fresh worker.
import { expose } from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineCallCancelled, EngineClient, type WorkerHandle } from './client.ts';
import type { CheckResult, EngineApi } from './protocol.ts';
import type { TraceResponse } from '../engine/trace/types.ts';

const emptyCheck: CheckResult = {
  rulesetId: 1,
  ok: true,
  diagnostics: [],
  summary: { tables: 0, chains: 0, rules: 0 },
  outline: [],
  hooks: [],
};

/** An engine that answers the calls a test does not care about with nothing. */
function fakeApi(api: Pick<EngineApi, 'check' | 'trace'> & Partial<EngineApi>): EngineApi {
  return {
    chainRules: () => null,
    chainPage: () => null,
    traceStart: () => ({ traceId: 0, response: { ok: true, results: [], diagnostics: [] }, totals: [], replies: [] }),
    traceSteps: () => null,
    save: () => ({ ok: true, text: '', diagnostics: [] }),
    ...api,
  };
}

function channelSpawner(api: EngineApi) {
  const ports: MessagePort[] = [];
  const spawn = (): WorkerHandle => {
    const { port1, port2 } = new MessageChannel();
    expose(api, port1);
    ports.push(port1, port2);
    return {
      endpoint: port2,
      terminate: () => {
        port1.close();
        port2.close();
      },
    };
  };
  return { spawn, close: () => ports.forEach((p) => p.close()) };
}

let cleanup: (() => void)[] = [];
afterEach(() => {
  cleanup.forEach((c) => c());
  cleanup = [];
});

describe('EngineClient', () => {
  it('round-trips check and trace through comlink', async () => {
    const traced: TraceResponse = { ok: false, errors: [{ line: 1, col: 2, severity: 'error', message: 'x' }] };
    const { spawn, close } = channelSpawner(
      fakeApi({
        check: (rules) => ({ ...emptyCheck, summary: { tables: rules.length, chains: 0, rules: 0 } }),
        trace: () => traced,
      }),
    );
    const client = new EngineClient(spawn);
    cleanup.push(close, () => client.dispose());
    expect((await client.check('abc')).summary.tables).toBe(3);
    expect(await client.trace({ rules: '', packets: [] })).toEqual(traced);
    expect(client.spawned).toBe(1);
  });

  it('times out a hung call and restarts the worker for the next call', async () => {
    let hang = true;
    const { spawn, close } = channelSpawner(
      fakeApi({
        check: () => (hang ? new Promise<CheckResult>(() => {}) : emptyCheck),
        trace: () => ({ ok: true, results: [], diagnostics: [] }),
      }),
    );
    const client = new EngineClient(spawn, { timeoutMs: 50 });
    cleanup.push(close, () => client.dispose());
    await expect(client.check('x')).rejects.toMatchObject({ reason: 'timeout' });
    hang = false;
    await expect(client.check('x')).resolves.toEqual(emptyCheck);
    expect(client.spawned).toBe(2);
  });

  it('an aborted call rejects at once and ends the worker', async () => {
    const { spawn, close } = channelSpawner(
      fakeApi({
        check: () => new Promise<CheckResult>(() => {}),
        trace: () => ({ ok: true, results: [], diagnostics: [] }),
      }),
    );
    const client = new EngineClient(spawn);
    cleanup.push(close, () => client.dispose());
    const controller = new AbortController();
    const pending = client.check('x', undefined, { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(EngineCallCancelled);
    await expect(client.trace({ rules: '', packets: [] })).resolves.toMatchObject({ ok: true });
    expect(client.spawned).toBe(2);
  });
});
