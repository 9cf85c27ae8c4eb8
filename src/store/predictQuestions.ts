// Predict mode's questions: a pure function from one packet's trace to the decisions a student is asked to predict,
// each with choices. It reads only what the engine recorded (which rule matched and which match failed first, where
// a RETURN went, what routing decided, what NAT rewrote, the state conntrack gave, the fate): the right answer is
// always what the trace did, never a second opinion of netfilter's semantics. Distractors come from the trace, the
// host (its interfaces) and the ruleset's outline (the tables at a hook).
import type { HookOutline, HostSpec, TraceStep } from '../engine/index.ts';
import type { TimelineEntry } from './timeline.ts';
import { endpoint, interfacesOf, question, tupleOf, words, type Step } from './predictBuild.ts';
import { enteredChoice, nftAcceptQuestion, nftRuleQuestion } from './predictNftQuestions.ts';

export type PredictKind = 'rule' | 'next' | 'route' | 'nat' | 'conntrack' | 'fate';

/** A sentence of the predict catalog (`predict:<key>`) and the values it interpolates. */
export interface PredictWords {
  key: string;
  params: Record<string, string | number>;
}

export type ChoiceKind =
  // does a rule match
  | 'matches'
  | 'fails'
  // where the packet goes next
  | 'chain'
  | 'policy'
  | 'caller-start'
  | 'goto-maker'
  | 'end'
  | 'next-table'
  | 'next-rule'
  // nftables: a set lookup, a verdict map
  | 'set-in'
  | 'set-out'
  | 'vmap-verdict'
  | 'vmap-none'
  // routing
  | 'local'
  | 'forward'
  | 'output'
  | 'route-drop'
  // NAT
  | 'rewrite'
  | 'rewrite-other-side'
  | 'unchanged'
  | 'rewalk'
  // conntrack
  | 'ct-NEW'
  | 'ct-ESTABLISHED'
  | 'ct-RELATED'
  | 'ct-INVALID'
  | 'ct-UNTRACKED'
  // fate
  | 'delivered'
  | 'sent'
  | 'dropped'
  | 'rejected'
  | 'queued';

export interface PredictChoice {
  kind: ChoiceKind;
  /** Identifies the outcome the choice stands for: two choices never share one. */
  value: string;
  words: PredictWords;
  /** For 'fails': which match of the rule (index into the step's matches). */
  matchIndex?: number;
}

/** What the question is about, beyond its kind: what makes one misconception likelier than another. */
export type PredictContext =
  | 'after-return'
  | 'after-goto'
  | 'after-accept'
  | 'same-hook'
  | 'nat-first-packet'
  | 'nat-later-packet'
  | 'nat-reply'
  | 'nat-skipped'
  | 'after-dnat'
  | 'forwarding-off'
  | 'dropped-by-policy'
  | 'reroute'
  | 'reject-reply'
  | 'nft'
  | 'nft-set'
  | 'nft-vmap';

export interface PredictQuestion {
  /** The timeline index of the step the question is about (revealed once answered). */
  step: number;
  kind: PredictKind;
  prompt: PredictWords;
  /** The rule text a rule question is about, shown as code. */
  code?: string;
  choices: PredictChoice[];
  /** Index of the right choice: what the trace did. */
  answer: number;
  context: PredictContext[];
}

/** What besides the trace the distractors come from. */
export interface PredictSources {
  host?: HostSpec | undefined;
  hooks?: readonly HookOutline[] | undefined;
}

/** At most this many questions per packet: a 100-rule walk asks about its decisive steps only. */
export const MAX_QUESTIONS = 10;
/** Of which at most this many are rules that did not match. */
export const MAX_MISSED_RULES = 2;
// ---- does this rule match? ----

function ruleQuestion(at: number, step: Step<'rule'>): PredictQuestion | null {
  // Comment matches always hold: they make no question and no distractor.
  const tested = step.matches.map((m, i) => ({ m, i })).filter(({ m }) => m.name !== 'comment');
  if (tested.length === 0) return null;
  const matchesChoice: PredictChoice = {
    kind: 'matches',
    value: 'matches',
    words: step.target ? words('choice.matchesTarget', { target: step.target.name }) : words('choice.matches'),
  };
  const failsAt = ({ m, i }: { m: { text: string }; i: number }): PredictChoice => ({
    kind: 'fails',
    value: `fails:${i}`,
    matchIndex: i,
    words: words('choice.fails', { match: m.text }),
  });
  // The engine stops at the first match that fails: it is the last one recorded.
  const failing = step.matched ? undefined : tested.find(({ m }) => !m.matched);
  if (!step.matched && !failing) return null;
  const right = failing ? failsAt(failing) : matchesChoice;
  const distractors = [...(failing ? [matchesChoice] : []), ...tested.filter((x) => x !== failing).map(failsAt)];
  return question(
    at,
    'rule',
    words('question.rule', { index: step.index, table: step.table, chain: step.chain }),
    right,
    distractors,
    [],
    step.text,
  );
}

// ---- where does the packet go next? ----

/** The step that entered the chain `chain` (by jump or goto) most recently before `at`. */
function entryOf(timeline: TimelineEntry[], at: number, chain: string): { index: number; step: Step<'chain'> } | null {
  for (let i = at - 1; i >= 0; i -= 1) {
    const s = timeline[i]?.step;
    if (s?.kind === 'chain' && s.chain === chain && s.via !== 'return') return { index: i, step: s };
  }
  return null;
}

/** The chain a RETURN (or a chain's end) left, from the step just before the return lands. */
function returnedFrom(timeline: TimelineEntry[], at: number): string | null {
  const before = timeline[at - 1]?.step;
  if (before?.kind === 'return' || before?.kind === 'rule') return before.chain;
  return null;
}

/** A goto's chain came back: the chain that made the goto (its rule's chain), where a student expects it to go. */
function gotoMaker(timeline: TimelineEntry[], at: number, from: string): { chain: string; rule: number } | null {
  const entry = entryOf(timeline, at, from);
  if (!entry || entry.step.via !== 'goto') return null;
  const maker = timeline[entry.index - 1]?.step;
  return maker?.kind === 'rule' ? { chain: maker.chain, rule: maker.index } : null;
}

function returnQuestion(timeline: TimelineEntry[], at: number, step: Step<'chain'>): PredictQuestion | null {
  const from = returnedFrom(timeline, at);
  if (!from) return null;
  const resumeAfter = step.stack[step.stack.length - 1]?.rule ?? 0;
  const base = step.stack[0]?.chain ?? step.chain;
  const right: PredictChoice = {
    kind: 'chain',
    value: `${step.table}:${step.chain}:${resumeAfter}`,
    words: words('choice.backIn', { table: step.table, chain: step.chain, rule: resumeAfter }),
  };
  const maker = gotoMaker(timeline, at, from);
  const distractors: PredictChoice[] = [];
  if (maker)
    distractors.push({
      kind: 'goto-maker',
      value: `${step.table}:${maker.chain}:${maker.rule}`,
      words: words('choice.backIn', { table: step.table, chain: maker.chain, rule: maker.rule }),
    });
  distractors.push(
    { kind: 'policy', value: 'policy', words: words('choice.basePolicy', { table: step.table, chain: base }) },
    {
      kind: 'caller-start',
      value: `${step.table}:${step.chain}:0`,
      words: words('choice.restart', { table: step.table, chain: step.chain }),
    },
  );
  return question(
    at,
    'next',
    words('question.afterReturn', { table: step.table, chain: from }),
    right,
    distractors,
    maker ? ['after-return', 'after-goto'] : ['after-return'],
  );
}

function policyQuestion(timeline: TimelineEntry[], at: number, step: Step<'policy'>): PredictQuestion | null {
  const before = timeline[at - 1]?.step;
  // Reached from a goto's chain running out: the goto did not come back to the chain that made it.
  const from = before?.kind === 'return' ? before.chain : null;
  const maker = from ? gotoMaker(timeline, at, from) : null;
  const right: PredictChoice = {
    kind: 'policy',
    value: 'policy',
    words: words('choice.policy', { table: step.table, chain: step.chain, policy: step.policy }),
  };
  const distractors: PredictChoice[] = [];
  if (maker)
    distractors.push({
      kind: 'goto-maker',
      value: `${step.table}:${maker.chain}:${maker.rule}`,
      words: words('choice.backIn', { table: step.table, chain: maker.chain, rule: maker.rule }),
    });
  distractors.push({ kind: 'next-table', value: 'next-table', words: words('choice.nextTable') });
  return question(
    at,
    'next',
    words('question.noRuleDecided', { table: step.table, chain: step.chain }),
    right,
    distractors,
    maker ? ['after-goto'] : [],
  );
}

/** The rule whose ACCEPT ended the packet's walk of a table just before `at`, if that is what happened. */
function acceptedBy(timeline: TimelineEntry[], at: number): Step<'rule'> | null {
  for (let i = at - 1; i >= 0; i -= 1) {
    const s = timeline[i]?.step;
    if (!s || timeline[i]?.part !== timeline[at]?.part) return null;
    if (s.kind === 'rule') return s.target?.verdict === 'accept' ? s : null;
    if (s.kind === 'chain' || s.kind === 'policy' || s.kind === 'return' || s.kind === 'fate') return null;
  }
  return null;
}

function afterAcceptQuestion(
  timeline: TimelineEntry[],
  at: number,
  step: Step<'chain'>,
  sources: PredictSources,
): PredictQuestion | null {
  const accepted = acceptedBy(timeline, at);
  if (!accepted) return null;
  const right: PredictChoice = {
    kind: 'chain',
    value: `${step.table}:${step.chain}`,
    words: words('choice.enters', { table: step.table, chain: step.chain }),
  };
  const sameHook = accepted.hook === step.hook;
  // Other tables defined at this hook: a wrong guess about the order.
  const others = (sources.hooks?.find((h) => h.hook === step.hook)?.tables ?? [])
    .filter((t) => t.defined && t.table !== 'conntrack' && t.table !== step.table && t.table !== accepted.table)
    .map((t): PredictChoice => ({
      kind: 'chain',
      value: `${t.table}:${step.hook}`,
      words: words('choice.enters', { table: t.table, chain: step.hook ?? step.chain }),
    }));
  return question(
    at,
    'next',
    words('question.afterAccept', { index: accepted.index, table: accepted.table, chain: accepted.chain }),
    right,
    [{ kind: 'end', value: 'end', words: words('choice.acceptFinal') }, ...others],
    sameHook ? ['after-accept', 'same-hook'] : ['after-accept'],
  );
}

// ---- routing ----

function routeChoice(decision: Step<'route'>['decision'], iface: string | null, stage: string): PredictChoice {
  if (decision === 'local') return { kind: 'local', value: 'local', words: words('choice.routeLocal') };
  if (decision === 'drop') return { kind: 'route-drop', value: 'drop', words: words('choice.routeDrop') };
  const name = iface ?? '';
  if (decision === 'forward' && stage === 'prerouting')
    return { kind: 'forward', value: `forward:${name}`, words: words('choice.routeForward', { iface: name }) };
  return { kind: 'output', value: `output:${name}`, words: words('choice.routeOutput', { iface: name }) };
}

function routeQuestion(
  timeline: TimelineEntry[],
  at: number,
  step: Step<'route'>,
  sources: PredictSources,
): PredictQuestion | null {
  const incoming = step.stage === 'prerouting';
  const right = routeChoice(step.decision, step.outIface, step.stage);
  const ifaces = interfacesOf(sources);
  // Routed again after OUTPUT (ip_route_me_harder): the first route's interface is the likely wrong guess.
  const reroute = step.stage === 'reroute';
  const first = reroute ? firstRouteOf(timeline, at) : null;
  const distractors: PredictChoice[] = first
    ? [
        routeChoice(first.decision, first.outIface, first.stage),
        ...ifaces.map((i) => routeChoice('output', i, 'output')),
      ]
    : incoming
      ? [
          routeChoice('local', null, step.stage),
          ...ifaces.map((i) => routeChoice('forward', i, step.stage)),
          routeChoice('drop', null, step.stage),
        ]
      : [...ifaces.map((i) => routeChoice('output', i, step.stage)), routeChoice('drop', null, step.stage)];
  const context: PredictContext[] = [];
  const dnat = timeline
    .slice(0, at)
    .some((e) => e.part === timeline[at]?.part && e.step.kind === 'nat' && e.step.changed.includes('dst'));
  if (dnat) context.push('after-dnat');
  if (sources.host && !sources.host.forwarding && !reroute) context.push('forwarding-off');
  if (reroute) context.push('reroute');
  return question(
    at,
    'route',
    words(reroute ? 'question.reroute' : incoming ? 'question.routeIn' : 'question.routeOut', {
      dst: step.packet.dst,
      iface: first?.outIface ?? '',
    }),
    right,
    distractors,
    context,
  );
}

/** The route a rerouted local packet had first (before OUTPUT changed it). */
function firstRouteOf(timeline: TimelineEntry[], at: number): Step<'route'> | null {
  for (let i = at - 1; i >= 0; i -= 1) {
    const s = timeline[i]?.step;
    if (timeline[i]?.part !== timeline[at]?.part) return null;
    if (s?.kind === 'route') return s;
  }
  return null;
}

// ---- NAT ----

const NAT_SKIPS = new Set([
  'trace.nat.skip-decided',
  'trace.nat.skip-related',
  'trace.nat.skip-untracked',
  'trace.nat.skip-invalid',
  'trace.nat.skip-conntrack-off',
]);

function natQuestion(at: number, step: Step<'nat'>): PredictQuestion | null {
  const id = step.explain?.id ?? '';
  const before = tupleOf(step.before);
  const after = tupleOf(step.after);
  const unchanged: PredictChoice = {
    kind: 'unchanged',
    value: `${before.src}>${before.dst}`,
    words: words('choice.natUnchanged', before),
  };
  const prompt = words('question.nat', { chain: step.chain });
  if (step.changed.length === 0) {
    // Nothing rewritten because the nat chains were not consulted: the question is whether they are.
    if (!NAT_SKIPS.has(id)) return null;
    const context: PredictContext[] = id === 'trace.nat.skip-decided' ? ['nat-later-packet'] : ['nat-skipped'];
    return question(
      at,
      'nat',
      prompt,
      unchanged,
      [{ kind: 'rewalk', value: 'rewalk', words: words('choice.natRewalk', { chain: step.chain }) }],
      context,
    );
  }
  const right: PredictChoice = {
    kind: 'rewrite',
    value: `${after.src}>${after.dst}`,
    words: words('choice.natRewrite', after),
  };
  // The same new address on the other side of the packet: DNAT and SNAT confused.
  const dstChanged = step.changed.includes('dst') || step.changed.includes('dport');
  const swapped = dstChanged
    ? { src: endpoint(step.after.dst, step.before.sport), dst: before.dst }
    : { src: before.src, dst: endpoint(step.after.src, step.before.dport) };
  const context: PredictContext[] =
    id === 'trace.nat.apply'
      ? ['nat-later-packet']
      : id === 'trace.nat.undo-snat' || id === 'trace.nat.undo-dnat' || id === 'trace.nat.icmp-error'
        ? ['nat-reply']
        : ['nat-first-packet'];
  return question(
    at,
    'nat',
    prompt,
    right,
    [
      unchanged,
      {
        kind: 'rewrite-other-side',
        value: `${swapped.src}>${swapped.dst}`,
        words: words('choice.natRewrite', swapped),
      },
    ],
    context,
  );
}

// ---- conntrack ----

const CT_STATES = ['NEW', 'ESTABLISHED', 'RELATED', 'INVALID'] as const;

function conntrackQuestion(at: number, step: Step<'conntrack'>): PredictQuestion | null {
  if (step.event === 'confirm') return null;
  const choice = (state: string): PredictChoice => ({
    kind: `ct-${state}` as ChoiceKind,
    value: state,
    words: words('choice.ctState', { state }),
  });
  return question(at, 'conntrack', words('question.conntrack'), choice(step.state), CT_STATES.map(choice), []);
}

// ---- the fate ----

function fateQuestion(
  timeline: TimelineEntry[],
  at: number,
  step: Step<'fate'>,
  sources: PredictSources,
): PredictQuestion | null {
  const start = timeline.find((e) => e.part === timeline[at]?.part)?.step;
  const forwarded = start?.kind === 'arrive' && !start.local;
  const sent = (iface: string): PredictChoice => ({
    kind: 'sent',
    value: `sent:${iface}`,
    words: words(forwarded ? 'choice.fateForwarded' : 'choice.fateSent', { iface }),
  });
  const plain = (fate: 'delivered' | 'dropped' | 'rejected' | 'queued'): PredictChoice => ({
    kind: fate,
    value: fate,
    words: words(`choice.fate_${fate}`),
  });
  const right = step.fate === 'sent' ? sent(step.outIface ?? '') : plain(step.fate);
  const ifaces = interfacesOf(sources);
  const otherIface = ifaces.find((i) => i !== step.outIface);
  const distractors = [
    plain('dropped'),
    plain('delivered'),
    ...(step.fate === 'sent' || !ifaces[0] ? [] : [sent(ifaces[0])]),
    plain('rejected'),
    ...(step.fate === 'sent' && otherIface ? [sent(otherIface)] : []),
  ];
  const reply = timeline[at]?.part === 'reply';
  const context: PredictContext[] = step.reason.id === 'trace.fate.dropped-policy' ? ['dropped-by-policy'] : [];
  if (reply) context.push('reject-reply');
  return question(at, 'fate', words(reply ? 'question.replyFate' : 'question.fate'), right, distractors, context);
}

// ---- a REJECT's answer ----

/** The first chain the REJECT's answer meets: it is a packet the host sends (nf_reject_ipv4.c: ip_local_out). */
function replyChainQuestion(
  timeline: TimelineEntry[],
  at: number,
  step: Step<'chain'> | Step<'nft-chain'>,
): PredictQuestion | null {
  if (step.via !== 'hook' || timeline.findIndex((e) => e.part === 'reply' && isChainEntry(e.step)) !== at) return null;
  const iptables = (table: string, chain: string): PredictChoice => ({
    kind: 'chain',
    value: `${table}:${chain}`,
    words: words('choice.enters', { table, chain }),
  });
  return question(
    at,
    'next',
    words('question.replyFirstChain'),
    enteredChoice(step),
    [
      iptables('filter', 'FORWARD'),
      { kind: 'end', value: 'end', words: words('choice.replyNoChain') },
      iptables('filter', 'INPUT'),
      iptables('nat', 'PREROUTING'),
    ],
    ['reject-reply'],
  );
}

function isChainEntry(step: TraceStep): boolean {
  return (step.kind === 'chain' || step.kind === 'nft-chain') && step.via === 'hook';
}

// ---- choosing the decisive steps ----

/** Lower is kept first when a packet has more candidate questions than MAX_QUESTIONS. */
const PRIORITY: Record<PredictKind | 'missed-rule', number> = {
  fate: 0,
  route: 1,
  nat: 1,
  next: 2,
  conntrack: 3,
  rule: 3,
  'missed-rule': 4,
};

function candidateAt(timeline: TimelineEntry[], at: number, sources: PredictSources): PredictQuestion | null {
  const step = timeline[at]?.step;
  if (!step) return null;
  if (timeline[at]?.part === 'reply') {
    // Of the REJECT's answer, only the first chain it meets and where it ends are asked.
    if (step.kind === 'chain' || step.kind === 'nft-chain') return replyChainQuestion(timeline, at, step);
    return step.kind === 'fate' ? fateQuestion(timeline, at, step, sources) : null;
  }
  switch (step.kind) {
    case 'rule':
      return ruleQuestion(at, step);
    case 'chain':
      if (step.via === 'return') return returnQuestion(timeline, at, step);
      if (step.via === 'hook')
        return nftAcceptQuestion(timeline, at, step) ?? afterAcceptQuestion(timeline, at, step, sources);
      // A jump or goto goes where its rule says: nothing to predict.
      return null;
    case 'nft-chain':
      return nftAcceptQuestion(timeline, at, step);
    case 'nft-rule':
      return nftRuleQuestion(at, step);
    case 'policy':
      return policyQuestion(timeline, at, step);
    case 'route':
      return routeQuestion(timeline, at, step, sources);
    case 'nat':
      return natQuestion(at, step);
    case 'conntrack':
      return conntrackQuestion(at, step);
    case 'fate':
      return fateQuestion(timeline, at, step, sources);
    default:
      return null;
  }
}

/** A missed rule is worth asking when a match held before the one that failed (more than "-p tcp fails"). */
function missedInterest(step: TraceStep): number {
  if (step.kind !== 'rule') return 0;
  return step.matches.filter((m) => m.name !== 'comment' && m.matched).length;
}

/**
 * The questions for one packet's timeline, in the order of its steps: the decisive steps (rules that matched,
 * returns, policies, the chain met after an ACCEPT, routing, NAT, the first conntrack lookup, the fate) and a few
 * rules that did not match, at most MAX_QUESTIONS; of a REJECT's answer, the first chain it meets and its fate.
 */
export function predictQuestions(timeline: TimelineEntry[], sources: PredictSources = {}): PredictQuestion[] {
  const found: { q: PredictQuestion; priority: number }[] = [];
  const missed: { q: PredictQuestion; interest: number }[] = [];
  let conntrackAsked = false;
  timeline.forEach((entry, at) => {
    const q = candidateAt(timeline, at, sources);
    if (!q) return;
    if (q.kind === 'conntrack') {
      if (conntrackAsked) return;
      conntrackAsked = true;
    }
    if (q.kind === 'rule' && entry.step.kind === 'rule' && !entry.step.matched)
      missed.push({ q, interest: missedInterest(entry.step) });
    else found.push({ q, priority: PRIORITY[q.kind] });
  });
  // The most telling misses (a match held before one failed), earliest first among equals.
  const keptMissed = [...missed]
    .sort((a, b) => b.interest - a.interest || a.q.step - b.q.step)
    .slice(0, MAX_MISSED_RULES)
    .map(({ q }) => ({ q, priority: PRIORITY['missed-rule'] }));
  return [...found, ...keptMissed]
    .sort((a, b) => a.priority - b.priority || a.q.step - b.q.step)
    .slice(0, MAX_QUESTIONS)
    .map(({ q }) => q)
    .sort((a, b) => a.step - b.step);
}
