// Test helper: one rule of a forward chain run on a packet, as the trace runs it (no conntrack, no sets updated).
import type { Packet } from '../model/packet.ts';
import { parseNft } from './index.ts';
import type { NftEval, StmtOutcome } from './model.ts';

const PACKET: Packet = {
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
};

/** The outcomes of the rule's statements up to the first that does not go on, and the packet they saw. */
export function packetRun(rule: string, over: Partial<Packet> = {}): { outcomes: StmtOutcome[]; pkt: Packet } {
  const parsed = parseNft(`table ip t {\n chain c { type filter hook forward priority 0;\n ${rule}\n }\n}`);
  const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(errors.map((d) => d.message).join('; '));
  const pkt = { ...PACKET, ...over };
  const e: NftEval = {
    pkt,
    hook: 'forward',
    inIface: 'eth0',
    outIface: 'eth1',
    ct: null,
    host: { addrTypes: () => new Set(), ipset: () => undefined, primaryAddress: () => undefined },
    choose: () => true,
    ruleId: 1,
    ruleState: (init) => init(),
    dynamicSet: () => new Map(),
    now: 0,
  };
  const outcomes: StmtOutcome[] = [];
  for (const s of parsed.ruleset.tables[0]!.chains.get('c')!.rules[0]!.stmts) {
    const o = s.exec(e);
    outcomes.push(o);
    if (o.kind !== 'next') break;
  }
  return { outcomes, pkt };
}

/** How the rule ends for this packet: 'verdict', 'break' (the rule stops) or 'next' (it runs to its end). */
export function packetEval(rule: string, over: Partial<Packet> = {}): StmtOutcome['kind'] {
  const { outcomes } = packetRun(rule, over);
  return outcomes[outcomes.length - 1]!.kind;
}
