import { describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import type { TraceRequest, TraceResponse, TraceResult } from '../engine/trace/types.ts';
import { builtinScenarios, defaultScenario, editableCopy, findBuiltin } from '../scenarios/index.ts';
import { encodeShare, decodeShare, type SharedState } from '../share/codec.ts';
import type { LabEngine } from './engine.ts';
import type { LabState, LabStore } from './index.ts';
import { createReportSlice } from './reportSlice.ts';
import { createChallengeSlice } from './challengeSlice.ts';
import { createPlaybackSlice } from './playbackSlice.ts';
import {
  AUTOSAVE_KEY,
  AUTOSAVE_MAX_RULES,
  readAutosave,
  startAutosave,
  writeAutosave,
  type AutosaveTimers,
} from './scenarioAutosave.ts';
import { scenarioFileText } from './scenarioImport.ts';
import { isModified, makeScenarioSlice, pickFields, sharedStateOf, UNDO_GROUP_MS } from './scenarioSlice.ts';
import { applyLinkFragment, startScenario } from './scenarioStartup.ts';
import { createTraceSlice } from './traceSlice.ts';

/** An engine that answers every packet with a ten-step trace and remembers what it was asked. */
function fakeEngine() {
  const requests: TraceRequest[] = [];
  const run = (): TraceResult => ({
    fate: 'delivered',
    outIface: null,
    packet: { proto: 'tcp', src: '1.1.1.1', dst: '2.2.2.2', mark: 0, tos: 0, ttl: 64, length: 40 },
    ctstate: 'NEW',
    walk: [],
    steps: Array.from({ length: 10 }, () => ({
      kind: 'hook' as const,
      hook: 'INPUT' as const,
      packet: { proto: 'tcp', src: '1.1.1.1', dst: '2.2.2.2', mark: 0, tos: 0, ttl: 64, length: 40 },
      ct: null,
    })),
  });
  const engine: LabEngine = {
    check: async () => ({
      rulesetId: 1,
      ok: true,
      diagnostics: [],
      summary: { tables: 1, chains: 3, rules: 0 },
      outline: [],
      hooks: [],
    }),
    trace: async (req): Promise<TraceResponse> => {
      requests.push(req);
      return { ok: true, results: req.packets.map(run), diagnostics: [] };
    },
    chainRules: async () => null,
    save: async (rules) => ({ ok: true, text: rules, diagnostics: [] }),
  };
  return { engine, requests };
}

function makeStore(clock = { t: 0 }) {
  const { engine, requests } = fakeEngine();
  const store: LabStore = createStore<LabState>()((...a) => ({
    ...makeScenarioSlice({ now: () => clock.t })(...a),
    ...createTraceSlice(engine)(...a),
    ...createPlaybackSlice(...a),
    ...createReportSlice(...a),
    ...createChallengeSlice(engine)(...a),
  }));
  return { store, requests, clock };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

type MemoryStorage = Map<string, string> & {
  getItem(k: string): string | null;
  setItem(k: string, v: string): void;
  removeItem(k: string): void;
};

function memoryStorage(): MemoryStorage {
  const m = new Map<string, string>() as MemoryStorage;
  m.getItem = (k) => m.get(k) ?? null;
  m.setItem = (k, v) => void m.set(k, v);
  m.removeItem = (k) => void m.delete(k);
  return m;
}

describe('scenario slice', () => {
  it('opens on the default scenario, unmodified', () => {
    const { store } = makeStore();
    const s = store.getState();
    expect(s.scenarioId).toBe(defaultScenario.id);
    expect(s.rules).toBe(defaultScenario.rules);
    expect(s.packets).toEqual(defaultScenario.packets);
    expect(isModified(s)).toBe(false);
  });

  it('traces again after every edit, with the edited rules', async () => {
    const { store, requests } = makeStore();
    store.getState().setRules('*filter\n:INPUT DROP [0:0]\nCOMMIT\n');
    await settle();
    expect(requests.at(-1)?.rules).toBe('*filter\n:INPUT DROP [0:0]\nCOMMIT\n');
    store.getState().setSeed(42);
    await settle();
    expect(requests.at(-1)?.seed).toBe(42);
  });

  it('undoes and redoes an edit', () => {
    const { store } = makeStore();
    const before = store.getState().rules;
    store.getState().setRules(`${before}# note\n`);
    store.getState().undo();
    expect(store.getState().rules).toBe(before);
    expect(isModified(store.getState())).toBe(false);
    store.getState().redo();
    expect(store.getState().rules).toBe(`${before}# note\n`);
  });

  it('folds a burst of typing into one undo step, but not edits far apart', () => {
    const { store, clock } = makeStore();
    const before = store.getState().rules;
    for (const ch of 'abc') {
      clock.t += 100;
      store.getState().setRules(store.getState().rules + ch);
    }
    clock.t += UNDO_GROUP_MS + 1;
    store.getState().setRules(store.getState().rules + 'd');
    store.getState().undo();
    expect(store.getState().rules).toBe(`${before}abc`);
    store.getState().undo();
    expect(store.getState().rules).toBe(before);
  });

  it('a new edit after undo clears redo', () => {
    const { store } = makeStore();
    store.getState().setSeed(5);
    store.getState().undo();
    store.getState().setSeed(6);
    store.getState().redo();
    expect(store.getState().seed).toBe(6);
  });

  it('edits packets: add, update, move, remove', () => {
    const { store } = makeStore();
    const n = store.getState().packets.length;
    store.getState().addPacket({ label: 'x', in: 'eth0', proto: 'udp', src: '10.0.0.9', dst: '10.0.0.1', dport: 53 });
    expect(store.getState().packets).toHaveLength(n + 1);
    store
      .getState()
      .updatePacket(n, { label: 'y', in: 'eth0', proto: 'udp', src: '10.0.0.9', dst: '10.0.0.1', dport: 54 });
    expect(store.getState().packets[n]?.dport).toBe(54);
    store.getState().movePacket(n, 0);
    expect(store.getState().packets[0]?.label).toBe('y');
    store.getState().removePacket(0);
    expect(store.getState().packets).toEqual(defaultScenario.packets);
  });

  it('loads a built-in and resets to it after edits; the reset itself can be undone', () => {
    const { store } = makeStore();
    store.getState().loadBuiltin('nat-gateway');
    const builtin = findBuiltin('nat-gateway');
    expect(store.getState().rules).toBe(builtin?.rules);
    store.getState().setRules('*nat\nCOMMIT\n');
    expect(isModified(store.getState())).toBe(true);
    expect(store.getState().resetToBuiltin()).toBe(true);
    expect(store.getState().rules).toBe(builtin?.rules);
    expect(isModified(store.getState())).toBe(false);
    store.getState().undo();
    expect(store.getState().rules).toBe('*nat\nCOMMIT\n');
  });

  it('never lets an edit change the built-in library', () => {
    const { store } = makeStore();
    store.getState().loadBuiltin('host-firewall');
    const p = store.getState().packets[0];
    if (p) p.dport = 9999;
    store.getState().updatePacket(0, { ...store.getState().packets[0]!, sport: 1 });
    expect(findBuiltin('host-firewall')?.packets[0]?.dport).toBe(22);
  });
});

describe('import', () => {
  it.each([
    ['empty', '   \n'],
    ['binary', 'PK\u0003\u0004\u0000\u0000binary'],
    ['not-rules', 'Dear student, here is some prose.'],
    ['bad-scenario-file', '{"rules": 5}'],
    ['bad-scenario-file', '{ not json'],
    ['bad-link', 'http://localhost:5173/#v1.AAAA'],
  ])('refuses %s input and keeps the user work untouched', (reason, text) => {
    const { store } = makeStore();
    store.getState().setRules('*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -j ACCEPT\nCOMMIT\n');
    const before = pickFields(store.getState());
    const undoDepth = store.getState().undoStack.length;
    expect(store.getState().importText(text)).toEqual({ ok: false, reason });
    expect(pickFields(store.getState())).toEqual(before);
    expect(store.getState().undoStack).toHaveLength(undoDepth);
  });

  it('imports a ruleset (save format or commands) into the rules only, undoably', () => {
    const { store } = makeStore();
    const host = store.getState().host;
    const script = 'iptables -P INPUT DROP\niptables -A INPUT -p tcp --dport 22 -j ACCEPT';
    expect(store.getState().importText(script)).toEqual({ ok: true, kind: 'rules' });
    expect(store.getState().rules).toBe(`${script}\n`);
    expect(store.getState().host).toEqual(host);
    store.getState().undo();
    expect(store.getState().rules).toBe(defaultScenario.rules);
  });

  it('imports an exported scenario file and a share link as a whole scenario', () => {
    const { store } = makeStore();
    const shared = {
      scenario: editableCopy(findBuiltin('kube-clusterip')!),
      view: { packetIndex: 1, stepIndex: 3, tableOrder: 'legacy' as const },
    };
    store.getState().setPanelTab('rules');
    expect(store.getState().importText(scenarioFileText(shared))).toEqual({ ok: true, kind: 'scenario' });
    expect(store.getState().panelTab).toBe('rules');
    expect(store.getState().scenarioId).toBe('kube-clusterip');
    expect(store.getState().tableOrder).toBe('legacy');
    const other = makeStore().store;
    expect(other.getState().importText(`http://x/#${encodeShare(shared)}`)).toEqual({ ok: true, kind: 'scenario' });
    expect(pickFields(other.getState())).toEqual(pickFields(store.getState()));
  });
});

describe('share state', () => {
  it('a link made in one store reproduces the scenario, packet and step in a fresh one', async () => {
    const a = makeStore().store;
    a.getState().loadBuiltin('port-forward');
    await settle();
    a.getState().selectPacket(2);
    a.getState().goToStep(6);
    a.getState().setTableOrder('legacy');
    await settle();
    a.setState({ packetIndex: 2, stepIndex: 6 });
    const fragment = encodeShare(sharedStateOf(a.getState()));

    const b = makeStore().store;
    expect(applyLinkFragment(b, `#${fragment}`)).toBeNull();
    await settle();
    const s = b.getState();
    expect(pickFields(s)).toEqual(pickFields(a.getState()));
    expect([s.packetIndex, s.stepIndex, s.tableOrder]).toEqual([2, 6, 'legacy']);
  });

  it('explore mode follows the packet shown (the engine explores the last packet sent); off shows it again', async () => {
    const { store, requests } = makeStore();
    store.getState().loadBuiltin('kube-clusterip');
    await settle();
    store.getState().selectPacket(1);
    store.getState().setExplore(true);
    await settle();
    expect(requests.at(-1)?.explore).toBe(true);
    expect(requests.at(-1)?.packets).toEqual(store.getState().packets.slice(0, 2));
    expect(store.getState().packetIndex).toBe(0); // the first outcome
    // "Show packet 3" while exploring explores packet 3 (selecting index 2 would pick a third outcome instead).
    store.getState().showPacket(2);
    await settle();
    expect(requests.at(-1)?.packets).toEqual(store.getState().packets.slice(0, 3));
    expect(requests.at(-1)?.explore).toBe(true);
    store.getState().setExplore(false);
    await settle();
    expect(requests.at(-1)?.explore).toBeUndefined();
    expect(requests.at(-1)?.packets).toHaveLength(3);
    expect(store.getState().packetIndex).toBe(2);
    store.getState().showPacket(0);
    expect(store.getState().packetIndex).toBe(0);
  });

  it('a link carries explore mode: a fresh store traces every branch; a link without it switches explore off', async () => {
    const a = makeStore().store;
    a.getState().loadBuiltin('kube-clusterip');
    await settle();
    a.getState().selectPacket(1);
    a.getState().setExplore(true);
    await settle();
    const exploring = encodeShare(sharedStateOf(a.getState()));

    const b = makeStore();
    expect(applyLinkFragment(b.store, `#${exploring}`)).toBeNull();
    await settle();
    expect(b.store.getState().explore).toBe(true);
    expect(b.requests.at(-1)?.explore).toBe(true);
    expect(b.requests.at(-1)?.packets).toHaveLength(2);

    a.getState().setExplore(false);
    await settle();
    expect(applyLinkFragment(b.store, `#${encodeShare(sharedStateOf(a.getState()))}`)).toBeNull();
    await settle();
    expect(b.store.getState().explore).toBe(false);
    expect(b.requests.at(-1)?.explore).toBeUndefined();
  });

  it('every built-in scenario survives the trip through the store and a link', () => {
    for (const builtin of builtinScenarios) {
      const { store } = makeStore();
      store.getState().loadBuiltin(builtin.id);
      const decoded = decodeShare(encodeShare(sharedStateOf(store.getState())));
      expect(decoded.ok && decoded.state.scenario.rules).toBe(builtin.rules);
    }
  });
});

describe('autosave and start-up', () => {
  const manualTimers = () => {
    const queue: (() => void)[] = [];
    const timers: AutosaveTimers = {
      schedule: (fn) => queue.push(fn),
      cancel: (h) => {
        queue[(h as number) - 1] = () => {};
      },
    };
    return { timers, runAll: () => queue.splice(0).forEach((fn) => fn()) };
  };
  const encode = async (s: SharedState) => encodeShare(s);

  it('writes the scenario after a change, and a reload restores it', async () => {
    const storage = memoryStorage();
    const { store } = makeStore();
    const { timers, runAll } = manualTimers();
    const autosave = startAutosave(store, storage, { timers, encode });
    store.getState().loadBuiltin('connmark');
    store.getState().setRules(`${store.getState().rules}# mine\n`);
    expect(storage.has(AUTOSAVE_KEY)).toBe(false);
    runAll();
    await autosave.idle();
    autosave.stop();
    expect(readAutosave(storage)?.scenario.rules).toBe(`${findBuiltin('connmark')!.rules}# mine\n`);

    const reloaded = makeStore().store;
    expect(startScenario(reloaded, { hash: '', storage })).toEqual({ source: 'autosave', linkError: null });
    expect(reloaded.getState().rules).toBe(`${findBuiltin('connmark')!.rules}# mine\n`);
    expect(reloaded.getState().undoStack).toEqual([]);
  });

  it('stepping through a trace writes only the view, never the rules again', async () => {
    const storage = memoryStorage();
    const { store } = makeStore();
    const { timers, runAll } = manualTimers();
    let encodes = 0;
    const counting = async (s: SharedState) => {
      encodes += 1;
      return encodeShare(s);
    };
    const autosave = startAutosave(store, storage, { timers, encode: counting });
    store.getState().setSeed(9);
    runAll();
    await autosave.idle();
    store.setState({ packetIndex: 2, stepIndex: 5 });
    runAll();
    await autosave.idle();
    autosave.stop();
    expect(encodes).toBe(1);
    expect(readAutosave(storage)?.view).toMatchObject({ packetIndex: 2, stepIndex: 5 });
  });

  it('does not keep a ruleset too big for localStorage, and says so', async () => {
    const storage = memoryStorage();
    const { store } = makeStore();
    const { timers, runAll } = manualTimers();
    const autosave = startAutosave(store, storage, { timers, encode });
    store.getState().setSeed(3);
    runAll();
    await autosave.idle();
    expect(storage.has(AUTOSAVE_KEY)).toBe(true);
    store.getState().setRules(`*filter\n${'#'.repeat(AUTOSAVE_MAX_RULES)}\nCOMMIT\n`);
    runAll();
    await autosave.idle();
    autosave.stop();
    expect(storage.has(AUTOSAVE_KEY)).toBe(false);
    expect(store.getState().autosaveNote).toBe('too-big');
  });

  it('a link wins over the autosave, and undo brings the autosaved work back', async () => {
    const storage = memoryStorage();
    const mine = makeStore().store;
    mine.getState().setRules('*filter\n:INPUT DROP [0:0]\nCOMMIT\n');
    await writeAutosave(storage, sharedStateOf(mine.getState()), encode);
    const link = makeStore().store;
    link.getState().loadBuiltin('raw-notrack');

    const opened = makeStore().store;
    const result = startScenario(opened, { hash: `#${encodeShare(sharedStateOf(link.getState()))}`, storage });
    expect(result.source).toBe('link');
    expect(opened.getState().scenarioId).toBe('raw-notrack');
    opened.getState().undo();
    expect(opened.getState().rules).toBe('*filter\n:INPUT DROP [0:0]\nCOMMIT\n');
  });

  it('a broken link is reported and changes nothing', () => {
    const { store } = makeStore();
    expect(startScenario(store, { hash: '#v1.%%%', storage: memoryStorage() })).toEqual({
      source: 'default',
      linkError: 'not-a-link',
    });
    expect(store.getState().rules).toBe(defaultScenario.rules);
  });

  it('survives a storage that refuses to write or read', async () => {
    const broken = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('quota');
      },
      removeItem: () => {},
    };
    const { store } = makeStore();
    expect(await writeAutosave(broken, sharedStateOf(store.getState()), encode)).toBe(false);
    expect(readAutosave(broken)).toBeNull();
  });
});
