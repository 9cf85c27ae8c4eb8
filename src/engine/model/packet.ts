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
  icmpId?: number;
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
  /** TCP option kinds present (for `--tcp-option`). */
  tcpOptions?: number[];
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
