// The view part of a share link (which packet, which step, which tab), as a valibot schema with a bound on every
// index. valibot rather than zod or hand checks: a kept library whose functions are imported one by one, so the
// app ships only the few it uses (a few kB, where zod's object API pulls in most of the library), and whose parse
// returns issues with a path instead of throwing.
import * as v from 'valibot';
import { LIMITS } from '../scenarios/validate.ts';

/**
 * Far past any trace the lab draws (a 10,000-service kube-proxy walk is about 50,000 steps), so a link asking for
 * step 2^52 is refused as a link rather than reaching the panels.
 */
export const MAX_STEP_INDEX = 10_000_000;
/** In explore mode the packet index picks an outcome; the engine's branch bound keeps those under this. */
export const MAX_PACKET_INDEX = 100_000;
/** Lessons have at most 8 steps and short folder names; a link asking for more is refused as a link. */
export const MAX_LESSON_STEP = 63;
export const MAX_LESSON_ID_CHARS = 64;

const index = (max: number) => v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(max));

export const viewSchema = v.object({
  packetIndex: index(MAX_PACKET_INDEX),
  stepIndex: index(MAX_STEP_INDEX),
  tableOrder: v.picklist(['nft', 'legacy']),
  panelTab: v.optional(v.picklist(['rules', 'host', 'packets'])),
  explore: v.optional(v.literal(true)),
  exploredPacket: v.optional(index(LIMITS.packets - 1)),
  /** A lesson link: which built-in lesson and step (an unknown id opens the scenario without the lesson). */
  lesson: v.optional(
    v.object({
      id: v.pipe(v.string(), v.maxLength(MAX_LESSON_ID_CHARS), v.regex(/^[a-z0-9][a-z0-9-]*$/)),
      step: index(MAX_LESSON_STEP),
    }),
  ),
  predict: v.optional(v.literal(true)),
});
