// Which misconception a wrong prediction most likely shows, chosen from what the question is about (its kind and
// context) and what the student picked against what the trace did. A table, read top to bottom: the first row
// whose conditions all hold names the sentence (`predict:misconception.<id>`). Every kind of question ends with a
// row without conditions, so a wrong answer always gets a sentence.
import type { ChoiceKind, PredictContext, PredictKind, PredictQuestion } from './predictQuestions.ts';

export interface MisconceptionRow {
  question: PredictKind;
  /** What the student picked (absent: any). */
  picked?: ChoiceKind;
  /** What the trace did (absent: any). */
  right?: ChoiceKind;
  /** The question must carry this context. */
  context?: PredictContext;
  /** For rule questions where both are failing matches: was the picked one before or after the one that failed? */
  relation?: 'earlier' | 'later';
  id: string;
}

export const MISCONCEPTIONS: readonly MisconceptionRow[] = [
  // nftables: a set lookup, a verdict map (asked as rule questions).
  { question: 'rule', context: 'nft-set', picked: 'set-out', id: 'nftSetRange' },
  { question: 'rule', context: 'nft-set', id: 'nftSetElements' },
  { question: 'rule', context: 'nft-vmap', picked: 'vmap-none', id: 'nftVmapHolds' },
  { question: 'rule', context: 'nft-vmap', right: 'vmap-none', id: 'nftVmapMiss' },
  { question: 'rule', context: 'nft-vmap', id: 'nftVmapElement' },
  // Does this rule match?
  { question: 'rule', picked: 'matches', right: 'fails', id: 'oneFailingMatch' },
  { question: 'rule', picked: 'fails', right: 'matches', id: 'everyMatchHeld' },
  { question: 'rule', picked: 'fails', relation: 'later', id: 'firstFailureStops' },
  { question: 'rule', picked: 'fails', relation: 'earlier', id: 'earlierMatchHeld' },
  { question: 'rule', id: 'oneFailingMatch' },
  // Where next?
  { question: 'next', context: 'reject-reply', id: 'rejectReplyOutput' },
  { question: 'next', picked: 'next-rule', id: 'acceptIsVerdict' },
  { question: 'next', picked: 'end', context: 'nft', id: 'nftAcceptNextBase' },
  { question: 'next', picked: 'goto-maker', id: 'gotoNoReturn' },
  { question: 'next', picked: 'policy', context: 'after-return', id: 'returnToPolicy' },
  { question: 'next', picked: 'caller-start', id: 'returnResumes' },
  { question: 'next', picked: 'end', context: 'same-hook', id: 'acceptEndsTable' },
  { question: 'next', picked: 'end', context: 'after-accept', id: 'acceptEndsHook' },
  { question: 'next', picked: 'chain', context: 'after-accept', id: 'tableOrder' },
  { question: 'next', picked: 'next-table', id: 'policyDecides' },
  { question: 'next', id: 'returnToPolicy' },
  // Routing.
  { question: 'route', context: 'reroute', id: 'rerouteAfterOutput' },
  { question: 'route', context: 'after-dnat', id: 'routeAfterDnat' },
  { question: 'route', picked: 'forward', context: 'forwarding-off', id: 'forwardingOff' },
  { question: 'route', picked: 'forward', right: 'local', id: 'ownAddressIsLocal' },
  { question: 'route', picked: 'local', id: 'onlyOwnAddressIsLocal' },
  { question: 'route', picked: 'route-drop', id: 'routingDropsRarely' },
  { question: 'route', id: 'longestPrefix' },
  // NAT.
  { question: 'nat', picked: 'rewalk', id: 'natFirstPacketOnly' },
  { question: 'nat', picked: 'unchanged', context: 'nat-later-packet', id: 'natBindingApplies' },
  { question: 'nat', picked: 'unchanged', context: 'nat-reply', id: 'natReplyUndone' },
  { question: 'nat', picked: 'unchanged', id: 'natTargetRewrites' },
  { question: 'nat', picked: 'rewrite-other-side', id: 'natWhichSide' },
  { question: 'nat', id: 'natFirstPacketOnly' },
  // Conntrack states.
  { question: 'conntrack', picked: 'ct-NEW', right: 'ct-ESTABLISHED', id: 'ctOnlyFirstIsNew' },
  { question: 'conntrack', picked: 'ct-ESTABLISHED', right: 'ct-NEW', id: 'ctFirstPacketNew' },
  { question: 'conntrack', right: 'ct-RELATED', id: 'ctRelatedErrors' },
  { question: 'conntrack', right: 'ct-INVALID', id: 'ctInvalid' },
  { question: 'conntrack', picked: 'ct-RELATED', id: 'ctRelatedErrors' },
  { question: 'conntrack', picked: 'ct-INVALID', id: 'ctInvalid' },
  { question: 'conntrack', id: 'ctOnlyFirstIsNew' },
  // The fate.
  { question: 'fate', context: 'reject-reply', id: 'rejectReplyOutput' },
  { question: 'fate', picked: 'dropped', right: 'rejected', id: 'rejectAnswers' },
  { question: 'fate', picked: 'rejected', right: 'dropped', id: 'rejectAnswers' },
  { question: 'fate', context: 'dropped-by-policy', id: 'policyDecides' },
  { question: 'fate', picked: 'sent', right: 'delivered', id: 'ownAddressIsLocal' },
  { question: 'fate', picked: 'delivered', right: 'sent', id: 'onlyOwnAddressIsLocal' },
  { question: 'fate', picked: 'sent', right: 'sent', id: 'longestPrefix' },
  { question: 'fate', right: 'dropped', id: 'lastVerdictDecides' },
  { question: 'fate', id: 'acceptLetsThrough' },
];

function relationOf(q: PredictQuestion, picked: number): 'earlier' | 'later' | undefined {
  const mine = q.choices[picked]?.matchIndex;
  const right = q.choices[q.answer]?.matchIndex;
  if (mine === undefined || right === undefined) return undefined;
  return mine < right ? 'earlier' : 'later';
}

/** The misconception id for picking choice `picked` (null when it is the right one). */
export function misconceptionOf(q: PredictQuestion, picked: number): string | null {
  if (picked === q.answer) return null;
  const mine = q.choices[picked]?.kind;
  const right = q.choices[q.answer]?.kind;
  const relation = relationOf(q, picked);
  const row = MISCONCEPTIONS.find(
    (r) =>
      r.question === q.kind &&
      (r.picked === undefined || r.picked === mine) &&
      (r.right === undefined || r.right === right) &&
      (r.context === undefined || q.context.includes(r.context)) &&
      (r.relation === undefined || r.relation === relation),
  );
  return row?.id ?? null;
}
