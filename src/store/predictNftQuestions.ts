// Predict mode's questions about native nftables steps, read from the trace as the iptables ones are: where a packet
// goes after a base chain accepted it (the next base chain at the hook, nf_hook_slow), whether a set lookup holds,
// and which verdict a verdict map gives. The right answer is what the trace recorded; distractors come from the
// rule's own text (a vmap's other elements) and the common wrong guesses.
import type { Step } from './predictBuild.ts';
import { question, words } from './predictBuild.ts';
import type { PredictChoice, PredictQuestion } from './predictQuestions.ts';
import type { TimelineEntry } from './timeline.ts';

/** The chain a packet enters, as a choice's value: nft chains carry their family. */
function enteredChain(step: Step<'chain'> | Step<'nft-chain'>): string {
  return step.kind === 'nft-chain' ? `${step.family}:${step.table}:${step.chain}` : `${step.table}:${step.chain}`;
}

export function enteredChoice(step: Step<'chain'> | Step<'nft-chain'>): PredictChoice {
  return {
    kind: 'chain',
    value: enteredChain(step),
    words:
      step.kind === 'nft-chain'
        ? words('choice.nftEnters', { family: step.family, table: step.table, chain: step.chain })
        : words('choice.enters', { table: step.table, chain: step.chain }),
  };
}

/** The chain met right after an nft base chain accepted the packet: the next base chain at the same hook. */
export function nftAcceptQuestion(
  timeline: TimelineEntry[],
  at: number,
  step: Step<'chain'> | Step<'nft-chain'>,
): PredictQuestion | null {
  const before = timeline[at - 1]?.step;
  if (before?.kind !== 'nft-accept' || !before.next || step.via !== 'hook') return null;
  const by = before.by === 'policy' ? words('question.nftPolicyAccept', place(before)) : null;
  return question(
    at,
    'next',
    by ?? words('question.nftRuleAccept', { ...place(before), index: before.by }),
    enteredChoice(step),
    [
      { kind: 'end', value: 'end', words: words('choice.nftAcceptFinal') },
      {
        kind: 'next-rule',
        value: 'next-rule',
        words: words('choice.nftNextRule', { family: before.family, table: before.table, chain: before.chain }),
      },
    ],
    ['after-accept', 'same-hook', 'nft'],
  );
}

function place(s: Step<'nft-accept'> | Step<'nft-rule'>): { family: string; table: string; chain: string } {
  return { family: s.family, table: s.table, chain: s.chain };
}

const SET_IDS = new Set(['nft.set-hit', 'nft.set-miss']);
const VMAP_IDS = new Set(['nft.vmap-hit', 'nft.vmap-miss']);

/** A rule that looked a value up in a set: is it in the set? */
function setQuestion(at: number, step: Step<'nft-rule'>): PredictQuestion | null {
  const lookup = step.statements.find((s) => s.explain.some((e) => SET_IDS.has(e.id)));
  const found = lookup?.explain.find((e) => SET_IDS.has(e.id));
  if (!lookup || !found) return null;
  const set = String(found.params?.set ?? '');
  const inSet: PredictChoice = { kind: 'set-in', value: 'set-in', words: words('choice.setIn', { set }) };
  const outOfSet: PredictChoice = { kind: 'set-out', value: 'set-out', words: words('choice.setOut', { set }) };
  const hit = found.id === 'nft.set-hit';
  return question(
    at,
    'rule',
    words('question.nftSet', {
      ...place(step),
      index: step.index,
      expr: String(found.params?.expr ?? ''),
      value: String(found.params?.value ?? ''),
      set,
    }),
    hit ? inSet : outOfSet,
    [hit ? outOfSet : inSet],
    ['nft', 'nft-set'],
    lookup.text,
  );
}

/** The verdicts a vmap statement's text lists ("tcp dport vmap { 22 : accept, 80 : jump web }"), in order. */
export function vmapVerdicts(text: string): string[] {
  const body = /vmap\s*\{(.*)\}\s*$/.exec(text)?.[1];
  if (!body) return [];
  return body
    .split(',')
    .map((el) => el.split(' : ')[1]?.trim())
    .filter((v): v is string => Boolean(v));
}

/** A rule whose verdict map ran: which verdict does it give, or does no element hold the key? */
function vmapQuestion(at: number, step: Step<'nft-rule'>): PredictQuestion | null {
  const stmt = step.statements.find((s) => s.explain.some((e) => VMAP_IDS.has(e.id)));
  const found = stmt?.explain.find((e) => VMAP_IDS.has(e.id));
  if (!stmt || !found) return null;
  const verdict = (v: string): PredictChoice => ({
    kind: 'vmap-verdict',
    value: `vmap:${v}`,
    words: words('choice.vmapVerdict', { verdict: v }),
  });
  const none: PredictChoice = { kind: 'vmap-none', value: 'vmap-none', words: words('choice.vmapNone') };
  const hit = found.id === 'nft.vmap-hit' && step.verdict !== undefined;
  const listed = vmapVerdicts(stmt.text).map(verdict);
  const generic = ['accept', 'drop'].map(verdict);
  return question(
    at,
    'rule',
    words('question.nftVmap', { ...place(step), index: step.index }),
    hit ? verdict(step.verdict!) : none,
    hit ? [none, ...listed, ...generic] : [...listed, ...generic],
    ['nft', 'nft-vmap'],
    stmt.text,
  );
}

/** A question about an nft rule: its verdict map, else its set lookup; other rules are not asked. */
export function nftRuleQuestion(at: number, step: Step<'nft-rule'>): PredictQuestion | null {
  return vmapQuestion(at, step) ?? setQuestion(at, step);
}
