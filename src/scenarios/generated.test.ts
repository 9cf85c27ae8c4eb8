// Scenarios whose rules are a generator's output: the file on disk must be exactly what the generator writes today,
// so the lab shows what kube-proxy's nftables mode (as the engine models it) loads on a node.
import { describe, expect, it } from 'vitest';
import { generateKubeProxyNft } from '../engine/index.ts';
import { findBuiltin } from './index.ts';

describe('generated scenario rules', () => {
  it('nft-kube-proxy is generateKubeProxyNft for 3 services × 3 endpoints, svc0 a NodePort, svc2 without endpoints', () => {
    const rules = generateKubeProxyNft({ services: 3, endpoints: 3, nodePortEvery: 2, noEndpointsFor: 2 });
    expect(findBuiltin('nft-kube-proxy')?.rules).toBe(rules);
  });
});
