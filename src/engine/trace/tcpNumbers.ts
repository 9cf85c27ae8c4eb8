// The sequence and acknowledgment numbers a real TCP stack would put on a segment, for the packet builder's
// "auto": each side's next number follows its previous segment of the flow (seq + payload, +1 for SYN and FIN;
// RFC 793 3.3), the ack is the other side's next number. A side that has sent nothing yet starts from a fixed
// initial sequence number (the lab is deterministic: 1000 for the side that opens, 5000 for the other).
// The flow is recognised by its ports (and protocol) in either direction, so a masqueraded reply that comes back
// to the router's address still counts; ports NAT rewrote are not followed.
import type { PacketSpec } from './types.ts';

const OPENER_ISN = 1000;
const ANSWER_ISN = 5000;

function payload(p: PacketSpec): number {
  const options = p.tcpOptions;
  let n = 0;
  if (options?.mss !== undefined) n += 4;
  if (options?.wscale !== undefined) n += 3;
  if (options?.sackPerm) n += 2;
  if (options?.timestamp) n += 10;
  if (options?.sack?.length) n += 2 + 8 * options.sack.length;
  const header = 40 + Math.ceil(n / 4) * 4;
  return Math.max(0, (p.length ?? header) - header);
}

function nextAfter(p: PacketSpec): number {
  const flags = new Set((p.tcpFlags ?? ['SYN']).map((f) => f.toUpperCase()));
  return ((p.seq ?? 0) + payload(p) + (flags.has('SYN') ? 1 : 0) + (flags.has('FIN') ? 1 : 0)) >>> 0;
}

const isTcp = (p: PacketSpec) => p.proto === 'tcp' || p.proto === 6;

/** seq and ack for packet `index` of `packets`, as the next segment of its TCP flow (undefined for non-TCP). */
export function autoTcpNumbers(
  packets: readonly PacketSpec[],
  index: number,
): { seq: number; ack: number } | undefined {
  const me = packets[index];
  if (!me || !isTcp(me)) return undefined;
  let mine: number | undefined;
  let theirs: number | undefined;
  let opener: boolean | undefined;
  for (let i = 0; i < index; i++) {
    const p = packets[i]!;
    if (!isTcp(p)) continue;
    const same = p.sport === me.sport && p.dport === me.dport;
    const reverse = p.sport === me.dport && p.dport === me.sport;
    if (!same && !reverse) continue;
    opener ??= same;
    if (same) mine = nextAfter({ ...p, seq: p.seq ?? mine ?? (opener ? OPENER_ISN : ANSWER_ISN) });
    else theirs = nextAfter({ ...p, seq: p.seq ?? theirs ?? (opener ? ANSWER_ISN : OPENER_ISN) });
  }
  const flags = new Set((me.tcpFlags ?? ['SYN']).map((f) => f.toUpperCase()));
  const seq = mine ?? (opener === false ? ANSWER_ISN : OPENER_ISN);
  // A segment without ACK carries ack 0.
  const ack = flags.has('ACK') ? (theirs ?? 0) : 0;
  return { seq, ack };
}
