// `conntrack -L` lines as conntrack-tools prints them (libnetfilter_conntrack snprintf_default.c
// __snprintf_conntrack_default): protocol name padded to 8 and number, timeout, TCP state, the original tuple,
// [UNREPLIED] while no reply was seen, the reply tuple (where NAT shows: its addresses are the rewritten ones),
// [ASSURED], mark=, zone= when not 0, use=. Pure: it reads the trace's ConnEntryView.
import type { ConnEntryView, ConnTupleView } from '../trace/types.ts';

/** Protocol numbers for the names conntrack prints (its proto table); others print as "unknown". */
const PROTOCOL_NUMBERS: Readonly<Record<string, number>> = {
  icmp: 1,
  tcp: 6,
  udp: 17,
  gre: 47,
  dccp: 33,
  sctp: 132,
  udplite: 136,
};

function tupleText(t: ConnTupleView): string {
  let out = `src=${t.src} dst=${t.dst} `;
  if (t.proto === 'icmp') out += `type=${t.icmpType ?? 0} code=0 id=${t.icmpId ?? 0} `;
  else if (t.sport !== undefined || t.dport !== undefined) out += `sport=${t.sport ?? 0} dport=${t.dport ?? 0} `;
  return out;
}

/** One entry as one line (without the trailing newline). */
export function formatConntrackEntry(entry: ConnEntryView): string {
  const name = entry.orig.proto;
  const number = PROTOCOL_NUMBERS[name] ?? (Number.isInteger(Number(name)) ? Number(name) : 0);
  const known = name in PROTOCOL_NUMBERS;
  let line = `${(known ? name : 'unknown').padEnd(8, ' ')} ${number} `;
  if (entry.expires !== undefined) line += `${entry.expires} `;
  if (entry.tcpState) line += `${entry.tcpState} `;
  line += tupleText(entry.orig);
  if (!entry.status.includes('SEEN_REPLY')) line += '[UNREPLIED] ';
  line += tupleText(entry.reply);
  if (entry.status.includes('ASSURED')) line += '[ASSURED] ';
  line += `mark=${entry.mark >>> 0} `;
  if (entry.zone) line += `zone=${entry.zone} `;
  line += 'use=1';
  return line;
}

/** The table as `conntrack -L` lists it: one line per entry. */
export function formatConntrackList(entries: readonly ConnEntryView[]): string {
  return entries.map((e) => formatConntrackEntry(e) + '\n').join('');
}

/** The line conntrack writes to stderr after a listing. */
export function conntrackSummary(count: number): string {
  return `conntrack v1.4.8 (conntrack-tools): ${count} flow entries have been shown.`;
}
