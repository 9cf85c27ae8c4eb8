// The cost of a new connection from a pod to one service, traced by the lab's own engine: rules evaluated (every
// iptables or nftables rule the packet was checked against, from the 'full' trace), hash lookups (ipset matches
// evaluated, IPVS's service and connection lookups, nftables set and map lookups), and the median engine time with
// 'walk' detail when a clock is given.
import { parseRuleset } from '../parse/index.ts';
import { buildHost } from '../host/host.ts';
import { parseIpsets, type IpSet } from '../host/ipset.ts';
import { compileRuleset, type CompiledRuleset } from '../trace/compile.ts';
import { Tracer } from '../trace/engine.ts';
import { packetFromSpec } from '../trace/packet.ts';
import { replayChooser } from '../trace/random.ts';
import type { HostSpec, TraceResult } from '../trace/types.ts';
import { parseIpvs, type ParsedIpvs } from '../ipvs/parse.ts';
import { IpvsTable } from '../ipvs/table.ts';
import { parseNft } from '../nft/index.ts';
import { nftProgram, type NftProgram } from '../nft/program.ts';
import type { PacketCost, Position } from './types.ts';

export interface TraceSetup {
  compiled: CompiledRuleset;
  host: ReturnType<typeof buildHost>['host'];
  sets: Map<string, IpSet>;
  ipvs: ParsedIpvs | undefined;
  /** kube-proxy's nftables mode: its `ip kube-proxy` table, beside an empty iptables ruleset. */
  nft?: NftProgram;
}

export function nodeHost(kubeIpvs0: string[] = []): HostSpec {
  return {
    interfaces: [
      { name: 'lo', addresses: ['127.0.0.1/8'] },
      { name: 'eth0', addresses: ['192.168.0.2/24'] },
      { name: 'cni0', addresses: ['10.244.0.1/16'] },
      ...(kubeIpvs0.length ? [{ name: 'kube-ipvs0', addresses: kubeIpvs0 }] : []),
    ],
    routes: [{ to: 'default', via: '192.168.0.1', dev: 'eth0' }],
    forwarding: true,
    conntrack: 'on',
  };
}

export function prepareTrace(rules: string, host: HostSpec, ipsets?: string, ipvs?: string): TraceSetup {
  const { sets } = parseIpsets(ipsets);
  const parsed = parseRuleset(rules, { ipsets: [...sets.keys()] });
  return {
    compiled: compileRuleset(parsed.ruleset),
    host: buildHost(host).host,
    sets,
    ipvs: ipvs ? parseIpvs(ipvs) : undefined,
  };
}

/** An nftables ruleset ready to trace, or the first refusal of the text (the generator's output should load). */
export function prepareNftTrace(text: string, host: HostSpec): TraceSetup | { error: string } {
  const parsed = parseNft(text);
  if (parsed.rejected) {
    const d = parsed.diagnostics[0];
    return { error: `${d?.line}:${d?.col} ${d?.message}` };
  }
  return { ...prepareTrace('', host), nft: nftProgram(parsed.ruleset) };
}

/**
 * One new connection (its own source port) through a fresh tracer. The IPVS table is built once per measured
 * service and shared: building 10,000 virtual services before every timed trace would time the garbage collector.
 */
function traceOnce(
  setup: TraceSetup,
  clusterIP: string,
  detail: 'full' | 'walk',
  ipvs: IpvsTable | undefined,
  sport: number,
  clock?: () => number,
) {
  const tracer = new Tracer(
    setup.compiled,
    setup.host,
    setup.sets,
    replayChooser(1),
    { detail, maxRuleEvaluations: 10_000_000 },
    setup.nft,
  );
  tracer.ipvs = ipvs;
  const spec = { in: 'cni0', proto: 'tcp', src: '10.244.255.9', sport, dst: clusterIP, dport: 80 };
  const pkt = packetFromSpec(spec, 0).pkt!;
  const t0 = clock?.() ?? 0;
  const result = tracer.trace(pkt, { inIface: 'cni0', local: false });
  const ms = (clock?.() ?? 0) - t0;
  return { result, micros: ms * 1000 };
}

const NFT_LOOKUPS = new Set(['nft.set-hit', 'nft.set-miss', 'nft.vmap-hit', 'nft.vmap-miss']);

function counts(r: TraceResult): { rules: number; lookups: number } {
  let rules = 0;
  let lookups = 0;
  for (const s of r.steps) {
    if (s.kind === 'rule') {
      rules++;
      lookups += s.matches.filter((m) => m.name === 'set' && m.simulated).length;
    } else if (s.kind === 'ipvs' && s.fn === 'in' && s.action !== 'pass') {
      // ip_vs_conn_in_get, then (for a new connection) __ip_vs_service_find: one hash lookup each.
      lookups += 2;
    } else if (s.kind === 'nft-rule') {
      rules++;
      // A set or map lookup (nft_lookup_eval, nft_lookup with a verdict map): one per `@set` or `vmap` run.
      for (const st of s.statements) lookups += st.explain.filter((x) => NFT_LOOKUPS.has(x.id)).length;
    }
  }
  return { rules, lookups };
}

/** Traces one measured packet takes: one full trace for the counts, then (timed) one warm-up and `repeats` timed. */
export function tracesPerPacket(repeats: number, clock?: () => number): number {
  return clock && repeats > 0 ? 2 + repeats : 1;
}

/**
 * One packet's cost, one trace at a time (a yield after each, tracesPerPacket in all): at 20,000 services in
 * iptables mode a trace to the last service walks 20,000 rules, and a driver can stop between two of them.
 */
export function* tracedCost(
  setup: TraceSetup,
  position: Position,
  service: number,
  clusterIP: string,
  repeats: number,
  clock?: () => number,
): Generator<void, PacketCost, void> {
  const ipvs = setup.ipvs ? new IpvsTable(setup.ipvs) : undefined;
  const { result } = traceOnce(setup, clusterIP, 'full', ipvs, 40000);
  const { rules, lookups } = counts(result);
  const cost: PacketCost = {
    position,
    service,
    rulesEvaluated: rules,
    hashLookups: lookups,
    outcome: `${result.fate} ${result.packet.dst}:${result.packet.dport}`,
  };
  yield;
  if (tracesPerPacket(repeats, clock) === 1) return cost;
  traceOnce(setup, clusterIP, 'walk', ipvs, 40001, clock); // the first run pays for lazy compilation
  yield;
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    times.push(traceOnce(setup, clusterIP, 'walk', ipvs, 40002 + i, clock).micros);
    yield;
  }
  times.sort((a, b) => a - b);
  cost.engineMicros = times[Math.floor(times.length / 2)]!;
  return cost;
}
