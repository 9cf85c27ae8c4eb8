// Test helpers: one rule of a forward chain run on a packet, as the trace runs it (no conntrack; sets and rule state
// kept for the one run).
import { expect } from 'vitest';
import type { Packet } from '../model/packet.ts';
import { parseNft, printRuleset } from './index.ts';
import type { NftElement, NftEval, NftSet, StmtOutcome } from './model.ts';

/** A TCP SYN from 10.0.1.2:40000 to 10.0.2.2:80, with `over` in place of any field. */
export function testPacket(over: Partial<Packet> = {}): Packet {
  return {
    proto: 6,
    src: 0x0a000102,
    dst: 0x0a000202,
    sport: 40000,
    dport: 80,
    tcpFlags: 2,
    length: 60,
    tos: 0,
    ttl: 64,
    mark: 0,
    fragment: false,
    ...over,
  };
}

/** What a statement sees: the packet in forward from eth0 to eth1, no conntrack, no host addresses. */
export function evalCtx(p: Packet, over: Partial<NftEval> = {}): NftEval {
  const states = new Map<number, unknown>();
  const dyn = new Map<NftSet, Map<string, NftElement>>();
  const e: NftEval = {
    pkt: p,
    hook: 'forward',
    inIface: 'eth0',
    outIface: 'eth1',
    ct: null,
    host: { addrTypes: () => new Set(), ipset: () => undefined, primaryAddress: () => undefined },
    choose: () => true,
    ruleId: 1,
    ruleState<T>(init: () => T): T {
      if (!states.has(e.ruleId)) states.set(e.ruleId, init());
      return states.get(e.ruleId) as T;
    },
    dynamicSet(set) {
      if (!dyn.has(set)) dyn.set(set, new Map());
      return dyn.get(set)!;
    },
    now: 0,
    ...over,
  };
  return e;
}

/**
 * The outcomes of a rule's statements in chain `c`, up to the first that stops or decides. `extra`: more of the
 * table (sets, maps); an empty chain `web` is there to jump to.
 */
export function runRule(rule: string, p: Packet, over: Partial<NftEval> = {}, extra = ''): StmtOutcome[] {
  const parsed = parseNft(
    `table ip t {\n${extra}\n chain c { type filter hook forward priority 0;\n ${rule}\n }\n chain web { }\n}`,
  );
  expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const e = evalCtx(p, over);
  const out: StmtOutcome[] = [];
  for (const s of parsed.ruleset.tables[0]!.chains.get('c')!.rules[0]!.stmts) {
    const o = s.exec(e);
    out.push(o);
    if (o.kind !== 'next') break;
  }
  return out;
}

/** The outcomes of the rule's statements up to the first that does not go on, and the packet they saw. */
export function packetRun(rule: string, over: Partial<Packet> = {}): { outcomes: StmtOutcome[]; pkt: Packet } {
  const pkt = testPacket(over);
  return { outcomes: runRule(rule, pkt), pkt };
}

/** How the rule ends for this packet: 'verdict', 'break' (the rule stops) or 'next' (it runs to its end). */
export function packetEval(rule: string, over: Partial<Packet> = {}): StmtOutcome['kind'] {
  const { outcomes } = packetRun(rule, over);
  return outcomes[outcomes.length - 1]!.kind;
}

/** Each written rule of one chain in a table of this family, as listed; the listing must read back to itself. */
export function listedRules(family: string, written: readonly string[]): string[] {
  const p = parseNft(`table ${family} t {\n chain c {\n${written.join('\n')}\n }\n}`);
  expect(p.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const out = printRuleset(p.ruleset);
  expect(printRuleset(parseNft(out).ruleset)).toBe(out);
  return out
    .split('\n')
    .filter((l) => l.startsWith('\t\t'))
    .map((l) => l.trim());
}
