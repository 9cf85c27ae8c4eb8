// The scale lab's computation: for each number of services and each kube-proxy mode, what a new connection costs
// (to the first, a middle and the last service) and what one update rewrites. Pure: time comes from the caller's
// clock, progress and cancellation through its hooks, so a worker can drive it and post the JSON back.
import { generateKubeProxyDump } from '../gen/kubeProxy.ts';
import { generateKubeProxyIpvs } from '../gen/kubeProxyIpvs.ts';
import { generateKubeProxyNft } from '../gen/kubeProxyNft.ts';
import { kubeServices } from '../gen/kubeModel.ts';
import { nodeHost, prepareNftTrace, prepareTrace, tracedCost, type TraceSetup } from './perPacket.ts';
import { iptablesUpdate, ipvsUpdate, nftUpdate } from './update.ts';
import type { Position, ProxyMode, ScaleHooks, ScalePoint, ScaleRequest, ScaleResult } from './types.ts';

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

export function scalePoint(
  mode: ProxyMode,
  n: number,
  endpoints: number,
  repeats: number,
  clock?: () => number,
): ScalePoint {
  const opts = { services: n, endpoints };
  const changed = Math.floor((n - 1) / 2);
  const ips = kubeServices({ services: n, endpoints: 0, nodePortEvery: 0 }).map((s) => s.clusterIP);
  const measure = (setup: TraceSetup) =>
    positions(n).map(([pos, s]) => tracedCost(setup, pos, s, ips[s]!, repeats, clock));
  if (mode === 'iptables') {
    const before = generateKubeProxyDump(opts);
    const after = generateKubeProxyDump({ ...opts, extraEndpointFor: changed });
    return {
      mode,
      services: n,
      totalRules: countLines(before, /^-A /),
      packets: measure(prepareTrace(before, nodeHost())),
      updates: iptablesUpdate(before, after),
    };
  }
  if (mode === 'ipvs') {
    const before = generateKubeProxyIpvs(opts);
    const after = generateKubeProxyIpvs({ ...opts, extraEndpointFor: changed });
    const setup = prepareTrace(before.rules, nodeHost(before.kubeIpvs0), before.ipsets, before.ipvsadm);
    return {
      mode,
      services: n,
      totalRules:
        countLines(before.rules, /^-A /) + countLines(before.ipvsadm, /^-[Aa] /) + countLines(before.ipsets, /^add /),
      packets: measure(setup),
      updates: [ipvsUpdate(before, after)],
    };
  }
  const before = generateKubeProxyNft(opts);
  const after = generateKubeProxyNft({ ...opts, extraEndpointFor: changed });
  const setup = prepareNftTrace(before, nodeHost());
  // The generator's own output: a refusal is a bug of the generator or the parser, not of anything a user typed.
  if ('error' in setup) throw new Error(`kube-proxy nftables ruleset for ${n} services does not load: ${setup.error}`);
  const packets = measure(setup);
  return {
    mode,
    services: n,
    totalRules: before.split('\n').filter((l) => /^\t\t(?!type |comment |elements |\s)/.test(l) && !l.includes(' = '))
      .length,
    packets,
    updates: [nftUpdate(before, after)],
  };
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
    const point = scalePoint(mode, n, req.endpoints ?? 3, req.repeats ?? 5, hooks.clock);
    points.push(point);
    hooks.onProgress?.(points.length, steps.length, point);
  }
  return { ok: true, points };
}
