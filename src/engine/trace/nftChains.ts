// The tracer's side of an nftables base chain: the packet's context for the expressions (NftEval) and the sink that
// turns the walk into `walk` lines (with family and priority, as `nft monitor trace` reports them) and explained steps.
import type { Explanation, HostQuery } from '../ext/types.ts';
import type { HookName } from '../model/types.ts';
import type { NftBase } from '../nft/program.ts';
import type { NftChain, NftElement, NftEval, NftSet } from '../nft/model.ts';
import { walkNftChain, type NftEnd, type NftEntry, type NftSink } from '../nft/walk.ts';
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

/** The sentence id of a catalog entry of the nft trace lines (src/i18n/<lng>/nftlab.json, `chainEntry`). */
const say = (key: string, params: Explanation['params']): Explanation => ({
  id: `nftlab:chainEntry.${key}`,
  params,
  matched: true,
});

/** A base chain by its family, table and name, as `nft list ruleset` names it ("inet filter input"). */
const baseName = (c: { family: string; table: string; chain: string }) => `${c.family} ${c.table} ${c.chain}`;

/**
 * Why the packet is in `chain` now. A base chain runs in its hook's priority order (nf_hook_slow walks the hook's
 * entries, lowest priority first); after `after` accepted it, that accept ended only `after` (NF_ACCEPT moves on to the
 * next entry). A jump pushes a return address, a goto does not (nf_tables_core.c nft_do_chain's jumpstack).
 */
function entryExplanation(
  chain: { family: string; table: string; chain: string; priority: number; hook: string },
  entry: NftEntry,
  after: NextChain | null,
  base: string,
): Explanation {
  switch (entry.via) {
    case 'hook': {
      const here = { hook: chain.hook, chain: baseName(chain), priority: chain.priority };
      if (!after) return say('enterBase', here);
      return after.kind === 'nft'
        ? say('enterAfterAccept', { ...here, previous: baseName(after) })
        : say('enterAfterAcceptIptables', { ...here, previous: `${after.table} ${after.chain}` });
    }
    case 'jump':
      return say('jump', { chain: chain.chain, from: entry.from.name, rule: entry.rule });
    case 'goto':
      return entry.back
        ? say('goto', { chain: chain.chain, from: entry.from.name, rule: entry.rule, back: entry.back.name })
        : say('gotoPolicy', { chain: chain.chain, from: entry.from.name, rule: entry.rule, base });
    case 'return':
      return say(entry.ended ? 'returnEnd' : 'returnVerdict', {
        chain: chain.chain,
        from: entry.from.name,
        rule: entry.rule,
      });
  }
}

/**
 * Walks one base chain. `after` is the chain at this hook whose accept let the packet on to this one (null when this
 * is the first the packet meets, or when it is not known: after the nat stop).
 */
export function walkNftBase(
  run: Run,
  hook: HookName,
  base: NftBase,
  ingress: boolean,
  deps: NftDeps,
  after: NextChain | null = null,
): NftEnd {
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
  /** Where a step of this base chain's run is: the hook, the base chain, and the chain the packet is in. */
  const stepAt = (chain: NftChain) => ({
    ...run.base(),
    nftHook,
    ...where,
    base: base.chain.name,
    table: chain.table.name,
    chain: chain.name,
  });
  const sink: NftSink = {
    full: run.full,
    entry(chain, rule, verdict) {
      run.walk.push({ hook: nftHook, ...where, table: chain.table.name, chain: chain.name, rule, verdict });
    },
    rule(chain, _rule, index, stmts, verdict) {
      run.changed();
      run.push({
        kind: 'nft-rule',
        ...stepAt(chain),
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
    chain(chain, entry) {
      if (!run.full) return;
      const place = { family: base.family, table: chain.table.name, chain: chain.name, priority: base.priority };
      run.push({
        kind: 'nft-chain',
        ...stepAt(chain),
        via: entry.via,
        explain: [
          entryExplanation({ ...place, hook: nftHook }, entry, after, baseName({ ...place, chain: base.chain.name })),
        ],
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
  const by = last?.rule ?? 'policy';
  const nftHook = ingress ? 'ingress' : NFT_HOOK[hook];
  const chain = baseName({ family: base.family, table: base.chain.table.name, chain: base.chain.name });
  const explain = acceptExplanations(by, chain, nftHook, next);
  run.push({
    kind: 'nft-accept',
    ...run.base(),
    nftHook,
    family: base.family,
    priority: base.priority,
    base: base.chain.name,
    table: base.chain.table.name,
    chain: base.chain.name,
    by,
    next,
    explain,
  });
}

/** The accept's two sentences (catalog nftlab.json `trace`): what it ended, and where the packet goes on. */
function acceptExplanations(by: number | 'policy', chain: string, hook: string, next: NextChain | null): Explanation[] {
  const line = (key: string, params: Explanation['params']): Explanation => ({
    id: `nftlab:trace.${key}`,
    params,
    matched: true,
  });
  const head = by === 'policy' ? line('acceptPolicy', { chain }) : line('acceptRule', { chain, rule: by });
  if (!next) return [head, line('acceptLast', { hook })];
  return next.kind === 'nft'
    ? [head, line('acceptNextNft', { chain: baseName(next), priority: next.priority })]
    : [head, line('acceptNextIptables', { chain: `${next.table} ${next.chain}`, priority: next.priority })];
}
