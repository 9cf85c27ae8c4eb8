import { describe, expect, it } from 'vitest';
import { createSession } from '../session/session.ts';
import { CallCancelled } from '../session/context.ts';
import { computeScale, scalePointPhases, scalePointYields } from './index.ts';

describe('scale computation', () => {
  const r = computeScale({ sizes: [20, 60], repeats: 0 });
  const points = r.ok ? r.points : [];
  const at = (mode: string, n: number) => points.find((p) => p.mode === mode && p.services === n)!;

  it('iptables: rules evaluated grow with the service position and the table; IPVS and nftables stay flat', () => {
    const ipt = at('iptables', 60).packets;
    expect(ipt[2]!.rulesEvaluated - ipt[0]!.rulesEvaluated).toBe(59); // one KUBE-SERVICES rule per service before it
    expect(at('iptables', 60).packets[2]!.rulesEvaluated).toBeGreaterThan(
      at('iptables', 20).packets[2]!.rulesEvaluated,
    );
    for (const mode of ['ipvs', 'nftables']) {
      const counts = points.filter((p) => p.mode === mode).flatMap((p) => p.packets.map((c) => c.rulesEvaluated));
      expect(new Set(counts).size).toBe(1);
    }
  });

  it('traces reach an endpoint in every mode (the packet is really DNATed), nftables through its own table', () => {
    for (const mode of ['iptables', 'ipvs', 'nftables'])
      for (const c of at(mode, 20).packets) expect(c.outcome, mode).toMatch(/^sent 10\.244\.\d+\.\d+:8080$/);
  });

  it('nftables: the same rules and set/map lookups for the first and the last service, whatever their number', () => {
    // kube-proxy's service-ips verdict map finds any service in one lookup; the walk before and after it is fixed.
    const walks = points
      .filter((p) => p.mode === 'nftables')
      .flatMap((p) => p.packets.map((c) => `${c.rulesEvaluated}/${c.hashLookups}`));
    expect(new Set(walks).size).toBe(1);
    expect(at('nftables', 60).packets[2]!.hashLookups).toBeGreaterThan(0);
    expect(at('nftables', 60).packets[2]!.rulesEvaluated).toBeLessThan(at('iptables', 60).packets[2]!.rulesEvaluated);
  });

  it('an update rewrites the whole table in iptables full mode, far less partially, and one line in IPVS', () => {
    const [full, partial] = at('iptables', 60).updates;
    expect(full!.rules).toBe(at('iptables', 60).totalRules + 3); // the new endpoint: 1 SVC rule + 2 SEP rules
    expect(partial!.rules).toBeLessThan(full!.rules);
    expect(at('ipvs', 60).updates[0]!.rules).toBe(1); // one `-a` real server line
    expect(at('nftables', 60).updates[0]!.rules).toBe(at('nftables', 20).updates[0]!.rules);
  });

  it('computes a point in resumable chunks in every mode, each yield the fraction done, the last one 1', () => {
    for (const mode of ['iptables', 'ipvs', 'nftables'] as const) {
      for (const [repeats, clock] of [
        [0, undefined],
        [2, () => 0],
      ] as const) {
        const phases = scalePointPhases(mode, 5, 2, repeats, clock);
        const fractions: number[] = [];
        let step = phases.next();
        for (; !step.done; step = phases.next()) fractions.push(step.value);
        expect(fractions, mode).toHaveLength(scalePointYields(repeats, clock));
        expect(fractions.at(-1), mode).toBe(1);
        expect(
          fractions.every((f, i) => f > 0 && (i === 0 || f > fractions[i - 1]!)),
          mode,
        ).toBe(true);
        expect(step.value).toMatchObject({ mode, services: 5 });
      }
    }
    // Cancelled after the first chunk: no point is finished.
    let asked = 0;
    expect(computeScale({ sizes: [5], modes: ['iptables'] }, { isCancelled: () => ++asked > 2 })).toEqual({
      ok: false,
      cancelled: true,
    });
    expect(asked).toBe(3);
  });

  it('every trace is a chunk of its own: between two yields at most one timed trace reads the clock', () => {
    let reads = 0;
    const phases = scalePointPhases('iptables', 30, 2, 3, () => ++reads);
    const perChunk: number[] = [];
    for (let before = reads, step = phases.next(); !step.done; step = phases.next()) {
      perChunk.push(reads - before);
      before = reads;
    }
    // Generate, generate after the update, compare, load: no clock. Then per packet: the counted trace (untimed),
    // the warm-up and the three timed traces (a clock read before and after each).
    expect(perChunk).toEqual([0, 0, 0, 0, ...[0, 2, 2, 2, 2], ...[0, 2, 2, 2, 2], ...[0, 2, 2, 2, 2]]);
  });

  it('a session stops a cancelled scale call at the next chunk: no trace runs after the cancel', async () => {
    let reads = 0;
    const session = createSession({ clock: () => ++reads });
    const flag = { aborted: false };
    let readsAtCancel = 0;
    const call = session.scale(
      { sizes: [30], modes: ['iptables'], repeats: 3 },
      {
        signal: flag,
        progress: (done) => {
          // In the middle of the traces (chunk 10 of 19): cancel.
          if (!flag.aborted && done > 9 / 19) {
            flag.aborted = true;
            readsAtCancel = reads;
          }
        },
      },
    );
    await expect(call).rejects.toBeInstanceOf(CallCancelled);
    // Cancelled at the second packet's counted trace: the first packet's warm-up and three timed traces had run.
    expect(readsAtCancel).toBe(8);
    expect(reads).toBe(readsAtCancel);
  });

  it('reports progress, measures with the caller clock, and stops when cancelled', () => {
    let ticks = 0;
    const seen: number[] = [];
    const timed = computeScale(
      { sizes: [5], modes: ['iptables'], repeats: 1 },
      { clock: () => (ticks += 1), onProgress: (done, total) => seen.push(done, total) },
    );
    expect(seen).toEqual([1, 1]);
    expect(timed.ok && timed.points[0]!.packets[0]!.engineMicros).toBe(1000); // one tick = 1 ms
    expect(computeScale({ sizes: [5, 10] }, { isCancelled: () => true })).toEqual({ ok: false, cancelled: true });
  });
});
