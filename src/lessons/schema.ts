// The shape of a lesson's files, checked with valibot like scenarios are (src/scenarios/validate.ts): a lesson
// folder with a typo fails the lessons test with the field's path, never a blank step in the app.
import * as v from 'valibot';
import { MAX_BATCH } from '../engine/index.ts';
import { packetSchema } from '../scenarios/validate.ts';

const HOOK = '(PREROUTING|INPUT|FORWARD|OUTPUT|POSTROUTING)';
/**
 * An nftables base chain, as the engine keys its stop (nftStopKey): 'nft:inet:filter:input'. The families whose
 * base chains sit on the IP hooks the graph draws; table and chain are nft identifiers (nft(8): a letter, then
 * letters, digits, '_', '-', '.', '/').
 */
const NFT_BASE = 'nft:(ip|ip6|inet):[A-Za-z_][A-Za-z0-9_./-]{0,255}:[A-Za-z_][A-Za-z0-9_./-]{0,255}';
/** 'INPUT:nat', 'INPUT:ipvs', 'hook:INPUT', 'route-in', 'route-out', 'nic-in', 'nic-out', 'local', an nft base chain. */
export const MARK_PATTERN = new RegExp(
  `^(${HOOK}:(raw|mangle|nat|filter|security|ipvs|conntrack)|hook:${HOOK}|route-in|route-out|nic-in|nic-out|local|${NFT_BASE})$`,
);

const text = v.pipe(v.string(), v.minLength(1), v.maxLength(2000));
const name = v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9.-]{0,63}$/));
const mark = v.pipe(v.string(), v.regex(MARK_PATTERN));
const fate = v.picklist(['delivered', 'sent', 'dropped', 'rejected', 'queued']);
const ctstate = v.picklist(['NEW', 'ESTABLISHED', 'RELATED', 'INVALID', 'UNTRACKED', 'SNAT', 'DNAT']);
const index = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(999));
const packets = v.pipe(v.array(v.object({ ...packetSchema.entries, label: v.optional(text) })), v.maxLength(20));
const paragraphs = v.pipe(v.array(text), v.minLength(1), v.maxLength(8));

const claimFields = {
  fate,
  outIface: v.optional(v.nullable(v.string())),
  ctstate: v.optional(ctstate),
  meets: v.optional(v.array(mark)),
  misses: v.optional(v.array(mark)),
  src: v.optional(v.string()),
  dst: v.optional(v.string()),
  outcomes: v.optional(v.array(v.pipe(v.number(), v.minValue(0), v.maxValue(1)))),
};

const taskSchema = v.variant('kind', [
  v.object({
    kind: v.literal('send'),
    fate,
    outIface: v.optional(v.string()),
    ctstate: v.optional(ctstate),
    meets: v.optional(v.array(mark)),
    dst: v.optional(v.string()),
    dport: v.optional(v.number()),
  }),
  v.object({
    kind: v.literal('rules'),
    probes: v.pipe(
      v.array(v.object({ packets, fate, outIface: v.optional(v.string()) })),
      v.minLength(1),
      v.maxLength(10),
    ),
  }),
  v.object({ kind: v.literal('step'), target: v.string(), chainPrefix: v.optional(v.string()) }),
  v.object({ kind: v.literal('scale') }),
]);

const stepSchema = v.object({
  kind: v.picklist(['watch', 'try']),
  title: text,
  text: paragraphs,
  setup: v.optional(
    v.object({
      scenario: name,
      rulesFile: v.optional(name),
      packets: v.optional(packets),
      packet: v.optional(index),
      explore: v.optional(v.boolean()),
      play: v.optional(v.boolean()),
    }),
  ),
  marks: v.optional(v.pipe(v.array(mark), v.maxLength(12))),
  claims: v.optional(v.array(v.object({ packet: index, ...claimFields }))),
  view: v.optional(v.picklist(['outcomes', 'ipvs-compare', 'scale', 'batch'])),
  batch: v.optional(v.object({ count: v.pipe(v.number(), v.integer(), v.minValue(100), v.maxValue(MAX_BATCH)) })),
  task: v.optional(taskSchema),
  hint: v.optional(text),
  solution: v.optional(
    v.object({
      rulesFile: v.optional(name),
      packets: v.optional(packets),
      packet: v.optional(index),
      trace: v.optional(v.string()),
    }),
  ),
});

export const lessonFileSchema = v.object({
  id: name,
  order: v.pipe(v.number(), v.integer()),
  title: text,
  summary: text,
  steps: v.pipe(v.array(stepSchema), v.minLength(4), v.maxLength(8)),
  compare: v.optional(
    v.object({
      packet: v.object({ ...packetSchema.entries, label: v.optional(text) }),
      iptables: v.object({ scenario: name }),
      ipvs: v.object({
        scenario: name,
        rulesFile: name,
        ipsetsFile: name,
        ipvsFile: name,
        extraAddress: v.string(),
      }),
      claims: v.object({ iptables: v.object(claimFields), ipvs: v.object(claimFields) }),
    }),
  ),
});

export const lessonWordsSchema = v.object({
  title: text,
  summary: text,
  steps: v.array(v.object({ title: text, text: paragraphs, hint: v.optional(text) })),
});
