// The building blocks of predict mode's questions: a question from its right choice and distractors in a settled
// order, the words of a choice, and small readers of the packet and the host that several question kinds share.
import type { PacketView, TraceStep } from '../engine/index.ts';
import type {
  PredictChoice,
  PredictContext,
  PredictKind,
  PredictQuestion,
  PredictSources,
  PredictWords,
} from './predictQuestions.ts';

/** Choices per question. */
const MAX_CHOICES = 4;

export type Step<K extends TraceStep['kind']> = Extract<TraceStep, { kind: K }>;

/**
 * The choices in a settled order that does not always put the right one first: rotated by an amount taken from the
 * step's index, so the same trace always asks the same way (a class can compare answers) without a random source.
 */
export function settledOrder(choices: PredictChoice[], step: number): PredictChoice[] {
  const shift = (step * 7 + 3) % choices.length;
  return [...choices.slice(shift), ...choices.slice(0, shift)];
}

export const words = (key: string, params: Record<string, string | number> = {}): PredictWords => ({ key, params });

/** An address and port as a tuple reads ("10.0.0.5:80"), for NAT choices. */
export function endpoint(addr: string, port: number | undefined): string {
  return port === undefined ? addr : `${addr}:${port}`;
}

export function tupleOf(p: Pick<PacketView, 'src' | 'dst' | 'sport' | 'dport'>): { src: string; dst: string } {
  return { src: endpoint(p.src, p.sport), dst: endpoint(p.dst, p.dport) };
}

/** The host's interfaces other than loopback (where packets are routed out). */
export function interfacesOf(sources: PredictSources): string[] {
  return (sources.host?.interfaces ?? []).map((i) => i.name).filter((n) => n !== 'lo');
}

/** A question from its right choice and distractors: duplicates dropped, at most MAX_CHOICES, order settled. */
export function question(
  step: number,
  kind: PredictKind,
  prompt: PredictWords,
  right: PredictChoice,
  distractors: PredictChoice[],
  context: PredictContext[],
  code?: string,
): PredictQuestion | null {
  const seen = new Set([right.value]);
  const others: PredictChoice[] = [];
  for (const d of distractors) {
    if (seen.has(d.value) || others.length >= MAX_CHOICES - 1) continue;
    seen.add(d.value);
    others.push(d);
  }
  if (others.length === 0) return null;
  const choices = settledOrder([right, ...others], step);
  const q: PredictQuestion = { step, kind, prompt, choices, answer: choices.indexOf(right), context };
  if (code !== undefined) q.code = code;
  return q;
}
