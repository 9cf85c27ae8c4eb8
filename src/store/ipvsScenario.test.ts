// IPVS in the lab's own scenarios (not only lessons): the scenario's ipvsadm-save text goes with every trace and
// batch request, survives undo, share links and autosave, and the kube-ipvs scenario's batch splits over its real
// servers exactly as rr does.
import { describe, expect, it } from 'vitest';
import { inProcessEngine } from './engine.ts';
import { createLabStore } from './index.ts';
import { sharedStateOf } from './scenarioSlice.ts';
import { traceRequestOf } from './traceRequest.ts';
import { decodeShare, encodeShare } from '../share/codec.ts';
import { LIMITS, validateScenario } from '../scenarios/validate.ts';

async function ipvsStore() {
  const store = createLabStore(inProcessEngine());
  store.getState().loadBuiltin('kube-ipvs');
  await store.getState().requestTrace();
  return store;
}

describe('IPVS in a scenario', () => {
  it('the trace request carries the scenario’s IPVS services, and the trace names the real server', async () => {
    const store = await ipvsStore();
    const s = store.getState();
    expect(traceRequestOf(s).ipvs).toContain('-A -t 10.96.0.10:80 -s rr');
    const response = s.response;
    expect(response?.ok).toBe(true);
    const steps = response && response.ok && 'results' in response ? response.results[0]!.steps : [];
    const ipvs = steps.find((st) => st.kind === 'ipvs');
    expect(ipvs && 'conn' in ipvs ? ipvs.conn?.destination : undefined).toBe('10.244.0.4:8080');
  });

  it('a batch of 300 new connections splits 100/100/100 over the real servers', async () => {
    const store = await ipvsStore();
    store.getState().setBatchKind('connections');
    store.getState().setBatchCount(300);
    await store.getState().runBatch();
    const r = store.getState().batchResult;
    expect(r?.endpoints.map((e) => [e.endpoint, e.count])).toEqual([
      ['10.244.0.2:8080', 100],
      ['10.244.0.3:8080', 100],
      ['10.244.0.4:8080', 100],
    ]);
  });

  it('editing the IPVS text is undoable and retraces; emptying it removes it', async () => {
    const store = await ipvsStore();
    const before = store.getState().ipvs;
    store.getState().setIpvs('-A -t 10.96.0.10:80 -s rr\n-a -t 10.96.0.10:80 -r 10.244.0.9:8080 -m -w 1\n');
    await store.getState().requestTrace();
    const r = store.getState().response;
    expect(r && r.ok && 'results' in r ? r.results[0]!.packet.dst : '').toBe('10.244.0.9');
    store.getState().undo();
    expect(store.getState().ipvs).toBe(before);
    store.getState().setIpvs('');
    expect(store.getState().ipvs).toBeUndefined();
  });

  it('a share link keeps the IPVS text', async () => {
    const store = await ipvsStore();
    const back = decodeShare(encodeShare(sharedStateOf(store.getState())));
    expect(back.ok && back.state.scenario.ipvs).toBe(store.getState().ipvs);
  });

  it('a link’s IPVS text is bounded like the rules: a string, at most LIMITS.rulesChars', () => {
    const base = { rules: '', host: { interfaces: [], routes: [], forwarding: false }, packets: [] };
    expect(validateScenario({ ...base, ipvs: '-A -t 10.0.0.1:80 -s rr\n' }).ok).toBe(true);
    expect(validateScenario({ ...base, ipvs: 42 }).ok).toBe(false);
    expect(validateScenario({ ...base, ipvs: 'x'.repeat(LIMITS.rulesChars + 1) }).ok).toBe(false);
  });
});
