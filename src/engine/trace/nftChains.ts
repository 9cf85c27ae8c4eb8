// The tracer's side of an nftables base chain: the packet's context for the expressions (NftEval) and the sink that
// turns the walk into `walk` lines (with family and priority, as `nft monitor trace` reports them) and explained steps.
import type { HostQuery } from '../ext/types.ts';
import type { HookName } from '../model/types.ts';
import type { NftBase } from '../nft/program.ts';
import type { NftElement, NftEval, NftSet } from '../nft/model.ts';
import { walkNftChain, type NftEnd, type NftSink } from '../nft/walk.ts';
import type { Run } from './run.ts';
import type { NextChain } from './types.ts';
import type { Chooser } from './random.ts';
import { NFT_HOOK } from './stops.ts';

export interface NftDeps {
  host: HostQuery;
  ruleStates: Map<number, unknown>;
  dynamicSets: Map<NftSet, Map<string, NftElement>>;
  chooser(): Chooser;
  now(): number;
  maxRuleEvaluations: number;
}

export function walkNftBase(run: Run, hook: HookName, base: NftBase, ingress: boolean, deps: NftDeps): NftEnd {
  const nftHook = ingress ? 'ingress' : NFT_HOOK[hook];
  const states = deps.ruleStates;
  const e: NftEval = {
    pkt: run.pkt,
    hook: nftHook,
    inIface: hook === 'POSTROUTING' ? run.forwardedFrom : run.inIface,
    outIface: ingress ? undefined : run.outIface,
    ct: run.evalConn(),
    host: deps.host,
    choose: (p, exact) => deps.chooser().choose(p, exact),
    ruleId: 0,
    ruleState<T>(init: () => T): T {
      if (!states.has(e.ruleId)) states.set(e.ruleId, init());
      return states.get(e.ruleId) as T;
    },
    dynamicSet(set) {
      let m = deps.dynamicSets.get(set);
      if (!m) deps.dynamicSets.set(set, (m = new Map()));
      return m;
    },
    now: deps.now(),
  };
  const where = { family: base.family, priority: base.priority };
  const sink: NftSink = {
    full: run.full,
    entry(chain, rule, verdict) {
      run.walk.push({ hook: nftHook, ...where, table: chain.table.name, chain: chain.name, rule, verdict });
    },
    rule(chain, _rule, index, stmts, verdict) {
      run.changed();
      run.push({
        kind: 'nft-rule',
        ...run.base(),
        nftHook,
        ...where,
        base: base.chain.name,
        table: chain.table.name,
        chain: chain.name,
        index,
        statements: stmts.map((s) => ({
          text: s.stmt.text,
          matched: s.matched,
          simulated: s.stmt.simulated !== false,
          explain: s.explain,
        })),
        matched: verdict !== undefined,
        ...(verdict !== undefined ? { verdict } : {}),
      });
    },
    chain(chain, via) {
      if (run.full)
        run.push({
          kind: 'nft-chain',
          ...run.base(),
          nftHook,
          ...where,
          base: base.chain.name,
          table: chain.table.name,
          chain: chain.name,
          via,
        });
    },
    notrack() {
      if (!run.attach) {
        run.untracked = true;
        run.changed();
        e.ct = run.evalConn();
      }
    },
    zone(zone) {
      if (!run.attach) run.zone = zone;
    },
    budget: () => ++run.evaluations <= deps.maxRuleEvaluations,
  };
  const markBefore = run.pkt.mark;
  const end = walkNftChain(base.chain, e, sink);
  // nft_chain_route.c: only a route chain reroutes when it changed the mark (a filter chain's change does not).
  if (base.type === 'route' && run.pkt.mark !== markBefore) run.rerouteMark = true;
  run.changed();
  return end;
}

/**
 * Says that a base chain's accept ended only that chain: the packet goes on to `next` at the same hook (or leaves the
 * hook when none is left). The deciding rule is the walk's last line (its verdict is the accept).
 */
export function pushAcceptStep(
  run: Run,
  hook: HookName,
  base: NftBase,
  ingress: boolean,
  next: NextChain | null,
): void {
  const last = run.walk[run.walk.length - 1];
  run.push({
    kind: 'nft-accept',
    ...run.base(),
    nftHook: ingress ? 'ingress' : NFT_HOOK[hook],
    family: base.family,
    priority: base.priority,
    base: base.chain.name,
    table: base.chain.table.name,
    chain: base.chain.name,
    by: last?.rule ?? 'policy',
    next,
  });
}
