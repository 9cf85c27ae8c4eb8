// A traced packet as the kernel's trace tools print it under iptables-nft: `xtables-monitor --trace`
// (iptables/xtables-monitor.c trace_print_packet / trace_print_rule) and `nft monitor trace` (nftables
// src/netlink.c trace_print_*). The kernel reports a rule only when it matched (nft_trace_notify runs on the
// rule's verdict), the end of a user chain as a return, and a base chain's policy; the packet's headers come with
// the first event of each base chain (nft_do_chain resets packet_dumped). Values the lab does not model are left
// out (MAC addresses, the IP id) and the rule handle is the rule's position in its chain, not a real nft handle.
import type { PacketView, TraceResult, TraceStep } from '../trace/types.ts';

export interface MonitorOptions {
  /** The kernel's per-packet trace id (random there; an input here so the text is reproducible). */
  traceId: number;
}

const NFPROTO_IPV4 = 2;

function hexId(id: number): string {
  return (id >>> 0).toString(16).padStart(8, '0');
}

/** "jump KUBE-SVC" → JUMP:KUBE-SVC, as xtables-monitor names the verdict. */
function xtVerdict(verdict: string): string {
  const [word = '', chain] = verdict.split(' ');
  return chain ? `${word.toUpperCase()}:${chain}` : word.toUpperCase();
}

function xtPacket(p: PacketView): string {
  let out = '';
  if (p.inIface) out += `IN=${p.inIface} `;
  if (p.outIface) out += `OUT=${p.outIface} `;
  out += `SRC=${p.src} DST=${p.dst} LEN=${p.length} TOS=0x${p.tos.toString(16)} TTL=${p.ttl}`;
  if (p.sport !== undefined) out += ` SPORT=${p.sport}`;
  if (p.dport !== undefined) out += ` DPORT=${p.dport}`;
  if (p.proto === 'icmp') out += ` ICMP=${p.icmpType ?? 0} CODE=${p.icmpCode ?? 0}`;
  for (const flag of p.tcpFlags ?? []) out += ` ${flag}`;
  return out;
}

type Walked = Extract<TraceStep, { kind: 'rule' | 'policy' | 'return' | 'chain' }>;

/** The steps the kernel reports, with a marker where a base chain starts (its packet line comes first). */
function reported(result: TraceResult): { step: Walked; newBase: boolean }[] {
  const out: { step: Walked; newBase: boolean }[] = [];
  let base = false;
  for (const step of result.steps) {
    if (step.kind === 'chain') {
      if (step.via === 'hook') base = true;
      continue;
    }
    if ((step.kind === 'rule' && step.matched && step.target) || step.kind === 'policy' || step.kind === 'return') {
      out.push({ step, newBase: base });
      base = false;
    }
  }
  return out;
}

/** `xtables-monitor --trace` lines for one traced packet. */
export function formatXtablesMonitorTrace(result: TraceResult, opts: MonitorOptions): string {
  const id = hexId(opts.traceId);
  const lines: string[] = [];
  for (const { step, newBase } of reported(result)) {
    if (newBase) lines.push(`PACKET: ${NFPROTO_IPV4} ${id} ${xtPacket(step.packet)}`);
    const head = ` TRACE: ${NFPROTO_IPV4} ${id} ${step.table}:${step.chain}`;
    if (step.kind === 'rule' && step.target) {
      lines.push(
        `${head}:rule:0x${step.index.toString(16)}:${xtVerdict(step.target.verdict)}  -4 -t ${step.table} ${step.text}`,
      );
    } else if (step.kind === 'policy') lines.push(`${head}:policy:${step.policy}`);
    else if (step.kind === 'return') lines.push(`${head}:return:`);
  }
  return lines.map((l) => l + '\n').join('');
}

/** "jump SSH" stays "jump SSH": nft prints the verdict word in lower case and the chain as named. */
function nftVerdict(verdict: string): string {
  const [word = '', ...rest] = verdict.split(' ');
  return [word.toLowerCase(), ...rest].join(' ');
}

function nftPacket(p: PacketView): string {
  const parts: string[] = [];
  if (p.inIface) parts.push(`iif "${p.inIface}"`);
  if (p.outIface) parts.push(`oif "${p.outIface}"`);
  parts.push(`ip saddr ${p.src} ip daddr ${p.dst} ip ttl ${p.ttl} ip length ${p.length}`);
  if (p.proto === 'tcp' || p.proto === 'udp') {
    if (p.sport !== undefined) parts.push(`${p.proto} sport ${p.sport}`);
    if (p.dport !== undefined) parts.push(`${p.proto} dport ${p.dport}`);
  }
  if (p.proto === 'tcp' && p.tcpFlags?.length)
    parts.push(`tcp flags == ${p.tcpFlags.map((f) => f.toLowerCase()).join(' | ')}`);
  if (p.proto === 'icmp') parts.push(`icmp type ${p.icmpType ?? 0} icmp code ${p.icmpCode ?? 0}`);
  if (p.mark) parts.push(`meta mark 0x${p.mark.toString(16).padStart(8, '0')}`);
  return parts.join(' ');
}

/**
 * `nft monitor trace` lines for one traced packet. nft prints each rule in its own syntax (for an iptables-nft
 * rule, its translation); the lab shows the rule's iptables-save text there.
 */
export function formatNftMonitorTrace(result: TraceResult, opts: MonitorOptions): string {
  const id = hexId(opts.traceId);
  const lines: string[] = [];
  for (const { step, newBase } of reported(result)) {
    const head = `trace id ${id} ip ${step.table} ${step.chain}`;
    if (newBase) lines.push(`${head} packet: ${nftPacket(step.packet)}`);
    if (step.kind === 'rule' && step.target) {
      const spec = step.text.replace(/^-A \S+ ?/, '');
      lines.push(`${head} rule ${spec} (verdict ${nftVerdict(step.target.verdict)})`);
    } else if (step.kind === 'policy') lines.push(`${head} policy ${step.policy.toLowerCase()}`);
    else if (step.kind === 'return') lines.push(`${head} verdict continue`);
  }
  return lines.map((l) => l + '\n').join('');
}
