// The lab imports what `nflab gen-kube --mode ipvs` prints (one file of ipvsadm-save, ipset save and iptables-save
// sections) as nflab check reads it: each section into its own tab, the service addresses onto kube-ipvs0.
import { describe, expect, it } from 'vitest';
import { generateKubeProxyIpvs, joinIpvsBundle } from '../engine/index.ts';
import { traceSettled, watchedEngine } from './fixtures/engines.ts';
import { createLabStore } from './index.ts';
import { makeScenarioSlice } from './scenarioSlice.ts';

const node = generateKubeProxyIpvs({ services: 2, endpoints: 2, nodePortEvery: 10 });
const bundle = joinIpvsBundle({
  kubeIpvs0: node.kubeIpvs0,
  ipvs: node.ipvsadm,
  ipsets: node.ipsets,
  iptables: node.rules,
});

describe('importing a kube-proxy IPVS-mode node', () => {
  it('puts each section in its tab and the service addresses on kube-ipvs0; the engine takes all of it', async () => {
    const store = createLabStore(watchedEngine().engine, makeScenarioSlice({ now: () => 0 }));
    const eth0 = store.getState().host?.interfaces.find((i) => i.name === 'eth0');
    expect(await store.getState().importText(bundle)).toEqual({ ok: true, kind: 'ipvs-node' });
    const s = store.getState();
    expect(s.rules).toBe(node.rules);
    expect(s.ipsets).toBe(node.ipsets);
    expect(s.ipvs).toBe(node.ipvsadm);
    expect(s.iptablesRules).toBeUndefined();
    expect(s.host?.interfaces.find((i) => i.name === 'kube-ipvs0')?.addresses).toEqual([
      '10.96.0.10/32',
      '10.96.0.11/32',
    ]);
    // The scenario's other interfaces stay.
    expect(s.host?.interfaces.find((i) => i.name === 'eth0')).toEqual(eth0);
    await traceSettled(store);
    expect(store.getState().check?.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    store.getState().undo();
    expect(store.getState().ipvs).not.toBe(node.ipvsadm);
  });
});
