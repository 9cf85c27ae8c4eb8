// The scale lab's request and result: plain JSON, so a worker can compute it and post it back.
export type ProxyMode = 'iptables' | 'ipvs' | 'nftables';

export interface ScaleRequest {
  /** Numbers of services to compute, e.g. [10, 100, 1000, 10000]. */
  sizes: number[];
  /** Endpoints per service (default 3). */
  endpoints?: number;
  modes?: ProxyMode[];
  /** Timed traces per measured packet (the median is kept); 0 skips timing. Default 5. */
  repeats?: number;
}

export type Position = 'first' | 'middle' | 'last';

export interface PacketCost {
  position: Position;
  /** Which service (0-based) the new connection goes to. */
  service: number;
  /** Rules the packet was checked against on its whole path (iptables or nftables rules in the lab's trace). */
  rulesEvaluated: number;
  /** Hash-table lookups on the path: ipset and IPVS lookups, or nftables set and map lookups. */
  hashLookups: number;
  /** Median engine time for the trace, in microseconds (undefined: no clock given). */
  engineMicros?: number;
  /** The packet's fate and destination after the trace, e.g. "sent 10.244.0.7:8080". */
  outcome?: string;
}

export interface UpdateCost {
  /** What one update writes: a whole table, kube-proxy's partial restore, IPVS entries, nftables chains/elements. */
  kind: 'iptables-full' | 'iptables-partial' | 'ipvs' | 'nftables';
  /** Rules (or entries, or elements) written. */
  rules: number;
  bytes: number;
}

export interface ScalePoint {
  mode: ProxyMode;
  services: number;
  /** Size of the whole configuration: rules (iptables, nftables) or rules + virtual/real servers + set entries. */
  totalRules: number;
  packets: PacketCost[];
  updates: UpdateCost[];
}

export type ScaleResult = { ok: true; points: ScalePoint[] } | { ok: false; cancelled: true };

/** What the caller lends: a clock (ms, e.g. performance.now) for timing, progress and cancellation. */
export interface ScaleHooks {
  clock?: () => number;
  onProgress?: (done: number, total: number, point: ScalePoint) => void;
  isCancelled?: () => boolean;
}
