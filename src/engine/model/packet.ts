// The packet as the engine sees it while walking the hooks. Addresses are unsigned 32-bit numbers.

export const IPPROTO = { icmp: 1, tcp: 6, udp: 17 } as const;

/** TCP flag bits as in the TCP header (iptables-extensions(8), "tcp": SYN ACK FIN RST URG PSH ALL NONE). */
export const TCP_FLAG = {
  FIN: 0x01,
  SYN: 0x02,
  RST: 0x04,
  PSH: 0x08,
  ACK: 0x10,
  URG: 0x20,
  ECE: 0x40,
  CWR: 0x80,
} as const;
export type TcpFlagName = keyof typeof TCP_FLAG;

/** The header of the packet an ICMP error is about (it makes the error RELATED). */
export interface InnerHeader {
  proto: number;
  src: number;
  dst: number;
  sport?: number;
  dport?: number;
  /** An embedded ICMP message (an error about an echo): its type, identifier and sequence number. */
  icmpType?: number;
  icmpId?: number;
  icmpSeq?: number;
}

/**
 * The TCP options a segment carries (RFC 793/7323/2018): MSS, window scale, SACK permitted, timestamps, SACK blocks.
 * Absent fields are options the segment does not carry.
 */
export interface TcpOptions {
  mss?: number;
  wscale?: number;
  sackPerm?: boolean;
  timestamp?: [number, number];
  sack?: [number, number][];
}

/** TCP option kinds (IANA): what `--tcp-option N` tests for. */
export function tcpOptionKinds(opts: TcpOptions | undefined): number[] {
  if (!opts) return [];
  const kinds: number[] = [];
  if (opts.mss !== undefined) kinds.push(2);
  if (opts.wscale !== undefined) kinds.push(3);
  if (opts.sackPerm) kinds.push(4);
  if (opts.sack?.length) kinds.push(5);
  if (opts.timestamp) kinds.push(8);
  return kinds;
}

/** Bytes the options take in the TCP header, padded to a multiple of 4 (the header's data offset counts words). */
export function tcpOptionsLength(opts: TcpOptions | undefined): number {
  if (!opts) return 0;
  let n = 0;
  if (opts.mss !== undefined) n += 4;
  if (opts.wscale !== undefined) n += 3;
  if (opts.sackPerm) n += 2;
  if (opts.timestamp) n += 10;
  if (opts.sack?.length) n += 2 + 8 * opts.sack.length;
  return Math.ceil(n / 4) * 4;
}

export interface Packet {
  proto: number;
  src: number;
  dst: number;
  /** TCP/UDP ports; undefined for other protocols. */
  sport?: number;
  dport?: number;
  /** Bitmask of TCP_FLAG. */
  tcpFlags?: number;
  /** TCP sequence and acknowledgment numbers and the raw 16-bit window, as on the wire (absent: not tracked). */
  seq?: number;
  ack?: number;
  window?: number;
  tcpOptions?: TcpOptions;
  icmpType?: number;
  icmpCode?: number;
  icmpId?: number;
  icmpSeq?: number;
  inner?: InnerHeader;
  /** Total IP length in bytes. */
  length: number;
  tos: number;
  ttl: number;
  /** skb->mark (nfmark). */
  mark: number;
  /** A non-first fragment (`-f`). */
  fragment: boolean;
  srcMac?: string;
}
