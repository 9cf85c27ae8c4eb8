// Everything about one packet while it crosses the host: where it is, its conntrack entry, its walk and steps, and
// cached JSON views of it for the rich trace.
import type { ConnView, EvalContext } from '../ext/types.ts';
import type { HookName } from '../model/types.ts';
import type { Packet } from '../model/packet.ts';
import type { CtAttach } from '../conntrack/table.ts';
import { tupleOf } from '../conntrack/tuple.ts';
import { clonePacket, connEntryView, connView, packetView } from './packet.ts';
import type { CompiledChain } from './compile.ts';
import { HeaderMisses, type LogEntry } from './stepLog.ts';
import type {
  ConnEntryView,
  PacketView,
  RouteStage,
  StackFrame,
  StepBase,
  TraceResult,
  TraceStep,
  WalkEntry,
} from './types.ts';

/** Where a packet comes from: an interface, or a local process (with its socket's owner). */
export interface Origin {
  inIface: string | undefined;
  local: boolean;
  uid?: number;
  gid?: number;
  /**
   * Who holds the sending socket (xt_owner.c owner_mt): a process (default), none (REJECT's RST, a connection not
   * yet accept()ed), or the kernel's own (the stack's RSTs, echo replies, every ICMP error).
   */
  socket?: 'process' | 'none' | 'kernel';
}

const NO_STEPS: LogEntry[] = [];
const NO_STACK: readonly StackFrame[] = Object.freeze([]);

/** Everything about one packet while it crosses the host. */
export class Run {
  walk: WalkEntry[] = [];
  /** Which leg of the kernel's path the packet is on (the routing decision it is before or after). */
  stage: RouteStage = 'prerouting';
  /**
   * The chains the packet is nested in, base chain first (KUBE-SERVICES → KUBE-SVC-… → KUBE-SEP-…). A new array
   * on every change, so the steps of one visit share it.
   */
  stack: readonly StackFrame[] = NO_STACK;
  /** The steps so far ('full' detail), header misses as shared series records (stepLog.ts). */
  steps: LogEntry[];
  /** Some steps are header-miss series, built when read. */
  lazy = false;
  hook: HookName | null = null;
  inIface: string | undefined;
  outIface: string | undefined;
  /** At POSTROUTING: the interface a forwarded packet came in on (the hook's `in` device). */
  forwardedFrom: string | undefined;
  /** A `type route` chain at output changed the mark: the packet is routed again (nf_route_table_hook4). */
  rerouteMark = false;
  attach: CtAttach | null = null;
  /** Conntrack looked at the packet and found it INVALID (no entry attached). */
  invalid = false;
  untracked = false;
  /** Conntrack runs on this host (always, or because a rule needs it). */
  tracked: boolean;
  zone = 0;
  /** skb->ipvs_property: IPVS already translated this packet; its hooks leave it alone. */
  ipvsProperty = false;
  evaluations = 0;
  reply: TraceResult | undefined;
  /** The match/target context, made on the first chain and re-aimed at each next one. */
  ctx: EvalContext | undefined;
  /** Cached snapshot for steps; dropped whenever the packet or its entry may have changed. */
  private view: PacketView | undefined;
  private frozen: Packet | undefined;
  private ctViewCache: ConnEntryView | null | undefined;
  private evalCt: ConnView | null | undefined;

  constructor(
    public pkt: Packet,
    public readonly origin: Origin,
    full: boolean,
    tracked: boolean,
    public readonly depth: number,
  ) {
    this.steps = full ? [] : NO_STEPS;
    this.inIface = origin.inIface;
    this.tracked = tracked;
  }

  get full(): boolean {
    return this.steps !== NO_STEPS;
  }

  changed(): void {
    this.view = undefined;
    this.frozen = undefined;
    this.ctViewCache = undefined;
    this.evalCt = undefined;
  }

  packetView(): PacketView {
    return (this.view ??= packetView(this.pkt, this.inIface, this.outIface));
  }

  ctState() {
    if (!this.tracked) return null;
    if (this.untracked) return 'UNTRACKED' as const;
    if (this.attach) return this.attach.state;
    return 'INVALID' as const;
  }

  ctView(): ConnEntryView | null {
    if (this.ctViewCache !== undefined) return this.ctViewCache;
    this.ctViewCache = this.attach ? connEntryView(this.attach.conn, this.attach.state, this.attach.dir) : null;
    return this.ctViewCache;
  }

  /** The entry as matches and targets see it: null when conntrack is off, a bare INVALID/UNTRACKED one otherwise. */
  evalConn(): ConnView | null {
    if (this.evalCt !== undefined) return this.evalCt;
    if (!this.tracked) return (this.evalCt = null);
    if (this.attach && !this.untracked) return (this.evalCt = connView(this.attach));
    const t = tupleOf(this.pkt);
    return (this.evalCt = {
      state: this.untracked ? 'UNTRACKED' : 'INVALID',
      status: new Set(),
      dir: 'ORIGINAL',
      orig: t,
      reply: t,
      mark: 0,
      zone: this.zone,
      expires: 0,
    });
  }

  base(): StepBase {
    return { hook: this.hook, stage: this.stage, stack: this.stack, packet: this.packetView(), ct: this.ctView() };
  }

  /**
   * Follows the kernel's jump stack: a jump pushes (the caller's frame keeps the rule that jumped), a goto replaces
   * the top, a return pops.
   */
  enterChain(chain: string, via: 'hook' | 'jump' | 'goto' | 'return', fromRule = 0): void {
    if (via === 'hook') this.stack = [{ chain, rule: 0 }];
    else if (via === 'jump')
      this.stack = [...this.stack.slice(0, -1), { chain: this.topChain(), rule: fromRule }, { chain, rule: 0 }];
    else if (via === 'goto') this.stack = [...this.stack.slice(0, -1), { chain, rule: 0 }];
    else this.stack = this.stack.slice(0, -1);
  }

  private topChain(): string {
    return this.stack[this.stack.length - 1]?.chain ?? '';
  }

  /** Between two stops of a hook the packet is in no chain. */
  leaveChains(): void {
    this.stack = NO_STACK;
  }

  push(step: TraceStep): void {
    if (this.full) this.steps.push(step);
  }

  /** Rule `rulePos` of `chain` failed its header test: logged now, explained when its step is read. */
  headerMiss(chain: CompiledChain, rulePos: number): void {
    const steps = this.steps;
    const last = steps[steps.length - 1];
    if (last instanceof HeaderMisses && last.follows(chain, rulePos, steps.length)) {
      steps.push(last);
      return;
    }
    this.lazy = true;
    const pkt = (this.frozen ??= clonePacket(this.pkt));
    steps.push(new HeaderMisses(chain, rulePos, steps.length, this.base(), pkt, this.inIface, this.outIface));
  }
}
