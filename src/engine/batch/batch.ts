// Traffic batches (issue #10 point 6): N packets or N new connections built from one template packet, with
// source ports (an ICMP echo's identifier) drawn from a seeded PRNG, walked through a kept ruleset against the
// scenario's host, and tallied: how many met each fate, went to each endpoint (the destination after DNAT, IPVS
// or nft dnat), left by each interface, and what they added to every rule's and policy's counters.
import type { Diagnostic } from '../model/types.ts';
import type { Packet } from '../model/packet.ts';
import { IPPROTO, TCP_FLAG } from '../model/packet.ts';
import { replayChooser, seededRandom } from '../trace/random.ts';
import { startTracer, type PreparedRuleset, type TraceOptions } from '../trace/index.ts';
import type { CountersView, Fate, PacketSpec, TraceResult } from '../trace/types.ts';

/** The most packets one batch sends: enough for any share to show, bounded so a class's laptops keep up. */
export const MAX_BATCH = 100_000;

/** Linux's default net.ipv4.ip_local_port_range: where a client's source ports come from. */
const EPHEMERAL_LOW = 32768;
const EPHEMERAL_HIGH = 60999;

/**
 * 'packets': one after another through one connection table (a port drawn twice joins its earlier flow).
 * 'connections': each one the first packet of a fresh flow (a TCP template is sent as a SYN): the connection
 * table and IPVS connections of the one before are forgotten, as if it had closed.
 */
export type BatchKind = 'packets' | 'connections';

export interface BatchOptions {
  host?: TraceOptions['host'];
  ipvs?: string;
  template: PacketSpec;
  count: number;
  kind: BatchKind;
  /** Seeds the source ports and every `statistic --mode random` draw: the same seed, the same batch. */
  seed: number;
  /** False: every packet keeps the template's source port (or echo identifier). Default true. */
  randomPorts?: boolean;
}

export interface BatchEndpoint {
  /** "10.244.1.5:8080", or the address alone for a packet without ports. */
  endpoint: string;
  count: number;
  /** How those packets ended. */
  fates: Partial<Record<Fate, number>>;
}

export interface BatchTally {
  kind: BatchKind;
  /** How many were asked for, and how many were sent (fewer when asked for more than MAX_BATCH). */
  requested: number;
  sent: number;
  fates: { fate: Fate; count: number }[];
  endpoints: BatchEndpoint[];
  outIfaces: { outIface: string | null; count: number }[];
  /** What the batch added to each rule's and policy's packet and byte counters. */
  counters: CountersView;
}

export type BatchResult = ({ ok: true } & BatchTally) | { ok: false; errors: Diagnostic[] };

/** The work of a batch: yields after each chunk of packets with how many are done. */
export type BatchWork = Generator<number, BatchResult, void>;

const CHUNK = 250;

/** The source-port drawing: a port in the ephemeral range, or an echo identifier, per packet. */
function portDrawer(seed: number): () => number {
  // Its own stream, apart from the statistic draws (seeded with `seed` as a scenario's are).
  const next = seededRandom((seed ^ 0x9e3779b9) >>> 0);
  return () => EPHEMERAL_LOW + Math.floor(next() * (EPHEMERAL_HIGH - EPHEMERAL_LOW + 1));
}

function endpointOf(r: TraceResult): string {
  return r.packet.dport === undefined ? r.packet.dst : `${r.packet.dst}:${r.packet.dport}`;
}

function bump<K>(map: Map<K, number>, key: K): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

export function* batchWork(rules: PreparedRuleset, opts: BatchOptions): BatchWork {
  const started = startTracer(
    rules,
    { host: opts.host, ipvs: opts.ipvs, packets: [opts.template], detail: 'walk' },
    replayChooser(opts.seed),
  );
  if (!started.ok) return { ok: false, errors: started.errors };
  const { tracer, packets } = started;
  const first = packets[0]!;
  const pkt: Packet = { ...first.pkt };
  if (opts.kind === 'connections' && pkt.proto === IPPROTO.tcp) pkt.tcpFlags = TCP_FLAG.SYN;
  const echo = pkt.proto === IPPROTO.icmp && pkt.icmpId !== undefined;
  const draw = opts.randomPorts === false ? undefined : portDrawer(opts.seed);
  const sent = Math.max(0, Math.min(MAX_BATCH, Math.floor(opts.count)));
  const fates = new Map<Fate, number>();
  const endpoints = new Map<string, BatchEndpoint>();
  const outIfaces = new Map<string | null, number>();
  tracer.now = first.at;
  for (let i = 0; i < sent; i += 1) {
    if (draw && echo) pkt.icmpId = draw() & 0xffff;
    else if (draw && pkt.sport !== undefined) pkt.sport = draw();
    const r = tracer.trace(pkt, first.origin);
    bump(fates, r.fate);
    bump(outIfaces, r.outIface);
    const key = endpointOf(r);
    let e = endpoints.get(key);
    if (!e) endpoints.set(key, (e = { endpoint: key, count: 0, fates: {} }));
    e.count += 1;
    e.fates[r.fate] = (e.fates[r.fate] ?? 0) + 1;
    if (opts.kind === 'connections') tracer.forgetFlows();
    if ((i + 1) % CHUNK === 0 && i + 1 < sent) yield i + 1;
  }
  return {
    ok: true,
    kind: opts.kind,
    requested: opts.count,
    sent,
    fates: [...fates].map(([fate, count]) => ({ fate, count })),
    endpoints: [...endpoints.values()].sort((a, b) => a.endpoint.localeCompare(b.endpoint, 'en', { numeric: true })),
    outIfaces: [...outIfaces].map(([outIface, count]) => ({ outIface, count })),
    counters: tracer.countersAdded(),
  };
}
