// The packet's path through one host: the hooks in the kernel's order, the tables at each hook, the chains and their
// rules, conntrack, NAT and the routing decisions between hooks. One Tracer serves one trace request: its packets
// share the connection table and the per-rule state (nth counters, recent lists).
import type { EvalContext, Explanation, HostQuery, IpSetView, NatRequest, RejectWith } from '../ext/types.ts';
import type { HookName, TableName } from '../model/types.ts';
import { IPPROTO, type Packet } from '../model/packet.ts';
import type { Host } from '../host/host.ts';
import { isLocal, lookupRoute, selectSourceAddress } from '../host/host.ts';
import { addressTypes } from '../host/addrtype.ts';
import type { IpSet } from '../host/ipset.ts';
import { routeInput, routeOutput, type RouteDecision } from '../route/route.ts';
import { ConntrackTable, type CtAttach } from '../conntrack/table.ts';
import { manipOfHook, natIcmpError, natPacket, setupBinding } from '../conntrack/nat.ts';
import { isIcmpError } from '../conntrack/tuple.ts';
import { formatIPv4 } from '../net/ipv4.ts';
import { genericSteps } from '../match/generic.ts';
import type { CompiledChain, CompiledRule, CompiledRuleset } from './compile.ts';
import type { NftBase, NftProgram } from '../nft/program.ts';
import type { NftElement, NftSet } from '../nft/model.ts';
import { natMembers, stopsAtHook, withIpvs, type NatMember, type Stop } from './stops.ts';
import { pushAcceptStep, walkNftBase, type NftDeps } from './nftChains.ts';
import { tablePriority } from './hooks.ts';
import type { IpvsTable } from '../ipvs/table.ts';
import type { IpvsStop } from '../ipvs/hooks.ts';
import { runIpvsStop, type IpvsPath } from './ipvs.ts';
import { clonePacket, connEntryView } from './packet.ts';
import { icmpError, rejectReply } from './replies.ts';
import { Run, type Origin } from './run.ts';
import { attachLog, ruleText } from './stepLog.ts';

export type { Origin } from './run.ts';
import type { Chooser } from './random.ts';
import type { CountersView, Fate, MatchStep, NextChain, PacketView, TraceResult, TraceStep } from './types.ts';

type ConntrackStep = Extract<TraceStep, { kind: 'conntrack' }>;

export interface TracerOptions {
  detail: 'full' | 'walk';
  maxRuleEvaluations: number;
}

/** How a chain (with the user chains it reached) ended. */
type ChainEnd =
  | { kind: 'accept' }
  | { kind: 'drop'; chain: string; rule: number | 'policy' }
  | { kind: 'queue'; num: number }
  | { kind: 'reject'; with: RejectWith }
  | { kind: 'nat'; req: NatRequest }
  | { kind: 'limit' };

/** The outcome of one hook: the packet goes on, or its fate is decided there. */
type HookEnd = { kind: 'continue' } | { kind: 'stop'; fate: Fate; reason: Explanation; outIface?: string | null };

function why(id: string, params: Explanation['params'] = {}, matched = true): Explanation {
  return { id: `trace.${id}`, params, matched };
}

/** Counters keyed by rule id or "table:CHAIN" (a policy), as `iptables -L -v` reads them. */
function countersView(map: ReadonlyMap<number | string, { packets: number; bytes: number }>): CountersView {
  const rules: CountersView['rules'] = [];
  const policies: CountersView['policies'] = [];
  for (const [key, c] of map) {
    if (typeof key === 'number') rules.push({ ruleId: key, packets: c.packets, bytes: c.bytes });
    else {
      const colon = key.indexOf(':');
      policies.push({
        table: key.slice(0, colon) as TableName,
        chain: key.slice(colon + 1),
        packets: c.packets,
        bytes: c.bytes,
      });
    }
  }
  return { rules, policies };
}

export class Tracer {
  readonly conntrack = new ConntrackTable();
  /** iptables -v counters after the packets so far: rule id or "table:CHAIN" (policy) → packets and bytes. */
  private readonly counters = new Map<number | string, { packets: number; bytes: number }>();
  /** What this tracer's packets added to them (the saved [p:b] left out): a traffic batch's contribution. */
  private readonly added = new Map<number | string, { packets: number; bytes: number }>();
  private readonly ruleStates = new Map<number, unknown>();
  private readonly shared = new Map<string, unknown>();
  private readonly hostQuery: HostQuery;
  readonly conntrackOn: boolean;
  chooser: Chooser;
  now = 0;
  /** What each hook runs, in order (iptables tables, conntrack, nat, native nftables base chains). */
  private readonly stops = new Map<HookName, Stop[]>();
  private readonly nftDeps: NftDeps;
  /** The host's IPVS services and connections, when the request has any: IPVS then stops at its hooks. */
  ipvs: IpvsTable | undefined;
  private ipvsPath: IpvsPath | undefined;

  constructor(
    private readonly rules: CompiledRuleset,
    private readonly host: Host,
    ipsets: Map<string, IpSet>,
    chooser: Chooser,
    private readonly opts: TracerOptions,
    /** A native nftables ruleset loaded next to (after) the iptables one. */
    private readonly nft?: NftProgram,
  ) {
    this.chooser = chooser;
    this.conntrackOn = host.conntrack === 'on' || rules.needsConntrack || nft?.needsConntrack === true;
    this.hostQuery = {
      addrTypes: (addr, iface) => addressTypes(host, addr, iface),
      ipset: (name): IpSetView | undefined => ipsets.get(name),
      primaryAddress: (iface) => host.interfaces.get(iface)?.addresses[0]?.addr,
      // Reverse-path lookups (rpfilter): the local table first (lo for 127/8 and local addresses), then the main table.
      routeDev: (addr) => (isLocal(host, addr) ? (host.local.get(addr) ?? 'lo') : lookupRoute(host, addr)?.dev),
    };
    this.nftDeps = {
      host: this.hostQuery,
      ruleStates: this.ruleStates,
      dynamicSets: new Map<NftSet, Map<string, NftElement>>(),
      chooser: () => this.chooser,
      now: () => this.now,
      maxRuleEvaluations: opts.maxRuleEvaluations,
    };
  }

  /** Traces one packet, arriving on an interface or sent by a local process. */
  trace(pkt: Packet, origin: Origin): TraceResult {
    this.conntrack.now = this.now;
    return this.run(clonePacket(pkt), origin, 0, null);
  }

  private run(pkt: Packet, origin: Origin, depth: number, attach: CtAttach | null): TraceResult {
    const run = new Run(pkt, origin, this.opts.detail === 'full', this.conntrackOn, depth);
    if (attach) run.attach = attach;
    if (run.full) run.push({ kind: 'arrive', ...run.base(), iface: origin.inIface ?? null, local: origin.local });
    run.stage = origin.local ? 'output' : 'prerouting';
    const end = origin.local ? this.localPath(run) : this.arrivingPath(run, false);
    return this.finish(run, end.fate, end.outIface, end.reason);
  }

  private finish(run: Run, fate: Fate, outIface: string | null, reason: Explanation): TraceResult {
    if (run.full) run.push({ kind: 'fate', ...run.base(), fate, outIface, reason });
    // `steps` holds its place in the object (JSON key order); attachLog fills it.
    const result = attachLog(
      { fate, outIface, packet: run.packetView(), ctstate: run.ctState(), walk: run.walk, steps: [], reason },
      run.steps,
      run.lazy,
    );
    if (run.reply) result.reply = run.reply;
    if (run.full && run.depth === 0) result.counters = this.counterSnapshot();
    if (run.full && this.ipvs) result.ipvs = { connections: this.ipvs.connections(), servers: this.ipvs.servers() };
    if (run.full) {
      result.conntrack = this.conntrack
        .entries()
        .map((c) => connEntryView(c, c.status.has('SEEN_REPLY') ? 'ESTABLISHED' : 'NEW', 'ORIGINAL', this.now));
    }
    return result;
  }

  // ------------------------------------------------------------------ paths

  /** A packet from the wire (or back from lo): PREROUTING, routing, then INPUT or FORWARD → POSTROUTING. */
  private arrivingPath(run: Run, looped: boolean): { fate: Fate; outIface: string | null; reason: Explanation } {
    const inIface = run.inIface!;
    run.outIface = undefined;
    run.stage = 'prerouting';
    run.changed();
    const pre = this.hook(run, 'PREROUTING');
    if (pre.kind === 'stop') return { fate: pre.fate, outIface: null, reason: pre.reason };

    // A packet looped back through lo keeps the route its sender chose (the kernel keeps its dst entry).
    const decision: RouteDecision = looped
      ? { kind: 'local', outIface: null, reason: why('route.loopback', { dst: formatIPv4(run.pkt.dst) }) }
      : routeInput(this.host, run.pkt.src, run.pkt.dst, inIface, run.pkt.mark);
    if (run.full)
      run.push({
        kind: 'route',
        ...run.base(),
        hook: null,
        decision: decision.kind === 'output' ? 'output' : decision.kind,
        outIface: decision.outIface,
        reason: decision.reason,
      });
    if (decision.kind === 'drop') {
      // ip_error: a router with no route answers ICMP net-unreachable (martians get no answer).
      if (decision.reason.id === 'trace.route.no-route') {
        const unreachable = icmpError(this.host, run.pkt, 3, 0);
        if (unreachable) this.sendReply(run, unreachable);
      }
      return { fate: 'dropped', outIface: null, reason: decision.reason };
    }

    if (decision.kind === 'local') {
      run.stage = 'input';
      const input = this.hook(run, 'INPUT');
      if (input.kind === 'stop') return { fate: input.fate, outIface: input.outIface ?? null, reason: input.reason };
      this.confirm(run, 'INPUT');
      return { fate: 'delivered', outIface: null, reason: why('fate.delivered', { dst: formatIPv4(run.pkt.dst) }) };
    }

    // ip_forward: a packet whose TTL would reach zero is not forwarded (no FORWARD hook; ICMP time exceeded back).
    if (run.pkt.ttl <= 1) {
      const timeExceeded = icmpError(this.host, run.pkt, 11, 0);
      if (timeExceeded) this.sendReply(run, timeExceeded);
      return { fate: 'dropped', outIface: null, reason: why('route.ttl-exceeded', { ttl: run.pkt.ttl }, false) };
    }
    run.stage = 'forward';
    run.pkt.ttl -= 1;
    run.outIface = decision.outIface ?? undefined;
    run.changed();
    const fwd = this.hook(run, 'FORWARD');
    if (fwd.kind === 'stop') return { fate: fwd.fate, outIface: null, reason: fwd.reason };
    return this.postrouting(run, decision.outIface!);
  }

  /** A locally generated packet: route, OUTPUT, reroute, POSTROUTING, then the wire or lo → PREROUTING → INPUT. */
  private localPath(run: Run): { fate: Fate; outIface: string | null; reason: Explanation } {
    let decision = routeOutput(this.host, run.pkt.src, run.pkt.dst, run.pkt.mark);
    if (run.full)
      run.push({
        kind: 'route',
        ...run.base(),
        decision: decision.kind === 'output' ? 'output' : 'drop',
        outIface: decision.outIface,
        reason: decision.reason,
      });
    if (decision.kind === 'drop') return { fate: 'dropped', outIface: null, reason: decision.reason };
    run.inIface = undefined;
    run.outIface = decision.outIface ?? undefined;
    run.changed();
    const dstBefore = run.pkt.dst;
    const out = this.hook(run, 'OUTPUT');
    if (out.kind === 'stop') return { fate: out.fate, outIface: out.outIface ?? null, reason: out.reason };
    if (run.pkt.dst !== dstBefore || run.rerouteMark) {
      // ip_route_me_harder: a new destination (nat OUTPUT, mangle), or a mark a `type route` chain changed, means a
      // new route.
      run.stage = 'reroute';
      decision = routeOutput(this.host, run.pkt.src, run.pkt.dst, run.pkt.mark);
      if (run.full)
        run.push({
          kind: 'route',
          ...run.base(),
          hook: null,
          decision: decision.kind === 'output' ? 'output' : 'drop',
          outIface: decision.outIface,
          reason: decision.reason,
        });
      if (decision.kind === 'drop') return { fate: 'dropped', outIface: null, reason: decision.reason };
      run.outIface = decision.outIface ?? undefined;
      run.changed();
    }
    return this.postrouting(run, decision.outIface!);
  }

  private postrouting(run: Run, outIface: string): { fate: Fate; outIface: string | null; reason: Explanation } {
    // ip_output passes the input device of a forwarded packet to the POSTROUTING hook (nft's iifname sees it).
    run.forwardedFrom = run.inIface;
    run.inIface = undefined;
    run.outIface = outIface;
    run.changed();
    const post = this.hook(run, 'POSTROUTING');
    if (post.kind === 'stop') return { fate: post.fate, outIface: null, reason: post.reason };
    this.confirm(run, 'POSTROUTING');
    if (outIface !== 'lo') return { fate: 'sent', outIface, reason: why('fate.sent', { iface: outIface }) };
    // Through lo and back in: PREROUTING and INPUT again, with the same connection entry (nat chains already decided).
    run.inIface = 'lo';
    run.outIface = undefined;
    run.changed();
    if (run.full) run.push({ kind: 'arrive', ...run.base(), hook: null, iface: 'lo', local: false });
    const back = this.arrivingPath(run, true);
    if (back.fate === 'delivered' || back.fate === 'queued') return back;
    // The sender's sendto() succeeded, but the packet's fate is decided on its way back in: a drop or REJECT in
    // PREROUTING or INPUT makes it dropped or rejected, not sent (recorded on the kernel: conformance f53, r001).
    return { fate: back.fate, outIface: null, reason: why('fate.sent-lo-then', { fate: back.fate }) };
  }

  /** __nf_conntrack_confirm at the end of POSTROUTING or INPUT: the new entry enters the table. */
  private confirm(run: Run, hook: HookName): void {
    const a = run.attach;
    if (!a || run.untracked || a.conn.status.has('CONFIRMED')) return;
    if (a.state === 'RELATED') return;
    this.conntrack.confirm(a.conn);
    run.changed();
    this.conntrackStep(run, hook, 'confirm', a.state, why('conntrack.confirm', { id: a.conn.id }));
  }

  // ------------------------------------------------------------------ hooks

  private hook(run: Run, hook: HookName): HookEnd {
    run.hook = hook;
    if (run.full) run.push({ kind: 'hook', ...run.base(), hook });
    let stops = this.stops.get(hook);
    // IPVS registers its own functions at some hooks (ip_vs_ops4): they run between the others, by priority.
    if (!stops)
      this.stops.set(
        hook,
        (stops = withIpvs(stopsAtHook(hook, this.host.tableOrder, this.nft), this.ipvs, hook, this.host.tableOrder)),
      );
    // The chain whose accept let the packet on to the next one at this hook (its trace line says so).
    let accepted: NextChain | null = null;
    for (const [at, stop] of stops.entries()) {
      run.leaveChains();
      let end: HookEnd = { kind: 'continue' };
      if (stop.kind === 'conntrack') this.conntrackIn(run, hook);
      else if (stop.kind === 'ipvs') end = this.ipvsStop(run, stop.stop);
      else if (stop.kind === 'nat') {
        end = this.natTable(run, hook, accepted);
        accepted = null;
      } else if (stop.kind === 'nft') {
        // An ingress chain sees only packets arriving on its device (and not those looped back through lo).
        if (stop.ingress && (run.inIface !== stop.base.device || run.origin.local)) continue;
        const walked = walkNftBase(run, hook, stop.base, stop.ingress, this.nftDeps, accepted);
        end = this.endOf(run, hook, stop.base.chain.table.name, walked);
        accepted = walked.kind === 'accept' ? nftChainOf(stop.base) : null;
        if (walked.kind === 'accept' && run.full)
          pushAcceptStep(run, hook, stop.base, stop.ingress, this.nextChain(run, hook, stops.slice(at + 1)));
      } else {
        const chain = this.rules.tables.get(stop.table)?.get(hook);
        if (chain) {
          const { mark, src, tos } = run.pkt;
          end = this.chainVerdict(run, hook, chain);
          accepted = {
            kind: 'iptables',
            table: stop.table,
            chain: hook,
            priority: tablePriority(stop.table, hook, this.host.tableOrder),
          };
          // iptable_mangle.c ipt_mangle_out: a local packet whose mark, source or TOS mangle OUTPUT changed is
          // routed again (ip_route_me_harder), as one whose destination changed is: CONNMARK --restore-mark
          // steering a reply to another uplink by policy routing.
          if (hook === 'OUTPUT' && stop.table === 'mangle' && end.kind === 'continue')
            if (run.pkt.mark !== mark || run.pkt.src !== src || run.pkt.tos !== tos) run.rerouteMark = true;
        }
      }
      if (end.kind === 'stop') return end;
    }
    return { kind: 'continue' };
  }

  /** The first of `rest` (the stops after a base chain) that holds a chain this packet will walk. */
  private nextChain(run: Run, hook: HookName, rest: readonly Stop[]): NextChain | null {
    for (const stop of rest) {
      if (stop.kind === 'nft') {
        if (stop.ingress && (run.inIface !== stop.base.device || run.origin.local)) continue;
        return nftChainOf(stop.base);
      }
      if (stop.kind === 'table' && this.rules.tables.get(stop.table)?.get(hook))
        return {
          kind: 'iptables',
          table: stop.table,
          chain: hook,
          priority: tablePriority(stop.table, hook, this.host.tableOrder),
        };
      if (stop.kind === 'nat') {
        const first = natMembers(hook, this.rules.tables.get('nat')?.get(hook) !== undefined, this.nft)[0];
        if (first?.kind === 'iptables')
          return {
            kind: 'iptables',
            table: 'nat',
            chain: hook,
            priority: tablePriority('nat', hook, this.host.tableOrder),
          };
        if (first) return nftChainOf(first.base);
      }
    }
    return null;
  }

  /** One IPVS hook function; a request it transmits goes on through OUTPUT and POSTROUTING from here. */
  private ipvsStop(run: Run, stop: IpvsStop): HookEnd {
    if (run.ipvsProperty) return { kind: 'continue' };
    this.ipvs!.now = this.now;
    this.ipvsPath ??= {
      host: this.host,
      hook: (r, h) => this.hook(r, h),
      postrouting: (r, out) => this.postrouting(r, out),
      sendReply: (r, reply) => this.sendReply(r, reply),
    };
    return runIpvsStop(this.ipvs!, run, stop, this.ipvsPath);
  }

  private conntrackIn(run: Run, hook: HookName): void {
    if (!run.tracked) return;
    if (run.untracked) {
      this.conntrackStep(run, hook, 'untracked', 'UNTRACKED', why('conntrack.untracked'));
      return;
    }
    // A looped-back packet, or a reply a REJECT built, already carries its entry.
    if (run.attach || (run.invalid && hook === 'PREROUTING' && run.inIface === 'lo')) return;
    const result = this.conntrack.track(run.pkt, run.zone);
    run.changed();
    if (result.kind === 'invalid') {
      run.invalid = true;
      this.conntrackStep(run, hook, 'invalid', 'INVALID', result.explain);
      return;
    }
    run.attach = result.attach;
    run.changed();
    this.conntrackStep(run, hook, result.event, result.attach.state, result.explain);
  }

  /** A table that is not nat: walk its chain; ACCEPT goes on to the next table, anything else ends the packet here. */
  private chainVerdict(run: Run, hook: HookName, chain: CompiledChain): HookEnd {
    // The parser keeps NAT targets in the nat table; should one run elsewhere, it only accepts.
    return this.endOf(run, hook, chain.table, this.walkChain(run, hook, chain));
  }

  /**
   * The nat table at a hook (nf_nat_inet_fn): only tracked packets; the chain runs for a connection's first packet
   * when this manipulation is not yet decided; the decided binding is then applied to every packet of the connection.
   */
  private natTable(run: Run, hook: HookName, acceptedBefore: NextChain | null): HookEnd {
    const iptablesNat = this.rules.tables.get('nat')?.get(hook);
    // The nat hook is registered at every NAT hook as soon as one nat chain exists (nf_nat_ipv4_register_fn):
    // a connection's binding is applied (and undone for replies) even where no nat chain sits.
    if (!iptablesNat && !this.nft?.hasNat) return { kind: 'continue' };
    const members = natMembers(hook, iptablesNat !== undefined, this.nft);
    const label = (m: NatMember) =>
      m.kind === 'iptables'
        ? { table: 'nat', name: iptablesNat!.name }
        : { table: m.base.chain.table.name, name: m.base.chain.name };
    const chain = members[0] ? label(members[0]) : { table: 'nat', name: hook };
    const attach = run.attach;
    if (!run.tracked || run.untracked || !attach) {
      const why_ = !run.tracked ? 'skip-conntrack-off' : run.untracked ? 'skip-untracked' : 'skip-invalid';
      if (run.full) this.natStep(run, chain, run.packetView(), [], why(`nat.${why_}`, { hook }));
      return { kind: 'continue' };
    }
    const manip = manipOfHook(hook);
    const { conn, dir, state } = attach;
    if (state === 'RELATED' && isIcmpError(run.pkt)) {
      const before = run.full ? run.packetView() : undefined;
      const changed = natIcmpError(conn, dir, manip, run.pkt);
      if (changed.length) this.natStep(run, chain, before, changed, why('nat.icmp-error', { id: conn.id }));
      return { kind: 'continue' };
    }
    if (state === 'NEW' && dir === 'ORIGINAL' && !conn.natDone[manip]) {
      // Every nat chain of the hook in priority order, until one sets up a binding (nf_nat_inet_fn): an accept
      // without NAT lets the next one run [NFT.md, n08].
      let req: NatRequest | null = null;
      // The chain before the nat chains at this hook whose accept let the packet on to the first of them.
      let accepted = acceptedBefore;
      for (const m of members) {
        const end =
          m.kind === 'iptables'
            ? this.walkChain(run, hook, iptablesNat!)
            : walkNftBase(run, hook, m.base, false, this.nftDeps, accepted);
        if (end.kind === 'nat') {
          req = end.req;
          break;
        }
        if (end.kind !== 'accept') return this.endOf(run, hook, label(m).table, end);
        accepted =
          m.kind === 'iptables'
            ? {
                kind: 'iptables',
                table: 'nat',
                chain: hook,
                priority: tablePriority('nat', hook, this.host.tableOrder),
              }
            : nftChainOf(m.base);
      }
      const setup = setupBinding(this.conntrack, conn, manip, req, {
        hook,
        inIface: run.inIface,
        outIface: run.outIface,
        masqueradeAddress: () => {
          const route = lookupRoute(this.host, run.pkt.dst);
          return run.outIface ? selectSourceAddress(this.host, run.outIface, route?.via ?? run.pkt.dst) : undefined;
        },
        primaryAddress: (iface) => this.host.interfaces.get(iface)?.addresses[0]?.addr,
      });
      run.changed();
      if (!setup.ok) return { kind: 'stop', fate: 'dropped', reason: setup.explain };
      const before = run.full ? run.packetView() : undefined;
      const changed = natPacket(conn, dir, manip, run.pkt);
      this.natStep(run, chain, before, changed, setup.explain);
      return { kind: 'continue' };
    }
    const before = run.full ? run.packetView() : undefined;
    const changed = natPacket(conn, dir, manip, run.pkt);
    if (changed.length || run.full) {
      // A reply meets the inverse of the first packet's binding (nf_nat_packet: the reply tuple's manip): at a
      // destination hook it undoes a source NAT, at a source hook a destination NAT.
      const id = changed.length
        ? dir === 'ORIGINAL'
          ? 'nat.apply'
          : manip === 'dst'
            ? 'nat.undo-snat'
            : 'nat.undo-dnat'
        : state === 'RELATED'
          ? 'nat.skip-related'
          : 'nat.skip-decided';
      this.natStep(run, chain, before, changed, why(id, { id: conn.id, hook }));
    }
    return { kind: 'continue' };
  }

  private endOf(run: Run, hook: HookName, table: string, end: ChainEnd): HookEnd {
    switch (end.kind) {
      case 'drop':
        return {
          kind: 'stop',
          fate: 'dropped',
          reason:
            end.rule === 'policy'
              ? why('fate.dropped-policy', { table, chain: end.chain }, false)
              : why('fate.dropped', { table, chain: end.chain, rule: end.rule }, false),
        };
      case 'queue':
        return { kind: 'stop', fate: 'queued', reason: why('fate.queued', { num: end.num }) };
      case 'reject':
        return { kind: 'stop', fate: 'rejected', reason: this.reject(run, hook, end.with) };
      case 'limit':
        return { kind: 'stop', fate: 'dropped', reason: why('limit', { max: this.opts.maxRuleEvaluations }, false) };
      default:
        return { kind: 'continue' };
    }
  }

  /** Records a NAT rewrite (the packet's views are refreshed in every detail mode: the result reports the packet). */
  private natStep(
    run: Run,
    chain: { table: string; name: string },
    before: PacketView | undefined,
    changed: string[],
    explain: Explanation,
  ): void {
    if (changed.length) run.changed();
    if (run.full && before)
      run.push({
        kind: 'nat',
        ...run.base(),
        // The nat step of a native nftables nat chain names the iptables table it stands in for.
        table: 'nat',
        chain: chain.name,
        before,
        after: run.packetView(),
        changed,
        explain,
      });
  }

  // ------------------------------------------------------------------ chains

  /** The evaluation context of one packet, made once and re-aimed at each chain it walks. */
  private context(run: Run, hook: HookName, table: TableName): EvalContext {
    let ctx = run.ctx;
    if (!ctx) {
      const states = this.ruleStates;
      const shared = this.shared;
      const chooser = this.chooser;
      const made: EvalContext = {
        pkt: run.pkt,
        hook,
        table,
        chain: '',
        ruleId: 0,
        inIface: undefined,
        outIface: undefined,
        ct: null,
        socket: undefined,
        host: this.hostQuery,
        choose: (p, exact) => chooser.choose(p, exact),
        ruleState<T>(init: () => T): T {
          if (!states.has(made.ruleId)) states.set(made.ruleId, init());
          return states.get(made.ruleId) as T;
        },
        sharedState<T>(key: string, init: () => T): T {
          if (!shared.has(key)) shared.set(key, init());
          return shared.get(key) as T;
        },
        now: this.now,
      };
      ctx = run.ctx = made;
    }
    ctx.pkt = run.pkt;
    ctx.hook = hook;
    ctx.table = table;
    ctx.inIface = run.inIface;
    ctx.outIface = run.outIface;
    ctx.ct = run.evalConn();
    ctx.socket = run.origin.local && (hook === 'OUTPUT' || hook === 'POSTROUTING') ? socketOf(run.origin) : undefined;
    ctx.now = this.now;
    return ctx;
  }

  /** The chain and every user chain it reaches, with the kernel's jump/goto/return stack. */
  private walkChain(run: Run, hook: HookName, base: CompiledChain): ChainEnd {
    const ctx = this.context(run, hook, base.table);
    const frames: { chain: CompiledChain; pos: number }[] = [];
    let chain = base;
    let pos = 0;
    const full = run.full;
    this.enterChain(run, base, 'hook');
    const max = this.opts.maxRuleEvaluations;
    for (;;) {
      if (pos >= chain.rules.length) {
        if (chain === base || frames.length === 0) return this.policy(run, hook, base);
        // Falling off the end of a user chain: back to the caller, not traced by the kernel.
        if (full)
          run.push({
            kind: 'return',
            ...run.base(),
            table: chain.table,
            chain: chain.name,
            trace: `${chain.table}:${chain.name}:return:${chain.rules.length + 1}`,
          });
        ({ chain, pos } = frames.pop()!);
        this.enterChain(run, chain, 'return');
        continue;
      }
      const r = chain.rules[pos++]!;
      if (++run.evaluations > max) {
        if (run.full) run.push({ kind: 'limit', ...run.base(), reason: why('limit', { max }, false) });
        return { kind: 'limit' };
      }
      // The header tests first and without any bookkeeping: most rules of a long chain fail right there (in 'full'
      // detail they are logged and explained only when their step is read: stepLog.ts).
      if (!r.generic(run.pkt, run.inIface, run.outIface)) {
        if (full) run.headerMiss(chain, pos - 1);
        continue;
      }
      ctx.chain = chain.name;
      ctx.ruleId = r.rule.id;
      const matched = full ? this.matchFull(run, ctx, r) : this.matchModules(ctx, r);
      if (!matched.ok) {
        if (full) this.ruleStep(run, chain, r, matched.steps, false);
        continue;
      }
      this.count(r.rule.id, r.rule.counters, run.pkt.length);
      const t = r.target;
      switch (t.kind) {
        case 'none':
          this.walked(run, hook, chain, r, 'continue');
          if (full)
            this.ruleStep(run, chain, r, matched.steps, true, {
              name: '',
              verdict: 'continue',
              explain: [why('target.none')],
            });
          continue;
        case 'standard': {
          if (full)
            this.ruleStep(run, chain, r, matched.steps, true, {
              name: t.name,
              verdict: t.name.toLowerCase(),
              explain: [why(`target.${t.name.toLowerCase()}`)],
            });
          if (t.name === 'ACCEPT') {
            this.walked(run, hook, chain, r, 'accept');
            return { kind: 'accept' };
          }
          if (t.name === 'DROP') {
            this.walked(run, hook, chain, r, 'drop');
            return { kind: 'drop', chain: chain.name, rule: r.index };
          }
          if (t.name === 'QUEUE') {
            this.walked(run, hook, chain, r, 'queue');
            return { kind: 'queue', num: 0 };
          }
          this.walked(run, hook, chain, r, 'return');
          if (frames.length === 0) return this.policy(run, hook, base);
          ({ chain, pos } = frames.pop()!);
          this.enterChain(run, chain, 'return');
          continue;
        }
        case 'chain': {
          const verdict = `${t.goto ? 'goto' : 'jump'} ${t.name}`;
          this.walked(run, hook, chain, r, verdict);
          if (full)
            this.ruleStep(run, chain, r, matched.steps, true, {
              name: t.name,
              verdict,
              explain: [why(t.goto ? 'target.goto' : 'target.jump', { chain: t.name })],
            });
          if (!t.chain) {
            // The parser refuses jumps to missing chains; should one slip through, carry on as the next rule.
            continue;
          }
          // -g: no return address is pushed, so the goto'd chain returns to the caller of the chain that did it.
          if (!t.goto) frames.push({ chain, pos });
          chain = t.chain;
          pos = 0;
          this.enterChain(run, chain, t.goto ? 'goto' : 'jump', r.index);
          continue;
        }
        case 'extension': {
          if (!t.module) {
            this.walked(run, hook, chain, r, 'continue');
            if (full)
              this.ruleStep(run, chain, r, matched.steps, true, {
                name: t.name,
                verdict: 'continue',
                explain: [why('target.not-simulated', { target: t.name }, true)],
              });
            continue;
          }
          ctx.ct = run.evalConn();
          const applied = t.module.apply(t.data, ctx);
          run.changed();
          ctx.ct = run.evalConn();
          const v = applied.verdict;
          const word =
            v.kind === 'reject'
              ? 'drop'
              : v.kind === 'nat'
                ? 'accept'
                : v.kind === 'notrack' || v.kind === 'ct-template'
                  ? 'continue'
                  : v.kind;
          this.walked(run, hook, chain, r, word);
          if (full)
            this.ruleStep(run, chain, r, matched.steps, true, {
              name: t.name,
              verdict: word,
              explain: applied.explain,
            });
          switch (v.kind) {
            case 'continue':
              continue;
            case 'notrack':
              // xt_CT: a packet that already carries an entry (back from lo) is left alone.
              if (!run.attach) {
                run.untracked = true;
                run.changed();
                ctx.ct = run.evalConn();
              }
              continue;
            case 'ct-template':
              if (v.zone !== undefined && !run.attach) run.zone = v.zone;
              continue;
            case 'accept':
              return { kind: 'accept' };
            case 'drop':
              return { kind: 'drop', chain: chain.name, rule: r.index };
            case 'queue':
              // --queue-bypass: with no program listening on the queue (the lab has none), the packet is accepted.
              if (v.bypass) return { kind: 'accept' };
              return { kind: 'queue', num: v.num };
            case 'reject':
              return { kind: 'reject', with: v.with };
            case 'nat':
              return { kind: 'nat', req: v.nat };
            case 'return': {
              if (frames.length === 0) return this.policy(run, hook, base);
              ({ chain, pos } = frames.pop()!);
              this.enterChain(run, chain, 'return');
              continue;
            }
          }
        }
      }
    }
  }

  /** A conntrack step (detail 'full'): what the connection table did with the packet at this hook. */
  private conntrackStep(
    run: Run,
    hook: HookName,
    event: ConntrackStep['event'],
    state: ConntrackStep['state'],
    explain: Explanation | undefined,
  ): void {
    if (run.full) run.push({ kind: 'conntrack', ...run.base(), hook, event, state, explain });
  }

  /** The rule's line in `walk` (kept in both detail levels: it is what nft trace prints). */
  private walked(run: Run, hook: HookName, chain: CompiledChain, r: CompiledRule, verdict: string): void {
    run.walk.push({ hook, table: chain.table, chain: chain.name, rule: r.index, verdict });
  }

  /** A chain step (detail 'full'): the walk entered `chain` from a hook, a jump, a goto or a return. */
  private enterChain(run: Run, chain: CompiledChain, via: 'hook' | 'jump' | 'goto' | 'return', fromRule = 0): void {
    if (!run.full) return;
    run.enterChain(chain.name, via, fromRule);
    run.push({ kind: 'chain', ...run.base(), table: chain.table, chain: chain.name, via });
  }

  /** A rule whose matches all passed (or a policy that decided) counts the packet, from the saved counters on. */
  private count(key: number | string, initial: { packets: number; bytes: number }, bytes: number): void {
    let c = this.counters.get(key);
    if (!c) this.counters.set(key, (c = { packets: initial.packets, bytes: initial.bytes }));
    c.packets += 1;
    c.bytes += bytes;
    let a = this.added.get(key);
    if (!a) this.added.set(key, (a = { packets: 0, bytes: 0 }));
    a.packets += 1;
    a.bytes += bytes;
  }

  /** What the packets traced so far added to the counters, without the ones the dump was saved with. */
  countersAdded(): CountersView {
    return countersView(this.added);
  }

  /**
   * Forgets every connection (conntrack entries, IPVS connections; IPVS persistence templates stay, as they
   * outlive their connections): the next packet starts a fresh flow, as if the earlier ones had closed.
   */
  forgetFlows(): void {
    for (const c of this.conntrack.entries()) this.conntrack.remove(c);
    this.ipvs?.forgetConnections();
  }

  /** The counters that moved during this request, as `iptables -L -v` would show them now. */
  counterSnapshot(): CountersView {
    return countersView(this.counters);
  }

  private policy(run: Run, hook: HookName, base: CompiledChain): ChainEnd {
    const policy = base.policy ?? 'ACCEPT';
    this.count(`${base.table}:${base.name}`, base.source.counters, run.pkt.length);
    run.walk.push({
      hook,
      table: base.table,
      chain: base.name,
      rule: 'policy',
      verdict: policy === 'ACCEPT' ? 'accept' : 'drop',
    });
    if (run.full)
      run.push({
        kind: 'policy',
        ...run.base(),
        table: base.table,
        chain: base.name,
        policy,
        trace: `${base.table}:${base.name}:policy:${base.rules.length + 1}`,
      });
    return policy === 'ACCEPT' ? { kind: 'accept' } : { kind: 'drop', chain: base.name, rule: 'policy' };
  }

  /** Decides the rule's match modules, in order, without keeping their explanations (header tests already passed). */
  private matchModules(ctx: EvalContext, r: CompiledRule): { ok: boolean; steps: MatchStep[] } {
    for (const m of r.matches) {
      if (!m.module || !m.simulated) continue;
      if (!m.module.evaluate(m.use.data, ctx).matched) return FAIL;
    }
    return PASS;
  }

  /** Decides a rule and explains each test; stops at the first failing one, as the kernel does. */
  private matchFull(run: Run, ctx: EvalContext, r: CompiledRule): { ok: boolean; steps: MatchStep[] } {
    const steps = genericSteps(r.rule, run.pkt, run.inIface, run.outIface);
    const lastGeneric = steps[steps.length - 1];
    if (lastGeneric && !lastGeneric.matched) return { ok: false, steps };
    for (const m of r.matches) {
      const name = m.use.name;
      if (!m.module || !m.simulated) {
        const text = m.module
          ? `-m ${name} ${m.module.save(m.use.data)}`.trim()
          : `-m ${name} ${m.use.raw.join(' ')}`.trim();
        steps.push({
          name,
          text,
          matched: true,
          simulated: false,
          explain: [why('match.not-simulated', { match: name })],
        });
        continue;
      }
      const out = m.module.evaluate(m.use.data, ctx);
      steps.push({
        name,
        text: `-m ${name} ${m.module.save(m.use.data)}`.trim(),
        matched: out.matched,
        simulated: true,
        explain: out.explain,
      });
      if (!out.matched) return { ok: false, steps };
    }
    return { ok: true, steps };
  }

  private ruleStep(
    run: Run,
    chain: CompiledChain,
    r: CompiledRule,
    matches: MatchStep[],
    matched: boolean,
    target?: { name: string; verdict: string; explain: Explanation[] },
  ): void {
    const step: Extract<TraceStep, { kind: 'rule' }> = {
      kind: 'rule',
      ...run.base(),
      table: chain.table,
      chain: chain.name,
      index: r.index,
      ruleId: r.rule.id,
      text: ruleText(r),
      matches,
      matched,
      trace: `${chain.table}:${chain.name}:rule:${r.index}`,
    };
    if (target) step.target = target;
    run.steps.push(step);
  }

  // ------------------------------------------------------------------ REJECT

  /** nf_send_reset / nf_send_unreach: the answer a REJECT sends, traced as a packet the host generates. */
  /** Why the packet was rejected, after sending (and tracing) its answer when the kernel sends one. */
  private reject(run: Run, hook: HookName, withType: RejectWith): Explanation {
    const reply = rejectReply(this.host, run.pkt, withType);
    // nf_send_reset builds its RST with no socket at all; nf_send_unreach's ICMP goes out through icmp_send, from
    // the kernel's ICMP socket.
    if (reply) this.sendReply(run, reply, reply.proto === IPPROTO.tcp ? 'none' : 'kernel');
    return why(reply ? 'reject.reply' : 'reject.no-reply', { with: withType, hook }, false);
  }

  /** The answer is a packet this host generates, attached to the connection as RELATED (nf_ct_attach). */
  private sendReply(run: Run, reply: Packet, socket: Origin['socket'] = 'kernel'): void {
    if (run.depth > 0) return;
    const attach: CtAttach | null =
      run.attach && !run.untracked
        ? { conn: run.attach.conn, dir: run.attach.dir === 'ORIGINAL' ? 'REPLY' : 'ORIGINAL', state: 'RELATED' }
        : null;
    run.reply = this.run(reply, { inIface: undefined, local: true, socket }, run.depth + 1, attach);
  }
}

/** A base chain as the trace names the chain the packet meets next (or met before) at a hook. */
function nftChainOf(base: NftBase): NextChain {
  return {
    kind: 'nft',
    family: base.family,
    table: base.chain.table.name,
    chain: base.chain.name,
    priority: base.priority,
  };
}

/** The sending socket as the owner match sees it; a kernel socket has no file, hence no uid or gid. */
function socketOf(origin: Origin): EvalContext['socket'] {
  if (origin.socket === 'none') return undefined;
  if (origin.socket === 'kernel') return { uid: 0, gid: 0, kernel: true };
  return { uid: origin.uid ?? 0, gid: origin.gid ?? 0 };
}

const FAIL = { ok: false, steps: [] as MatchStep[] };
const PASS = { ok: true, steps: [] as MatchStep[] };
