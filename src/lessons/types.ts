// A guided lesson as data: ordered steps of text, each bound to marks on the graph and to what the lab loads
// ("watch" steps), or to a task the student does and the lab checks from the store's state and the engine's
// trace ("try" steps). The words of other languages live beside it (lesson.<lng>.json).
import type { CtState, Fate } from '../engine/index.ts';
import type { ScenarioPacket } from '../scenarios/types.ts';

/**
 * What the graph marks while a step is shown: a hook's table ('INPUT:nat'), a whole hook ('hook:INPUT'), a
 * routing decision ('route-in', 'route-out'), an end of the path ('nic-in', 'nic-out', 'local'), or an nftables
 * base chain by family, table and chain ('nft:inet:filter:input', the engine's nftStopKey: a base chain sits on
 * one hook, which the ruleset names, so the mark does not repeat it).
 */
export type Mark = string;

/** What a step loads into the lab: a built-in scenario, optionally with other rules and packets. */
export interface StepSetup {
  scenario: string;
  /** A rules file of the lesson's folder that replaces the scenario's rules. */
  rulesFile?: string;
  packets?: ScenarioPacket[];
  /** The packet shown (0-based). */
  packet?: number;
  explore?: boolean;
  /** Start playing once traced. */
  play?: boolean;
}

/** What a step's text says happens to one packet of its setup; a unit test checks every claim with the engine. */
export interface Claim {
  /** 0-based, in the setup's packets (traced in order through one connection table). */
  packet: number;
  fate: Fate;
  outIface?: string | null;
  ctstate?: CtState;
  /** Stops ('INPUT:filter', 'INPUT:ipvs') the packet meets, in this order. */
  meets?: Mark[];
  /** Stops the packet does not meet (nat is not consulted after a connection's first packet). */
  misses?: Mark[];
  /** The packet's addresses as it leaves (after NAT). */
  src?: string;
  dst?: string;
  /** With explore: the probability of each outcome, in the engine's order. */
  outcomes?: number[];
}

/** What the student must bring about in a "try" step. */
export type Task =
  /** One of the traced packets meets these conditions. */
  | {
      kind: 'send';
      fate: Fate;
      outIface?: string;
      ctstate?: CtState;
      meets?: Mark[];
      dst?: string;
      dport?: number;
    }
  /** Probe packets, traced through the student's rules, each meet their fate. */
  | { kind: 'rules'; probes: { packets: ScenarioPacket[]; fate: Fate; outIface?: string }[] }
  /** The step shown is a rule whose target ran and starts so ('DNAT', 'KUBE-SEP-'), optionally in a chain so named. */
  | { kind: 'step'; target: string; chainPrefix?: string }
  /** The scale lab has measured at least one size. */
  | { kind: 'scale' };

/** The known answer of a "try" step (tests check it satisfies the task and the starting state does not). */
export interface Solution {
  rulesFile?: string;
  packets?: ScenarioPacket[];
  /** For a 'step' task: the packet and the TRACE notation of the step to stop at ('nat:KUBE-SEP-…:rule:2'). */
  packet?: number;
  trace?: string;
}

/** Extra views a step shows under its text, filled from the engine or the store. */
export type StepView = 'outcomes' | 'ipvs-compare' | 'scale' | 'batch';

/** A 'batch' view's traffic: this many new connections built from the step's packet, with random source ports. */
export interface StepBatch {
  count: number;
}

export interface LessonStep {
  kind: 'watch' | 'try';
  title: string;
  text: string[];
  setup?: StepSetup;
  marks?: Mark[];
  claims?: Claim[];
  view?: StepView;
  batch?: StepBatch;
  task?: Task;
  hint?: string;
  solution?: Solution;
}

/** The side-by-side comparison of the IPVS lesson: the same service in iptables mode and in IPVS mode. */
export interface IpvsCompare {
  /** The packet sent in both modes. */
  packet: ScenarioPacket;
  iptables: { scenario: string };
  ipvs: { rulesFile: string; ipsetsFile: string; ipvsFile: string; scenario: string; extraAddress: string };
  /** What the text says each mode's packet meets and misses. */
  claims: { iptables: Omit<Claim, 'packet'>; ipvs: Omit<Claim, 'packet'> };
}

export interface Lesson {
  id: string;
  order: number;
  title: string;
  summary: string;
  steps: LessonStep[];
  compare?: IpvsCompare;
  /** Files of the lesson's folder by name (rules, ipsets, ipvsadm-save). */
  files: Record<string, string>;
  /** Translated words by language. */
  words: Record<string, LessonWords>;
}

export interface LessonWords {
  title: string;
  summary: string;
  steps: { title: string; text: string[]; hint?: string }[];
}
