// Compares what the engine did with a packet to what a built-in scenario says the kernel does. Returns the
// differences as sentences, so a failing test names the field, the expected and the actual value.
import type { Outcome, PacketView, TraceResult } from '../engine/index.ts';
import type { ExpectedOutcome, ExpectedPacket, PacketExpectation } from './types.ts';

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function normalisedFlags(flags: string[] | undefined): string[] | undefined {
  return flags === undefined ? undefined : [...flags].map((f) => f.toUpperCase()).sort();
}

export function packetDifferences(where: string, expected: ExpectedPacket, actual: PacketView): string[] {
  const out: string[] = [];
  for (const key of Object.keys(expected) as (keyof ExpectedPacket)[]) {
    const want = key === 'tcpFlags' ? normalisedFlags(expected.tcpFlags) : expected[key];
    const got = key === 'tcpFlags' ? normalisedFlags(actual.tcpFlags) : actual[key];
    if (!same(want, got))
      out.push(`${where}packet.${key}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
  }
  return out;
}

/** Differences between one traced packet and its expectation (outcomes are checked separately). */
export function resultDifferences(expected: PacketExpectation, actual: TraceResult): string[] {
  const out: string[] = [];
  if (expected.fate !== actual.fate) out.push(`fate: expected ${expected.fate}, got ${actual.fate}`);
  if (expected.outIface !== undefined && expected.outIface !== actual.outIface)
    out.push(`outIface: expected ${String(expected.outIface)}, got ${String(actual.outIface)}`);
  if (expected.ctstate !== undefined && expected.ctstate !== actual.ctstate)
    out.push(`ctstate: expected ${String(expected.ctstate)}, got ${String(actual.ctstate)}`);
  if (expected.packet) out.push(...packetDifferences('', expected.packet, actual.packet));
  if (
    expected.walk &&
    !same(
      expected.walk,
      // A native nftables line also names its family and base-chain priority: checked when the expectation has them.
      actual.walk.map(({ hook, family, priority, table, chain, rule, verdict }, i) =>
        expected.walk?.[i]?.family !== undefined
          ? { hook, family, priority, table, chain, rule, verdict }
          : { hook, table, chain, rule, verdict },
      ),
    )
  )
    out.push(`walk: expected ${JSON.stringify(expected.walk)}, got ${JSON.stringify(actual.walk)}`);
  if (expected.reply) {
    const reply = actual.reply;
    if (!reply) out.push('reply: expected a reply packet, got none');
    else {
      if (expected.reply.fate !== reply.fate)
        out.push(`reply.fate: expected ${expected.reply.fate}, got ${reply.fate}`);
      if (expected.reply.outIface !== undefined && expected.reply.outIface !== reply.outIface)
        out.push(`reply.outIface: expected ${String(expected.reply.outIface)}, got ${String(reply.outIface)}`);
      if (expected.reply.packet) out.push(...packetDifferences('reply.', expected.reply.packet, reply.packet));
    }
  }
  return out;
}

function outcomeMatches(expected: ExpectedOutcome, actual: Outcome): boolean {
  if (expected.fate !== actual.fate) return false;
  if (expected.outIface !== undefined && expected.outIface !== actual.outIface) return false;
  return expected.packet === undefined || packetDifferences('', expected.packet, actual.packet).length === 0;
}

/**
 * Explore mode must find each expected outcome with its probability (to 6 decimals: the kernel's 31-bit
 * fixed point makes 1/3 print as 0.33333333349), and no other outcome.
 */
export function outcomeDifferences(expected: ExpectedOutcome[], actual: Outcome[]): string[] {
  const out: string[] = [];
  const unused = new Set(actual.map((_, i) => i));
  for (const want of expected) {
    const index = [...unused].find((i) => {
      const got = actual[i];
      return got !== undefined && outcomeMatches(want, got);
    });
    if (index === undefined) {
      out.push(`outcome not found: ${JSON.stringify(want)}`);
      continue;
    }
    unused.delete(index);
    const got = actual[index];
    if (got && Math.abs(got.probability - want.probability) > 1e-6)
      out.push(
        `outcome ${JSON.stringify(want.packet)}: probability expected ${want.probability}, got ${got.probability}`,
      );
  }
  for (const i of unused) {
    const got = actual[i];
    if (got)
      out.push(`unexpected outcome: fate ${got.fate} via ${String(got.outIface)} packet ${JSON.stringify(got.packet)}`);
  }
  return out;
}

/** The seeded replay must land on one of the outcomes explore mode lists. */
export function replayLandsOnAnOutcome(expected: ExpectedOutcome[], actual: TraceResult): boolean {
  return expected.some((o) => outcomeMatches(o, { ...actual, probability: o.probability }));
}
