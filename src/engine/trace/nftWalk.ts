// With a native nftables ruleset loaded, every walk line is told in nft's terms (NFT.md): the nft hook name, and for
// the iptables-nft tables the family `ip` and the priority their base chains are registered at.
import type { HookName } from '../model/types.ts';
import { HOOK_PRIORITY } from './hooks.ts';
import type { TraceResult, WalkEntry } from './types.ts';
import { NFT_HOOK } from './stops.ts';
import { withFields } from './stepLog.ts';

function entry(w: WalkEntry): WalkEntry {
  if (w.family !== undefined) return w;
  const hook = w.hook as HookName;
  const priority = HOOK_PRIORITY[w.table as keyof typeof HOOK_PRIORITY]?.[hook] ?? 0;
  return {
    hook: NFT_HOOK[hook] ?? w.hook,
    priority,
    family: 'ip',
    table: w.table,
    chain: w.chain,
    rule: w.rule,
    verdict: w.verdict,
  };
}

/** The reply also names its headers at its top (`reply.proto`, `reply.tcpFlags`, `reply.icmpType`…), as NFT.md reads it. */
export function nftWalk(r: TraceResult): TraceResult {
  const out = withFields(r, { walk: r.walk.map(entry) });
  if (r.reply) {
    const { proto, tcpFlags, icmpType, icmpCode } = r.reply.packet;
    const reply = withFields(nftWalk(r.reply), { proto, tcpFlags, icmpType, icmpCode });
    out.reply = reply;
  }
  return out;
}
