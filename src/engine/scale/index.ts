// The scale lab's computation: for each number of services and each kube-proxy mode, what a new connection costs
// (to the first, a middle and the last service) and what one update rewrites. Pure: time comes from the caller's
// clock, progress and cancellation through its hooks, so a worker can drive it and post the JSON back.
import { generateKubeProxyDump } from '../gen/kubeProxy.ts';
import { generateKubeProxyIpvs } from '../gen/kubeProxyIpvs.ts';
import { generateKubeProxyNft } from '../gen/kubeProxyNft.ts';
import { kubeServices } from '../gen/kubeModel.ts';
import { nodeHost, prepareNftTrace, prepareTrace, tracedCost, tracesPerPacket, type TraceSetup } from './perPacket.ts';
import { iptablesUpdate, ipvsUpdate, nftUpdate } from './update.ts';
import type { PacketCost, Position, ProxyMode, ScaleHooks, ScalePoint, ScaleRequest, ScaleResult } from './types.ts';

export type * from './types.ts';

const ALL_MODES: ProxyMode[] = ['iptables', 'ipvs', 'nftables'];

function positions(n: number): [Position, number][] {
  return [
    ['first', 0],
    ['middle', Math.floor((n - 1) / 2)],
    ['last', n - 1],
  ];
}

function countLines(text: string, prefix: RegExp): number {
  return text.split('\n').filter((l) => prefix.test(l)).length;
}

/**
 * How many times one point yields (scalePointPhases): the configuration generated, the configuration after the
 * update generated, the two compared, the configuration loaded, then every trace of the three measured packets.
 * The first four are single engine calls (at 20,000 services in iptables mode each takes seconds: a 33 MB dump
 * generated or parsed); a driver that must stop inside one ends its worker instead (src/store/scaleSlice.ts).
 */
export function scalePointYields(repeats: number, clock?: () => number): number {
  return 4 + 3 * tracesPerPacket(repeats, clock);
}

function* measured(
  setup: TraceSetup,
  ips: string[],
  repeats: number,
  clock: (() => number) | undefined,
  progress: () => number,
) {
  const packets: PacketCost[] = [];
  for (const [pos, s] of positions(ips.length)) {
    const work = tracedCost(setup, pos, s, ips[s]!, repeats, clock);
    for (let step = work.next(); ; step = work.next()) {
      if (step.done) {
        packets.push(step.value);
        break;
      }
      yield progress();
    }
  }
  return packets;
}

/**
 * One point, in resumable chunks: each yield gives the fraction of the point done (0 to 1, scalePointYields in
 * all), so a driver can report it and stop there. The update is measured before the configuration is loaded so the
 * second generation's text can go before the parsed ruleset is built: at 20,000 services the iptables dump alone is
 * 33 MB of text.
 */
export function* scalePointPhases(
  mode: ProxyMode,
  n: number,
  endpoints: number,
  repeats: number,
  clock?: () => number,
): Generator<number, ScalePoint, void> {
  const total = scalePointYields(repeats, clock);
  let done = 0;
  const progress = () => ++done / total;
  const opts = { services: n, endpoints };
  const changed = Math.floor((n - 1) / 2);
  const ips = kubeServices({ services: n, endpoints: 0, nodePortEvery: 0 }).map((s) => s.clusterIP);
  if (mode === 'iptables') {
    const before = generateKubeProxyDump(opts);
    yield progress();
    const after = generateKubeProxyDump({ ...opts, extraEndpointFor: changed });
    yield progress();
    const updates = iptablesUpdate(before, after);
    yield progress();
    const setup = prepareTrace(before, nodeHost());
    yield progress();
    const packets = yield* measured(setup, ips, repeats, clock, progress);
    return { mode, services: n, totalRules: countLines(before, /^-A /), packets, updates };
  }
  if (mode === 'ipvs') {
    const before = generateKubeProxyIpvs(opts);
    yield progress();
    const after = generateKubeProxyIpvs({ ...opts, extraEndpointFor: changed });
    yield progress();
    const updates = [ipvsUpdate(before, after)];
    yield progress();
    const setup = prepareTrace(before.rules, nodeHost(before.kubeIpvs0), before.ipsets, before.ipvsadm);
    yield progress();
    const packets = yield* measured(setup, ips, repeats, clock, progress);
    const totalRules =
      countLines(before.rules, /^-A /) + countLines(before.ipvsadm, /^-[Aa] /) + countLines(before.ipsets, /^add /);
    return { mode, services: n, totalRules, packets, updates };
  }
  const before = generateKubeProxyNft(opts);
  yield progress();
  const after = generateKubeProxyNft({ ...opts, extraEndpointFor: changed });
  yield progress();
  const updates = [nftUpdate(before, after)];
  yield progress();
  const setup = prepareNftTrace(before, nodeHost());
  // The generator's own output: a refusal is a bug of the generator or the parser, not of anything a user typed.
  if ('error' in setup) throw new Error(`kube-proxy nftables ruleset for ${n} services does not load: ${setup.error}`);
  yield progress();
  const packets = yield* measured(setup, ips, repeats, clock, progress);
  const totalRules = before
    .split('\n')
    .filter((l) => /^\t\t(?!type |comment |elements |\s)/.test(l) && !l.includes(' = ')).length;
  return { mode, services: n, totalRules, packets, updates };
}

/** One point at once (the unit tests' and benchmarks' way; a driver that can stop uses scalePointPhases). */
export function scalePoint(
  mode: ProxyMode,
  n: number,
  endpoints: number,
  repeats: number,
  clock?: () => number,
): ScalePoint {
  const phases = scalePointPhases(mode, n, endpoints, repeats, clock);
  for (;;) {
    const step = phases.next();
    if (step.done) return step.value;
  }
}

/** The points of a request, one per size and mode, in order: a driver computes them one at a time. */
export function scaleSteps(req: ScaleRequest): { mode: ProxyMode; n: number }[] {
  const modes = req.modes ?? ALL_MODES;
  const sizes = req.sizes.filter((n) => Number.isInteger(n) && n > 0);
  return sizes.flatMap((n) => modes.map((mode) => ({ mode, n })));
}

export function computeScale(req: ScaleRequest, hooks: ScaleHooks = {}): ScaleResult {
  const steps = scaleSteps(req);
  const points: ScalePoint[] = [];
  for (const { mode, n } of steps) {
    if (hooks.isCancelled?.()) return { ok: false, cancelled: true };
    const phases = scalePointPhases(mode, n, req.endpoints ?? 3, req.repeats ?? 5, hooks.clock);
    let step = phases.next();
    for (; !step.done; step = phases.next()) if (hooks.isCancelled?.()) return { ok: false, cancelled: true };
    points.push(step.value);
    hooks.onProgress?.(points.length, steps.length, step.value);
  }
  return { ok: true, points };
}
