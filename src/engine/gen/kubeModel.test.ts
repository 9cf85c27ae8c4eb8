// NodePorts as the apiserver allocates them from 30000-32767: each port once, the range's 2,768 ports at most.
import { describe, expect, it } from 'vitest';
import { kubeServices } from './kubeModel.ts';

const ports = (list: ReturnType<typeof kubeServices>) =>
  list.flatMap((s) => [s.nodePort, s.healthCheckNodePort]).filter((p): p is number => p !== undefined);

describe('kube-proxy model: NodePorts', () => {
  it('gives each NodePort once at 20,000 services (every 10th asked for 30000 again at service 13,840)', () => {
    const given = ports(kubeServices({ services: 20_000, endpoints: 0 }));
    expect(given).toHaveLength(2_000);
    expect(new Set(given).size).toBe(given.length);
    expect(given.every((p) => p >= 30000 && p <= 32767)).toBe(true);
  });

  it('keeps the port each service asks for while it is free (30000 + s mod 2768)', () => {
    const list = kubeServices({ services: 100, endpoints: 0, nodePortEvery: 10 });
    expect(list.filter((s) => s.nodePort !== undefined).map((s) => s.nodePort)).toEqual(
      Array.from({ length: 10 }, (_, i) => 30000 + i * 10),
    );
  });

  it('health-check ports never take a NodePort, and a full range gives no more ports', () => {
    const opts = { endpoints: 0, nodePortEvery: 1, loadBalancerEvery: 1, localTrafficEvery: 1 } as const;
    const some = kubeServices({ ...opts, services: 1000, healthCheckNodePorts: true });
    expect(new Set(ports(some)).size).toBe(2000);
    const full = kubeServices({ ...opts, services: 3000 });
    expect(ports(full)).toHaveLength(2768);
    expect(full[2768]!.nodePort).toBeUndefined();
  });
});
