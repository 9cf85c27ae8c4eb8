// The store's actions against the real engine (in-process): every control the UI offers is one of these.
import { describe, expect, it } from 'vitest';
import type { TraceResponse } from '../engine/trace/types.ts';
import { createRealEngineApi } from '../worker/engineDeps.ts';
import type { CheckResult } from '../worker/protocol.ts';
import type { LabEngine } from './engine.ts';
import { createLabStore } from './index.ts';
import { currentTimeline } from './playbackSlice.ts';

const RULES = `*filter
:INPUT DROP [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
:SSH-IN - [0:0]
-A INPUT -i lo -j ACCEPT
-A INPUT -p tcp -m tcp --dport 22 -j SSH-IN
-A SSH-IN -s 10.0.0.0/8 -j ACCEPT
COMMIT
`;

function inProcessEngine(): LabEngine {
  const api = createRealEngineApi();
  return {
    check: async (rules, opts) => api.check(rules, opts),
    trace: async (req) => api.trace(req),
    chainRules: async (id, table, chain) => api.chainRules(id, table, chain),
    save: async (rules) => api.save(rules),
  };
}

async function tracedStore() {
  const store = createLabStore(inProcessEngine());
  store.setState({
    rules: RULES,
    host: {
      interfaces: [
        { name: 'lo', addresses: ['127.0.0.1/8'] },
        { name: 'eth0', addresses: ['10.0.0.1/24'] },
      ],
      routes: [{ to: 'default', via: '10.0.0.254', dev: 'eth0' }],
      forwarding: false,
    },
    packets: [
      { in: 'eth0', proto: 'tcp', src: '10.0.0.2', dst: '10.0.0.1', sport: 40000, dport: 22, tcpFlags: ['SYN'] },
    ],
  });
  await store.getState().requestTrace();
  return store;
}

describe('lab store with the real engine', () => {
  it('traces the scenario: the timeline starts with the arrival and ends with the fate', async () => {
    const store = await tracedStore();
    const timeline = currentTimeline(store.getState());
    expect(store.getState().traceStatus).toBe('ready');
    expect(timeline[0]?.step.kind).toBe('arrive');
    expect(timeline.at(-1)?.step).toMatchObject({ kind: 'fate', fate: 'delivered' });
    expect(store.getState().stepIndex).toBe(0);
  });

  it('step forward and back move one step; back restores the earlier packet snapshot', async () => {
    const store = await tracedStore();
    const s = () => store.getState();
    s().stepForward();
    s().stepForward();
    expect(s().stepIndex).toBe(2);
    const snapshot = currentTimeline(s())[2]?.step.packet;
    s().stepForward();
    s().stepBack();
    expect(s().stepIndex).toBe(2);
    expect(currentTimeline(s())[s().stepIndex]?.step.packet).toBe(snapshot);
    s().toStart();
    s().stepBack();
    expect(s().stepIndex).toBe(0);
  });

  it('End goes to the fate, Home back to the arrival; goToStep clamps', async () => {
    const store = await tracedStore();
    const s = () => store.getState();
    const last = currentTimeline(s()).length - 1;
    s().toEnd();
    expect(s().stepIndex).toBe(last);
    s().goToStep(10_000);
    expect(s().stepIndex).toBe(last);
    s().toStart();
    expect(s().stepIndex).toBe(0);
  });

  it('play advances one step per tick and stops by itself at the fate', async () => {
    const store = await tracedStore();
    const s = () => store.getState();
    const last = currentTimeline(s()).length - 1;
    s().play();
    expect(s().playing).toBe(true);
    s().tick();
    expect(s().stepIndex).toBe(1);
    for (let i = 0; i < last + 5; i += 1) s().tick();
    expect(s().stepIndex).toBe(last);
    expect(s().playing).toBe(false);
    s().play();
    expect(s().stepIndex).toBe(0);
  });

  it('opening a chain the packet passes moves playback to its first step there', async () => {
    const store = await tracedStore();
    const s = () => store.getState();
    s().openChain('filter', 'SSH-IN');
    const step = currentTimeline(s())[s().stepIndex]?.step;
    expect(step && 'chain' in step && step.chain).toBe('SSH-IN');
    expect(s().pinnedChain).toBeNull();
  });

  it('opening a chain the packet never reaches pins it without moving playback', async () => {
    const store = await tracedStore();
    const s = () => store.getState();
    s().goToStep(3);
    s().openChain('filter', 'FORWARD', 'FORWARD');
    expect(s().stepIndex).toBe(3);
    expect(s().pinnedChain).toEqual({ table: 'filter', chain: 'FORWARD' });
    s().stepForward();
    expect(s().pinnedChain).toBeNull();
  });

  it('openRule goes to the step that evaluated that rule', async () => {
    const store = await tracedStore();
    const s = () => store.getState();
    s().openRule('filter', 'INPUT', 2);
    expect(currentTimeline(s())[s().stepIndex]?.step).toMatchObject({ kind: 'rule', chain: 'INPUT', index: 2 });
  });

  it('loads a chain’s rules once per parse', async () => {
    const store = await tracedStore();
    await store.getState().loadChainRules('filter', 'SSH-IN');
    const page = Object.values(store.getState().chainRules)[0];
    expect(page?.total).toBe(1);
    expect(page?.rules.map((r) => r.index)).toEqual([1]);
  });
});

describe('requestTrace ordering', () => {
  it('drops an older answer that arrives after a newer one', async () => {
    const pending: ((r: TraceResponse) => void)[] = [];
    const check: CheckResult = {
      rulesetId: 1,
      ok: true,
      diagnostics: [],
      summary: { tables: 0, chains: 0, rules: 0 },
      outline: [],
      hooks: [],
    };
    const engine: LabEngine = {
      check: async () => check,
      trace: () => new Promise<TraceResponse>((resolve) => pending.push(resolve)),
      chainRules: async () => null,
      save: async () => ({ ok: true, text: '', diagnostics: [] }),
    };
    const store = createLabStore(engine);
    const first = store.getState().requestTrace();
    const second = store.getState().requestTrace();
    await Promise.resolve();
    await Promise.resolve();
    const newer: TraceResponse = { ok: true, results: [], diagnostics: [] };
    const older: TraceResponse = { ok: false, errors: [{ line: 1, col: 1, severity: 'error', message: 'old' }] };
    pending[1]?.(newer);
    await second;
    pending[0]?.(older);
    await first;
    expect(store.getState().response).toBe(newer);
  });

  it('a newer request aborts the trace still running in the engine', async () => {
    const signals: AbortSignal[] = [];
    const engine: LabEngine = {
      check: async () => {
        throw new Error('not used: traceStart carries the check');
      },
      trace: async () => ({ ok: true, results: [], diagnostics: [] }),
      chainRules: async () => null,
      save: async () => ({ ok: true, text: '', diagnostics: [] }),
      traceStart: (_req, _check, signal) => {
        signals.push(signal!);
        return new Promise((resolve, reject) => {
          signal?.addEventListener('abort', () => reject(new Error('aborted')));
          if (signals.length > 1)
            resolve({
              traceId: 1,
              response: { ok: true, results: [], diagnostics: [] },
              totals: [],
              replies: [],
              check: {
                rulesetId: 1,
                ok: true,
                diagnostics: [],
                summary: { tables: 0, chains: 0, rules: 0 },
                outline: [],
                hooks: [],
              },
            });
        });
      },
    };
    const store = createLabStore(engine);
    const first = store.getState().requestTrace();
    await store.getState().requestTrace();
    await first;
    expect(signals[0]?.aborted).toBe(true);
    expect(signals[1]?.aborted).toBe(false);
    expect(store.getState().traceStatus).toBe('ready');
  });
});
