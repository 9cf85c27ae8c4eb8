// The IPVS configuration as `ipvsadm` shows it: virtual services, their scheduler and persistence, and their real
// servers with weights and forwarding method (include/uapi/linux/ip_vs.h, ipvsadm(8)). Plain JSON so it crosses the
// worker boundary unchanged.
import type { SourcePos } from '../model/types.ts';

/** -m masquerading (NAT), -g gatewaying (direct routing, the default), -i ipip (tunnelling). */
export type Forwarding = 'masq' | 'route' | 'tunnel';

export type IpvsProto = 'tcp' | 'udp' | 'sctp';

/** --tun-type of a tunnelling (-i) real server: include/uapi/linux/ip_vs.h IP_VS_CONN_F_TUNNEL_TYPE_{IPIP,GUE,GRE}. */
export type TunnelType = 'ipip' | 'gue' | 'gre';
/** --tun-nocsum / --tun-csum / --tun-remcsum: IP_VS_TUNNEL_ENCAP_FLAG_{NOCSUM,CSUM,REMCSUM}. */
export type TunnelChecksum = 'nocsum' | 'csum' | 'remcsum';

/** How a tunnelling real server encapsulates (not simulated: kept so ipvsadm-save prints it back). */
export interface TunnelInfo {
  type: TunnelType;
  /** --tun-port: the GUE destination port (gue only). */
  port?: number;
  /** Absent: nocsum, the kernel's 0. */
  checksum?: TunnelChecksum;
}

/** -t/-u/--sctp-service address:port, or -f fwmark. */
export type VirtualKey =
  { kind: 'addr'; proto: IpvsProto; addr: number; port: number } | { kind: 'fwmark'; mark: number };

export interface RealServer {
  addr: number;
  port: number;
  /** 0 = quiesced ("drained"): no new connections, existing ones go on (ip_vs_ctl.c, ipvsadm(8) -w). */
  weight: number;
  forwarding: Forwarding;
  /** -x / -y upper and lower connection thresholds (0 = none). */
  upperThreshold: number;
  lowerThreshold: number;
  /** --tun-type and its options; absent on a -i server: ipip (tun_type 0, what older kernels report too). */
  tunnel?: TunnelInfo;
  pos: SourcePos;
}

export interface VirtualService {
  key: VirtualKey;
  /** Scheduler name as given (-s); unknown names are kept and reported "not simulated". */
  scheduler: string;
  /** --sched-flags / -b: sh-fallback, sh-port, mh-fallback, mh-port. */
  schedFlags: string[];
  /** -p [timeout]: persistent service, template timeout in seconds (undefined: not persistent). */
  persistence: number | undefined;
  /** -M netmask for persistence granularity (default 255.255.255.255). */
  persistenceMask: number;
  /** -o one-packet scheduling (UDP). */
  onePacket: boolean;
  /** --pe: an alternate persistence engine (sip); not simulated, kept so ipvsadm-save prints it back. */
  persistenceEngine?: string;
  /**
   * Real servers in the kernel's list order. ip_vs_ctl.c __ip_vs_update_dest adds each new one with list_add_rcu,
   * at the head of svc->destinations: the last `-a` comes first (`ipvsadm -Ln --nosort` prints this order; without
   * --nosort ipvsadm sorts them by address and port, see save.ts).
   */
  dests: RealServer[];
  pos: SourcePos;
}

export interface IpvsConfig {
  services: VirtualService[];
}

/** `ipvsadm -Lnc`: one connection (or persistence template) of the IPVS connection table. */
export interface IpvsConnView {
  proto: 'TCP' | 'UDP' | 'SCTP' | 'IP';
  /** Seconds before it expires, as `ipvsadm -Lnc` prints it (mm:ss). */
  expire: string;
  state: string;
  source: string;
  virtual: string;
  destination: string;
  /** A persistence template (ipvsadm prints its protocol as IP for fwmark services, and `NONE` as its state). */
  template: boolean;
}

/** `ipvsadm -Ln --stats`-like counters of one real server, for the trace and explore views. */
export interface RealServerView {
  service: string;
  server: string;
  weight: number;
  forwarding: Forwarding;
  activeConns: number;
  inactConns: number;
}
