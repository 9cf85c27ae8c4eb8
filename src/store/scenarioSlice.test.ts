import { describe, expect, it } from 'vitest';
import { builtinScenarios, defaultScenario, editableCopy, findBuiltin } from '../scenarios/index.ts';
import { encodeShare, decodeShare, type SharedState } from '../share/codec.ts';
import { traceSettled, watchedEngine } from './fixtures/engines.ts';
import { createLabStore, type LabState, type LabStore } from './index.ts';
import {
  AUTOSAVE_KEY,
  AUTOSAVE_MAX_RULES,
  readAutosave,
  readAutosaveChecked,
  AUTOSAVE_DAMAGED_KEY,
  startAutosave,
  writeAutosave,
  type AutosaveTimers,
} from './scenarioAutosave.ts';
import { scenarioFileText } from './scenarioImport.ts';
import {
  isModified,
  LINKED_FIELDS,
  makeScenarioSlice,
  pickFields,
  sharedStateOf,
  UNDO_GROUP_MS,
} from './scenarioSlice.ts';
import { applyLinkFragment, SAVED_READ_IN_PLACE_MAX, startScenario } from './scenarioStartup.ts';

function makeStore(clock = { t: 0 }) {
  const watched = watchedEngine();
  const store: LabStore = createLabStore(watched.engine, makeScenarioSlice({ now: () => clock.t }));
  return { store, requests: watched.traces, loads: watched.loads, clock };
}

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
    const { store, requests, loads } = makeStore();
    store.getState().setRules('*filter\n:INPUT DROP [0:0]\nCOMMIT\n');
    await traceSettled(store);
    expect(loads.at(-1)?.text).toBe('*filter\n:INPUT DROP [0:0]\nCOMMIT\n');
    store.getState().setSeed(42);
    await traceSettled(store);
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

  it('shows the packet just added, and keeps showing the same packet when the list is reordered or shortened', async () => {
    const { store } = makeStore();
    const n = store.getState().packets.length;
    expect(n).toBeGreaterThan(1);
    await traceSettled(store);
    store.getState().addPacket({ label: 'x', in: 'eth0', proto: 'udp', src: '10.0.0.9', dst: '10.0.0.1', dport: 53 });
    await traceSettled(store);
    expect([store.getState().packetIndex, store.getState().stepIndex]).toEqual([n, 0]);
    expect(store.getState().response?.ok && 'results' in store.getState().response!).toBe(true);
    // Moved to the top, the shown packet goes with it; then the packet before the shown one is removed.
    store.getState().movePacket(n, 0);
    await traceSettled(store);
    expect(store.getState().packetIndex).toBe(0);
    store.getState().selectPacket(1);
    store.getState().removePacket(0);
    await traceSettled(store);
    expect(store.getState().packetIndex).toBe(0);
    expect(store.getState().packets[0]).toEqual(defaultScenario.packets[0]);
  });

  it('while exploring, the packet just added is the one explored', async () => {
    const { store, requests } = makeStore();
    store.getState().setExplore(true);
    await traceSettled(store);
    store.getState().addPacket({ label: 'x', in: 'eth0', proto: 'udp', src: '10.0.0.9', dst: '10.0.0.1', dport: 53 });
    await traceSettled(store);
    const packets = store.getState().packets;
    expect(store.getState().exploredPacket).toBe(packets.length - 1);
    expect(requests.at(-1)?.packets).toEqual(packets);
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
  ])('refuses %s input and keeps the user work untouched', async (reason, text) => {
    const { store } = makeStore();
    store.getState().setRules('*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -j ACCEPT\nCOMMIT\n');
    const before = pickFields(store.getState());
    const undoDepth = store.getState().undoStack.length;
    expect(await store.getState().importText(text)).toMatchObject({ ok: false, reason });
    expect(pickFields(store.getState())).toEqual(before);
    expect(store.getState().undoStack).toHaveLength(undoDepth);
  });

  it('imports nft -j list ruleset JSON as rules, not as a scenario file', async () => {
    const { store } = makeStore();
    const json =
      '{"nftables": [{"metainfo": {"json_schema_version": 1}}, {"table": {"family": "inet", "name": "filter", "handle": 1}}]}';
    expect(await store.getState().importText(json)).toEqual({ ok: true, kind: 'rules' });
    expect(store.getState().rules).toBe(`${json}\n`);
  });

  it('imports a ruleset (save format or commands) into the rules only, undoably', async () => {
    const { store } = makeStore();
    const host = store.getState().host;
    const script = 'iptables -P INPUT DROP\niptables -A INPUT -p tcp --dport 22 -j ACCEPT';
    expect(await store.getState().importText(script)).toEqual({ ok: true, kind: 'rules' });
    expect(store.getState().rules).toBe(`${script}\n`);
    expect(store.getState().host).toEqual(host);
    store.getState().undo();
    expect(store.getState().rules).toBe(defaultScenario.rules);
  });

  it('imports `iptables -t nat -S` (no table name) into nat, the only table its chains and targets fit', async () => {
    const { store } = makeStore();
    const listing = '-P PREROUTING ACCEPT\n-P POSTROUTING ACCEPT\n-A POSTROUTING -s 10.0.0.0/8 -j MASQUERADE\n';
    expect(await store.getState().importText(listing)).toEqual({ ok: true, kind: 'rules' });
    expect(store.getState().rules).toBe(`# table: nat\n${listing}`);
  });

  it('asks which table when several fit an `iptables -S` listing, and changes nothing meanwhile', async () => {
    const { store } = makeStore();
    const rules = store.getState().rules;
    expect(await store.getState().importText('-P INPUT DROP\n-A INPUT -j ACCEPT\n')).toEqual({
      ok: false,
      reason: 'which-table',
      candidates: ['mangle', 'nat', 'filter', 'security'],
    });
    expect(store.getState().rules).toBe(rules);
  });

  it('imports an exported scenario file and a share link as a whole scenario', async () => {
    const { store } = makeStore();
    const shared = {
      scenario: editableCopy(findBuiltin('kube-clusterip')!),
      view: { packetIndex: 1, stepIndex: 3, tableOrder: 'legacy' as const },
    };
    store.getState().setPanelTab('rules');
    expect(await store.getState().importText(scenarioFileText(shared))).toEqual({ ok: true, kind: 'scenario' });
    expect(store.getState().panelTab).toBe('rules');
    expect(store.getState().scenarioId).toBe('kube-clusterip');
    expect(store.getState().tableOrder).toBe('legacy');
    const other = makeStore().store;
    expect(await other.getState().importText(`http://x/#${encodeShare(shared)}`)).toEqual({
      ok: true,
      kind: 'scenario',
    });
    expect(pickFields(other.getState())).toEqual(pickFields(store.getState()));
  });
});

describe('share state', () => {
  it('LINKED_FIELDS lists every field a link is made of (the address bar follows exactly those)', () => {
    const state = makeStore().store.getState();
    const read = new Set<string>();
    const watch = (target: LabState): LabState =>
      new Proxy(target, {
        get(obj, key, receiver) {
          if (typeof key === 'string') read.add(key);
          return Reflect.get(obj, key, receiver) as unknown;
        },
      });
    // Once as it starts, once with every optional part of a link switched on.
    sharedStateOf(watch(state));
    sharedStateOf(watch({ ...state, lessonId: 'tables-and-chains', explore: true, predicting: true, ipsets: '' }));
    expect(read.size).toBeGreaterThan(10);
    expect([...read].filter((key) => !(LINKED_FIELDS as readonly string[]).includes(key))).toEqual([]);
  });

  it('a link made in one store reproduces the scenario, packet and step in a fresh one', async () => {
    const a = makeStore().store;
    a.getState().loadBuiltin('port-forward');
    await traceSettled(a);
    a.getState().selectPacket(2);
    a.getState().goToStep(6);
    a.getState().setTableOrder('legacy');
    await traceSettled(a);
    a.setState({ packetIndex: 2, stepIndex: 6 });
    const fragment = encodeShare(sharedStateOf(a.getState()));

    const b = makeStore().store;
    expect(await applyLinkFragment(b, `#${fragment}`)).toBeNull();
    await traceSettled(b);
    const s = b.getState();
    expect(pickFields(s)).toEqual(pickFields(a.getState()));
    expect([s.packetIndex, s.stepIndex, s.tableOrder]).toEqual([2, 6, 'legacy']);
  });

  it('explore mode follows the packet shown (the engine explores the last packet sent); off shows it again', async () => {
    const { store, requests } = makeStore();
    store.getState().loadBuiltin('kube-clusterip');
    await traceSettled(store);
    store.getState().selectPacket(1);
    store.getState().setExplore(true);
    await traceSettled(store);
    expect(requests.at(-1)?.explore).toBe(true);
    expect(requests.at(-1)?.packets).toEqual(store.getState().packets.slice(0, 2));
    expect(store.getState().packetIndex).toBe(0); // the first outcome
    // "Show packet 3" while exploring explores packet 3 (selecting index 2 would pick a third outcome instead).
    store.getState().showPacket(2);
    await traceSettled(store);
    expect(requests.at(-1)?.packets).toEqual(store.getState().packets.slice(0, 3));
    expect(requests.at(-1)?.explore).toBe(true);
    store.getState().setExplore(false);
    await traceSettled(store);
    expect(requests.at(-1)?.explore).toBeUndefined();
    expect(requests.at(-1)?.packets).toHaveLength(3);
    expect(store.getState().packetIndex).toBe(2);
    store.getState().showPacket(0);
    expect(store.getState().packetIndex).toBe(0);
  });

  it('a link carries explore mode: a fresh store traces every branch; a link without it switches explore off', async () => {
    const a = makeStore().store;
    a.getState().loadBuiltin('kube-clusterip');
    await traceSettled(a);
    a.getState().selectPacket(1);
    a.getState().setExplore(true);
    await traceSettled(a);
    const exploring = encodeShare(sharedStateOf(a.getState()));

    const b = makeStore();
    expect(await applyLinkFragment(b.store, `#${exploring}`)).toBeNull();
    await traceSettled(b.store);
    expect(b.store.getState().explore).toBe(true);
    expect(b.requests.at(-1)?.explore).toBe(true);
    expect(b.requests.at(-1)?.packets).toHaveLength(2);

    a.getState().setExplore(false);
    await traceSettled(a);
    expect(await applyLinkFragment(b.store, `#${encodeShare(sharedStateOf(a.getState()))}`)).toBeNull();
    await traceSettled(b.store);
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
    expect((await readAutosave(storage))?.scenario.rules).toBe(`${findBuiltin('connmark')!.rules}# mine\n`);

    const reloaded = makeStore().store;
    expect(await startScenario(reloaded, { hash: '', storage })).toEqual({ source: 'autosave', linkError: null });
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
    expect((await readAutosave(storage))?.view).toMatchObject({ packetIndex: 2, stepIndex: 5 });
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
    const result = await startScenario(opened, { hash: `#${encodeShare(sharedStateOf(link.getState()))}`, storage });
    expect(result.source).toBe('link');
    expect(opened.getState().scenarioId).toBe('raw-notrack');
    opened.getState().undo();
    expect(opened.getState().rules).toBe('*filter\n:INPUT DROP [0:0]\nCOMMIT\n');
  });

  it('a broken link is reported and changes nothing', async () => {
    const { store } = makeStore();
    expect(await startScenario(store, { hash: '#v1.%%%', storage: memoryStorage() })).toEqual({
      source: 'default',
      linkError: 'garbled',
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
    expect(await readAutosave(broken)).toBeNull();
  });
});

describe('autosave never loses work', () => {
  const noTimers: AutosaveTimers = { schedule: () => 0, cancel: () => {} };
  const encode = async (s: SharedState) => encodeShare(s);

  it('flush writes a change at once, before its timer (the tab is closing)', async () => {
    const storage = memoryStorage();
    const { store } = makeStore();
    const autosave = startAutosave(store, storage, { timers: noTimers, encode });
    store.getState().setRules(`${store.getState().rules}# closing now\n`);
    expect(storage.has(AUTOSAVE_KEY)).toBe(false);
    autosave.flush();
    expect((await readAutosave(storage))?.scenario.rules).toMatch(/# closing now\n$/);
    autosave.stop();
  });

  it('writes nothing while paused (another tab saved), and keepMine writes this tab’s work', async () => {
    const storage = memoryStorage();
    const { store } = makeStore();
    const autosave = startAutosave(store, storage, { timers: noTimers, encode });
    storage.setItem(AUTOSAVE_KEY, 'the other tab');
    autosave.pause();
    store.getState().setRules('# mine\n');
    autosave.flush();
    expect(storage.get(AUTOSAVE_KEY)).toBe('the other tab');
    autosave.resume();
    autosave.flush(true);
    expect((await readAutosave(storage))?.scenario.rules).toBe('# mine\n');
    autosave.stop();
  });

  /** Rules that deflate poorly (pseudo-random comments), so their saved fragment is big. */
  function bigRules(lines: number): string {
    let x = 12345;
    const hex = () => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 0).toString(16).padStart(8, '0');
    const body = Array.from({ length: lines }, () => `-A INPUT -m comment --comment "${hex()}${hex()}" -j ACCEPT`);
    return `*filter\n:INPUT ACCEPT [0:0]\n${body.join('\n')}\nCOMMIT\n`;
  }

  it('reads big saved work through decodeLink (in the page, the share-decode worker), small work in place', async () => {
    const decoded: string[] = [];
    const countingDecoder = async (fragment: string) => {
      decoded.push(fragment);
      return decodeShare(fragment);
    };
    const { store: small } = makeStore();
    small.getState().loadBuiltin('connmark');
    const smallSave = memoryStorage();
    await writeAutosave(smallSave, sharedStateOf(small.getState()), encode);
    const smallReloaded = makeStore().store;
    await startScenario(smallReloaded, { hash: '', storage: smallSave, decodeLink: countingDecoder });
    expect(smallReloaded.getState().rules).toBe(findBuiltin('connmark')!.rules);
    expect(decoded).toEqual([]);

    const { store: big } = makeStore();
    big.getState().setRules(bigRules(20_000));
    const bigSave = memoryStorage();
    await writeAutosave(bigSave, sharedStateOf(big.getState()), encode);
    expect(bigSave.get(AUTOSAVE_KEY)!.length).toBeGreaterThan(SAVED_READ_IN_PLACE_MAX);
    const bigReloaded = makeStore().store;
    expect(await startScenario(bigReloaded, { hash: '', storage: bigSave, decodeLink: countingDecoder })).toEqual({
      source: 'autosave',
      linkError: null,
    });
    expect(decoded).toEqual([bigSave.get(AUTOSAVE_KEY)]);
    expect(bigReloaded.getState().rules).toBe(big.getState().rules);
    expect(bigReloaded.getState().undoStack).toEqual([]);
  });

  it('keeps damaged big saved work aside; a share-decode worker that died reads nothing into it', async () => {
    const { store: big } = makeStore();
    big.getState().setRules(bigRules(20_000));
    const storage = memoryStorage();
    await writeAutosave(storage, sharedStateOf(big.getState()), encode);
    const fragment = storage.get(AUTOSAVE_KEY)!;
    // The worker could not start: the save is read in place and comes back.
    const dead = makeStore().store;
    const deadWorker = async () => ({ ok: false as const, error: 'unreadable' as const });
    expect(await startScenario(dead, { hash: '', storage, decodeLink: deadWorker })).toEqual({
      source: 'autosave',
      linkError: null,
    });
    expect(dead.getState().rules).toBe(big.getState().rules);
    // One character changed in the middle: the checksum refuses it, and it is kept whole for the user.
    const middle = fragment.length >> 1;
    const damaged = `${fragment.slice(0, middle)}${fragment[middle] === 'A' ? 'B' : 'A'}${fragment.slice(middle + 1)}`;
    storage.setItem(AUTOSAVE_KEY, damaged);
    const result = await startScenario(makeStore().store, {
      hash: '',
      storage,
      decodeLink: async (f) => decodeShare(f),
    });
    expect(result).toMatchObject({ source: 'default', damagedAutosave: true });
    expect(storage.get(AUTOSAVE_DAMAGED_KEY)).toBe(damaged);
  });

  it('keeps a damaged save aside, whole, and reports it', async () => {
    const storage = memoryStorage();
    storage.setItem(AUTOSAVE_KEY, 'v2.damaged.00000000');
    expect(await readAutosaveChecked(storage)).toEqual({ state: null, damaged: true });
    expect(storage.get(AUTOSAVE_DAMAGED_KEY)).toBe('v2.damaged.00000000');
    expect(storage.has(AUTOSAVE_KEY)).toBe(false);
    const { store } = makeStore();
    expect(
      await startScenario(store, {
        hash: '',
        storage: (() => {
          const s = memoryStorage();
          s.setItem(AUTOSAVE_KEY, 'garbage');
          return s;
        })(),
      }),
    ).toMatchObject({ source: 'default', damagedAutosave: true });
  });
});
