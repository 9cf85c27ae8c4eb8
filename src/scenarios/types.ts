// What a scenario is: a trace request (rules, host, packets, seed) plus the words that teach it.
// A built-in scenario also carries, for each packet, what the kernel does with it; one test checks every
// built-in scenario against the engine with those expectations.
import type { CtState } from '../engine/index.ts';
import type { Fate, HostSpec, PacketSpec, PacketView, TraceRequest, WalkEntry } from '../engine/index.ts';

/** A packet of a scenario: exactly a PacketSpec, with an optional name for pickers and the timeline. */
export interface ScenarioPacket extends PacketSpec {
  label?: string;
}

/** An editable scenario. Structurally a TraceRequest (see toTraceRequest), plus its metadata. */
export interface Scenario {
  /** The built-in scenario it started from, or 'custom' for one made from scratch or imported. */
  id: string;
  title: string;
  /** One line for pickers. */
  summary: string;
  /** Short paragraphs for the story panel. */
  teaching: string[];
  /** iptables-save text, an iptables script, or nftables text (`nft list ruleset` / `nft -f`): the format is detected. */
  rules: string;
  /**
   * With nftables `rules`: an iptables-save dump loaded before them, as iptables-nft-restore would — a host that has
   * both (Docker's iptables rules beside firewalld's nftables). Ignored when `rules` is iptables text.
   */
  iptablesRules?: string;
  host: HostSpec;
  /** `ipset save` text, when the rules use -m set. */
  ipsets?: string;
  /** `ipvsadm-save -n` text: the host's IPVS virtual services and real servers (kube-proxy's IPVS mode). */
  ipvs?: string;
  seed: number;
  packets: ScenarioPacket[];
}

/** The packet fields an expectation may pin down. */
export type ExpectedPacket = Partial<
  Pick<PacketView, 'proto' | 'src' | 'dst' | 'sport' | 'dport' | 'mark' | 'tcpFlags' | 'icmpType' | 'icmpCode'>
>;

/** One outcome of a packet whose path depends on `statistic --mode random`, as explore mode reports it. */
export interface ExpectedOutcome {
  probability: number;
  fate: Fate;
  outIface?: string | null;
  packet?: ExpectedPacket;
}

/** What the kernel does with one packet of a built-in scenario. Absent fields are not checked. */
export interface PacketExpectation {
  fate: Fate;
  outIface?: string | null;
  ctstate?: CtState | null;
  /** The packet as delivered, sent or dropped (after every NAT). */
  packet?: ExpectedPacket;
  /** The exact `nft monitor trace` walk (rules whose target ran, and deciding policies). */
  walk?: WalkEntry[];
  /** The TCP RST or ICMP error a REJECT sends back. */
  reply?: { fate: Fate; outIface?: string | null; packet?: ExpectedPacket };
  /**
   * Every outcome explore mode must find when this packet is traced alone (fresh conntrack). In replay
   * mode the seeded draw must land on one of them.
   */
  outcomes?: ExpectedOutcome[];
}

/** A "predict, then check" question of the lesson, about one packet of the scenario. */
export interface LessonQuestion {
  question: string;
  answer: string;
  /** The packet it is about (1-based), so the lesson can show its trace. */
  packet?: number;
}

/**
 * The words of a built-in scenario in another language (src/scenarios/<id>/lesson.<lng>.json): the teaching
 * paragraphs, the questions and the packet labels in the same order as scenario.json's.
 */
export interface LessonText {
  title: string;
  summary: string;
  teaching: string[];
  questions: { question: string; answer: string }[];
  /** One per packet: its label. */
  packets: string[];
}

export interface BuiltinScenario extends Scenario {
  /** Position in the picker. */
  order: number;
  /** Questions for the Lesson panel. Library data: they are not carried by links (the id finds them). */
  questions: LessonQuestion[];
  /** One per packet, in order. */
  expect: PacketExpectation[];
  /** The lesson text in other languages, by catalog language ('zh', 'ja'). Shown, never copied into the scenario. */
  lessons: Record<string, LessonText>;
}

/** The request the engine and the worker take: labels dropped, nothing else changed. */
export function toTraceRequest(s: Scenario): TraceRequest {
  const packets: PacketSpec[] = s.packets.map((p) => {
    const { label: _label, ...spec } = p;
    return spec;
  });
  const req: TraceRequest = { rules: s.rules, host: s.host, seed: s.seed, packets };
  if (s.ipsets !== undefined && s.ipsets !== '') req.ipsets = s.ipsets;
  if (s.iptablesRules !== undefined && s.iptablesRules !== '') req.iptablesRules = s.iptablesRules;
  if (s.ipvs !== undefined && s.ipvs !== '') req.ipvs = s.ipvs;
  return req;
}
