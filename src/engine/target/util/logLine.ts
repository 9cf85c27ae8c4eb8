// The line LOG writes to the kernel log, in the field order of the kernel's nf_log_syslog.c (dump_ipv4_packet).
// The lab's packet has no IP ID, TCP window, reserved bits or urgent pointer, so those fields are left out rather
// than invented; everything printed is what the kernel would print for this packet.
import type { EvalContext } from '../../ext/types.ts';
import { TCP_FLAG, type TcpFlagName } from '../../model/packet.ts';
import { formatIPv4 } from '../../net/ipv4.ts';

/** The kernel prints TCP flags in this order. */
const FLAG_ORDER: readonly TcpFlagName[] = ['CWR', 'ECE', 'URG', 'ACK', 'PSH', 'RST', 'SYN', 'FIN'];
const IP_HEADER = 20;

function hexByte(value: number): string {
  return '0x' + value.toString(16).toUpperCase().padStart(2, '0');
}

export function formatLogLine(prefix: string, ctx: EvalContext, logUid: boolean): string {
  const p = ctx.pkt;
  const parts = [
    `${prefix}IN=${ctx.inIface ?? ''}`,
    `OUT=${ctx.outIface ?? ''}`,
    `SRC=${formatIPv4(p.src)}`,
    `DST=${formatIPv4(p.dst)}`,
    `LEN=${p.length}`,
    `TOS=${hexByte(p.tos & 0x1e)}`,
    `PREC=${hexByte(p.tos & 0xe0)}`,
    `TTL=${p.ttl}`,
  ];
  if (p.fragment) parts.push('FRAG');
  if (p.proto === 6) {
    parts.push('PROTO=TCP', `SPT=${p.sport ?? 0}`, `DPT=${p.dport ?? 0}`);
    parts.push(...FLAG_ORDER.filter((f) => ((p.tcpFlags ?? 0) & TCP_FLAG[f]) !== 0));
  } else if (p.proto === 17) {
    parts.push('PROTO=UDP', `SPT=${p.sport ?? 0}`, `DPT=${p.dport ?? 0}`, `LEN=${p.length - IP_HEADER}`);
  } else if (p.proto === 1) {
    parts.push('PROTO=ICMP', `TYPE=${p.icmpType ?? 0}`, `CODE=${p.icmpCode ?? 0}`);
    if (p.icmpId !== undefined) parts.push(`ID=${p.icmpId}`);
    if (p.icmpSeq !== undefined) parts.push(`SEQ=${p.icmpSeq}`);
  } else {
    parts.push(`PROTO=${p.proto}`);
  }
  if (logUid && ctx.socket) parts.push(`UID=${ctx.socket.uid}`, `GID=${ctx.socket.gid}`);
  if (p.mark !== 0) parts.push(`MARK=0x${p.mark.toString(16)}`);
  return parts.join(' ');
}
