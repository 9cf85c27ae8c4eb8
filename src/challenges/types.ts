// A graded challenge as data: a start ruleset and host, the goal as requirements, and probes (packet sequences,
// so conntrack matters) each with the fate its last packet must meet and the feedback a student reads on a miss.
import type { Fate, HostSpec, PacketSpec } from '../engine/trace/types.ts';

export type Level = 'easy' | 'medium' | 'hard';

export interface Probe {
  label: string;
  /** Sent in order through one connection table; the last one is graded. */
  packets: PacketSpec[];
  fate: Fate;
  /** Where a sent/forwarded packet must leave, when that matters. */
  outIface?: string;
  /** The conntrack state the last packet must have, when that is the point (UNTRACKED after NOTRACK). */
  ctstate?: string;
  /** A LOG rule with this prefix must have written a line about the last packet (what its trace says). */
  logged?: string;
  /**
   * Explore mode's exact answer: every outcome of the last packet, by endpoint (destination after NAT) with its
   * exact probability as a fraction. Every outcome must also meet `fate`.
   */
  shares?: { endpoint: string; fraction: string }[];
  feedback: string;
}

/** Values `{{NAME}}` stands for in the files; a variant picks one of each from its seed. */
export type Variables = Record<string, (string | number)[]>;

export interface Challenge {
  id: string;
  order: number;
  level: Level;
  title: string;
  goal: string[];
  hint: string;
  topic: string;
  host: HostSpec;
  variables?: Variables;
  probes: Probe[];
  rules: string;
  /** The reference solution (tests check it passes every probe). */
  solution: string;
  /** Translated words by language: title, goal, hint, probes' label and feedback. */
  words: Record<string, ChallengeWords>;
}

export interface ChallengeWords {
  title: string;
  goal: string[];
  hint: string;
  probes: { label: string; feedback: string }[];
}
