// The lesson's judge: pure functions that read the engine's answers (traces) and say whether a step's claim or
// task holds. Nothing here knows netfilter: it compares what the engine reported with the lesson's data.
import { nftStopKey, type TraceResult, type TraceStep } from '../engine/index.ts';
import type { Claim, Mark, Task } from './types.ts';

/**
 * The stops a packet met, in order: each table's base chain entered from its hook, each nftables base chain
 * (nftStopKey), conntrack's and IPVS's.
 */
export function stopsMet(steps: readonly TraceStep[]): Mark[] {
  const out: Mark[] = [];
  for (const s of steps) {
    if (s.kind === 'chain' && s.via === 'hook' && s.hook) out.push(`${s.hook}:${s.table}`);
    else if (s.kind === 'nft-chain' && s.via === 'hook') out.push(nftStopKey(s.family, s.table, s.chain));
    else if (s.kind === 'ipvs') out.push(`${s.hook}:ipvs`);
    else if (s.kind === 'conntrack' && s.event !== 'confirm') out.push(`${s.hook}:conntrack`);
  }
  return out;
}

/** Is `wanted` a subsequence of `met` (each found after the one before)? */
export function meetsInOrder(met: readonly Mark[], wanted: readonly Mark[]): boolean {
  let from = 0;
  for (const w of wanted) {
    const at = met.indexOf(w, from);
    if (at < 0) return false;
    from = at + 1;
  }
  return true;
}

/** What is wrong with a claim about one traced packet (empty: it holds). */
export function claimProblems(claim: Omit<Claim, 'packet' | 'outcomes'>, result: TraceResult | undefined): string[] {
  if (!result) return ['no such packet'];
  const problems: string[] = [];
  if (result.fate !== claim.fate) problems.push(`fate ${result.fate}, not ${claim.fate}`);
  if (claim.outIface !== undefined && result.outIface !== claim.outIface)
    problems.push(`out of ${result.outIface}, not ${claim.outIface}`);
  if (claim.ctstate !== undefined && result.ctstate !== claim.ctstate)
    problems.push(`ctstate ${result.ctstate}, not ${claim.ctstate}`);
  if (claim.src !== undefined && result.packet.src !== claim.src)
    problems.push(`src ${result.packet.src}, not ${claim.src}`);
  if (claim.dst !== undefined && result.packet.dst !== claim.dst)
    problems.push(`dst ${result.packet.dst}, not ${claim.dst}`);
  const met = stopsMet(result.steps);
  if (claim.meets && !meetsInOrder(met, claim.meets))
    problems.push(`meets ${met.join(' ')}, not ${claim.meets.join(' ')} in this order`);
  for (const m of claim.misses ?? []) if (met.includes(m)) problems.push(`meets ${m}`);
  return problems;
}

/** Does one of the traced packets meet a 'send' task? */
export function sendTaskHolds(task: Extract<Task, { kind: 'send' }>, results: readonly TraceResult[]): boolean {
  // The task's dst and dport are where the packet was sent (before any NAT), not where it ends.
  const { dst, dport, ...fate } = task;
  return results.some((r) => {
    const first = r.steps[0]?.packet;
    if (dst !== undefined && first?.dst !== dst) return false;
    if (dport !== undefined && first?.dport !== dport) return false;
    return claimProblems(fate, r).length === 0;
  });
}

/** Is the step shown a rule whose target ran as the task asks (e.g. the DNAT of a KUBE-SEP chain)? */
export function stepTaskHolds(task: Extract<Task, { kind: 'step' }>, step: TraceStep | undefined): boolean {
  if (step?.kind !== 'rule' || !step.target) return false;
  if (!step.target.name.startsWith(task.target)) return false;
  return task.chainPrefix === undefined || step.chain.startsWith(task.chainPrefix);
}

/** Did every probe's last packet meet its fate (and interface)? One fate per probe, in order. */
export function probesPass(
  task: Extract<Task, { kind: 'rules' }>,
  lastResults: readonly (TraceResult | undefined)[],
): boolean[] {
  return task.probes.map((p, i) => {
    const r = lastResults[i];
    return r !== undefined && r.fate === p.fate && (p.outIface === undefined || r.outIface === p.outIface);
  });
}

/** A probability as a fraction when it is one with a small denominator (1/3), else undefined. */
export function asFraction(p: number, maxDenominator = 64): { n: number; d: number } | undefined {
  for (let d = 1; d <= maxDenominator; d += 1) {
    const n = Math.round(p * d);
    if (Math.abs(n / d - p) < 1e-9) return { n, d };
  }
  return undefined;
}
