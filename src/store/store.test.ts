// The store's actions against the real engine (in-process): every control the UI offers is one of these.
import { describe, expect, it } from 'vitest';
import { inProcessEngine } from './engine.ts';
import { watchedEngine } from './fixtures/engines.ts';
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
  const twoRequests = async () => {
    const watched = watchedEngine();
    const store = createLabStore(watched.engine);
    store.setState({ rules: RULES });
    watched.hold = true;
    const first = store.getState().requestTrace();
    const second = store.getState().requestTrace();
    await watched.whenHeld(2);
    return { watched, store, first, second };
  };

  it('drops an older answer that arrives after a newer one', async () => {
    const { watched, store, first, second } = await twoRequests();
    watched.held[1]!();
    await second;
    const newer = store.getState().response;
    watched.held[0]!();
    await first;
    expect(newer?.ok).toBe(true);
    expect(store.getState().response).toBe(newer);
  });

  it('a newer request cancels the older trace in the engine, and the rules stay loaded (parsed once)', async () => {
    const { watched, store, first, second } = await twoRequests();
    watched.held.forEach((release) => release());
    await Promise.all([first, second]);
    expect(store.getState().traceStatus).toBe('ready');
    expect(watched.loads).toHaveLength(1);
    expect(watched.traces.map((t) => t.rulesetId)).toEqual([1, 1]);
    watched.hold = false;
    await store.getState().requestTrace();
    expect(watched.loads).toHaveLength(1);
  });

  it('a request made while the first is still loading the rules shares that load, even though the first is cancelled', async () => {
    // A fresh engine: the first call waits for the session to start, and the second request cancels the first then.
    const store = createLabStore(inProcessEngine());
    store.setState({ rules: RULES });
    const first = store.getState().requestTrace();
    const second = store.getState().requestTrace();
    await Promise.all([first, second]);
    expect(store.getState().traceError).toBeNull();
    expect(store.getState().traceStatus).toBe('ready');
    expect(store.getState().response?.ok).toBe(true);
  });

  it('sends the rules again only when they change', async () => {
    const watched = watchedEngine();
    const store = createLabStore(watched.engine);
    store.setState({ rules: RULES });
    await store.getState().requestTrace();
    store.setState({ seed: 9 });
    await store.getState().requestTrace();
    expect(watched.loads).toHaveLength(1);
    store.setState({ rules: `${RULES}# edited\n` });
    await store.getState().requestTrace();
    expect(watched.loads).toHaveLength(2);
  });
});

describe('long traces and big rulesets', () => {
  it('cancelTrace stops the trace in flight: the rules and packets stay, and the next request traces', async () => {
    const watched = watchedEngine();
    const store = createLabStore(watched.engine);
    store.setState({ rules: RULES });
    watched.hold = true;
    const pending = store.getState().requestTrace();
    await watched.whenHeld(1);
    const before = { rules: store.getState().rules, packets: store.getState().packets };
    store.getState().cancelTrace();
    expect(store.getState().traceStatus).toBe('cancelled');
    watched.held[0]!();
    await pending;
    // The cancelled answer never lands, whatever the engine did with it.
    expect(store.getState().traceStatus).toBe('cancelled');
    expect(store.getState().response).toBeNull();
    expect({ rules: store.getState().rules, packets: store.getState().packets }).toEqual(before);
    watched.hold = false;
    await store.getState().requestTrace();
    expect(store.getState().traceStatus).toBe('ready');
    expect(watched.loads).toHaveLength(1);
  });

  it('searchChains finds the chains of the loaded rules by name; an empty query ends the search', async () => {
    const store = await tracedStore();
    await store.getState().searchChains('ssh');
    expect(store.getState().chainSearch?.result.chains.map((c) => `${c.table}/${c.chain}`)).toEqual(['filter/SSH-IN']);
    await store.getState().searchChains('  ');
    expect(store.getState().chainSearch).toBeNull();
    expect(store.getState().chainQuery).toBe('  ');
  });
});
