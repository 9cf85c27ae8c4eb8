import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PacketView, TraceStep } from '../trace/types.ts';
import { shareSnapshots } from './chunks.ts';

const view = (dst: string): PacketView => ({
  proto: 'tcp',
  src: '10.0.0.1',
  dst,
  mark: 0,
  tos: 0,
  ttl: 64,
  length: 40,
});

function hookStep(packet: PacketView): TraceStep {
  return { kind: 'hook', hook: 'PREROUTING', stage: 'prerouting', stack: [], packet, ct: null };
}

describe('shareSnapshots', () => {
  afterEach(() => vi.restoreAllMocks());

  it('makes equal neighbouring snapshots one object and keeps different ones apart', () => {
    const a1 = view('10.0.0.2');
    const a2 = view('10.0.0.2');
    const b = view('10.0.0.3');
    const steps = [hookStep(a1), hookStep(a2), hookStep(a2), hookStep(b), hookStep(view('10.0.0.3'))];
    shareSnapshots(steps);
    expect(steps.map((s) => s.packet)).toEqual([a1, a1, a1, b, b]);
    expect(steps[1]!.packet).toBe(a1);
    expect(steps[2]!.packet).toBe(a1);
    expect(steps[3]!.packet).toBe(b);
    expect(steps[4]!.packet).toBe(b);
  });

  it('compares a long run of steps holding one snapshot once, not once per step', () => {
    const shared = view('10.0.0.2');
    const steps = [hookStep(view('10.0.0.2')), ...Array.from({ length: 10_000 }, () => hookStep(shared))];
    const stringify = vi.spyOn(JSON, 'stringify');
    shareSnapshots(steps);
    expect(stringify.mock.calls.length).toBeLessThanOrEqual(4);
    expect(new Set(steps.map((s) => s.packet)).size).toBe(1);
  });
});
