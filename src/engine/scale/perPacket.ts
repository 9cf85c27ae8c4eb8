// The cost of a new connection from a pod to one service, traced by the lab's own engine: rules evaluated (every
// rule the packet was checked against, from the 'full' trace), hash lookups (ipset matches evaluated, and IPVS's
// service and connection lookups), and the median engine time with 'walk' detail when a clock is given.
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
import type { PacketCost, Position } from './types.ts';

export interface TraceSetup {
  compiled: CompiledRuleset;
  host: ReturnType<typeof buildHost>['host'];
  sets: Map<string, IpSet>;
  ipvs: ParsedIpvs | undefined;
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
  const tracer = new Tracer(setup.compiled, setup.host, setup.sets, replayChooser(1), {
    detail,
    maxRuleEvaluations: 10_000_000,
  });
  tracer.ipvs = ipvs;
  const spec = { in: 'cni0', proto: 'tcp', src: '10.244.255.9', sport, dst: clusterIP, dport: 80 };
  const pkt = packetFromSpec(spec, 0).pkt!;
  const t0 = clock?.() ?? 0;
  const result = tracer.trace(pkt, { inIface: 'cni0', local: false });
  const ms = (clock?.() ?? 0) - t0;
  return { result, micros: ms * 1000 };
}

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
    }
  }
  return { rules, lookups };
}

export function tracedCost(
  setup: TraceSetup,
  position: Position,
  service: number,
  clusterIP: string,
  repeats: number,
  clock?: () => number,
): PacketCost {
  const ipvs = setup.ipvs ? new IpvsTable(setup.ipvs) : undefined;
  const { result } = traceOnce(setup, clusterIP, 'full', ipvs, 40000);
  const { rules, lookups } = counts(result);
  const cost: PacketCost = {
    position,
    service,
    rulesEvaluated: rules,
    hashLookups: lookups,
    source: 'traced',
    outcome: `${result.fate} ${result.packet.dst}:${result.packet.dport}`,
  };
  if (clock && repeats > 0) {
    traceOnce(setup, clusterIP, 'walk', ipvs, 40001, clock); // the first run pays for lazy compilation
    const times = Array.from(
      { length: repeats },
      (_, i) => traceOnce(setup, clusterIP, 'walk', ipvs, 40002 + i, clock).micros,
    );
    times.sort((a, b) => a - b);
    cost.engineMicros = times[Math.floor(times.length / 2)]!;
  }
  return cost;
}

/**
 * nftables mode, counted from the generated ruleset's structure until the lab traces nftables: a pod's new
 * connection to a ClusterIP meets filter-prerouting-pre-dnat (1 rule) → firewall-check (1, @firewall-ips),
 * nat-prerouting (1) → services (1, @service-ips) → service chain (2, numgen vmap) → endpoint chain (2), then
 * after DNAT filter-forward (2) → service-endpoints-check (1, @no-endpoint-services) → cluster-ips-check (2,
 * @cluster-ips), and nat-postrouting (1) → masquerading (1). The same for every service, whatever their number.
 */
export function nftCost(position: Position, service: number): PacketCost {
  return { position, service, rulesEvaluated: 15, hashLookups: 5, source: 'structural' };
}
