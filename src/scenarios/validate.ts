// Checks that untrusted data (a share link, an imported file, localStorage) has the shape of a Scenario before
// anything in the app touches it, with a bound on every number, string and list, so no field can ask the lab for
// more than it can show. Shape and bounds only: addresses are the host editor's and the engine's job.
// Schemas are valibot's (a kept library; see src/share/viewSchema.ts for why this one): the output is a fresh
// object holding only the keys declared here, so nothing unexpected (or `__proto__`) reaches the engine.
import * as v from 'valibot';
import { hostProblems, type HostSpec, type PacketSpec } from '../engine/index.ts';
import type { Scenario } from './types.ts';

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; path: string };

/** Bounds: far above any real scenario, far below what would stall the page. */
export const LIMITS = {
  /** The import limit (src/store/scenarioImport.ts MAX_IMPORT_BYTES) in characters. */
  rulesChars: 32 * 1024 * 1024,
  textChars: 10_000,
  teachingParagraphs: 200,
  packets: 1_000,
  interfaces: 256,
  addressesPerInterface: 256,
  routes: 10_000,
  tcpFlags: 8,
} as const;

const text = v.pipe(v.string(), v.maxLength(LIMITS.textChars));
const uint = (max: number) => v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(max));
const U32 = 0xffffffff;
const proto = v.union([text, uint(255)]);

const interfaceSchema = v.object({
  name: text,
  addresses: v.pipe(v.array(text), v.maxLength(LIMITS.addressesPerInterface)),
});

const routeSchema = v.object({
  to: text,
  via: v.optional(text),
  dev: text,
  metric: v.optional(uint(U32)),
});

export const hostSchema = v.object({
  interfaces: v.pipe(v.array(interfaceSchema), v.maxLength(LIMITS.interfaces)),
  routes: v.pipe(v.array(routeSchema), v.maxLength(LIMITS.routes)),
  forwarding: v.boolean(),
  conntrack: v.optional(v.picklist(['auto', 'on'])),
  routeLocalnet: v.optional(v.boolean()),
  tableOrder: v.optional(v.picklist(['nft', 'legacy'])),
});

const innerSchema = v.object({
  proto,
  src: text,
  dst: text,
  sport: v.optional(uint(65535)),
  dport: v.optional(uint(65535)),
  icmpType: v.optional(uint(255)),
  icmpId: v.optional(uint(65535)),
  icmpSeq: v.optional(uint(65535)),
});

const pair = v.tuple([uint(U32), uint(U32)]);
const tcpOptionsSchema = v.object({
  mss: v.optional(uint(65535)),
  wscale: v.optional(uint(14)),
  sackPerm: v.optional(v.boolean()),
  timestamp: v.optional(pair),
  sack: v.optional(v.pipe(v.array(pair), v.maxLength(4))),
});

export const packetSchema = v.object({
  label: v.optional(text),
  in: v.optional(text),
  local: v.optional(v.boolean()),
  uid: v.optional(uint(U32)),
  gid: v.optional(uint(U32)),
  proto,
  src: text,
  dst: text,
  sport: v.optional(uint(65535)),
  dport: v.optional(uint(65535)),
  tcpFlags: v.optional(v.pipe(v.array(text), v.maxLength(LIMITS.tcpFlags))),
  icmpType: v.optional(uint(255)),
  icmpCode: v.optional(uint(255)),
  icmpId: v.optional(uint(65535)),
  icmpSeq: v.optional(uint(65535)),
  inner: v.optional(innerSchema),
  socket: v.optional(v.union([v.boolean(), v.literal('kernel')])),
  seq: v.optional(uint(U32)),
  ack: v.optional(uint(U32)),
  window: v.optional(uint(65535)),
  tcpOptions: v.optional(tcpOptionsSchema),
  mark: v.optional(uint(U32)),
  length: v.optional(uint(65535)),
  tos: v.optional(uint(255)),
  ttl: v.optional(uint(255)),
  // Seconds since the first packet: a day is more than any lesson needs.
  at: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(86_400))),
});

export const scenarioSchema = v.object({
  id: v.optional(text, 'custom'),
  title: v.optional(text, ''),
  summary: v.optional(text, ''),
  teaching: v.optional(v.pipe(v.array(text), v.maxLength(LIMITS.teachingParagraphs)), () => []),
  rules: v.pipe(v.string(), v.maxLength(LIMITS.rulesChars)),
  host: hostSchema,
  ipsets: v.optional(v.pipe(v.string(), v.maxLength(LIMITS.rulesChars))),
  ipvs: v.optional(v.pipe(v.string(), v.maxLength(LIMITS.rulesChars))),
  iptablesRules: v.optional(v.pipe(v.string(), v.maxLength(LIMITS.rulesChars))),
  seed: v.optional(uint(U32), 1),
  packets: v.pipe(v.array(packetSchema), v.maxLength(LIMITS.packets)),
});

// The schemas must produce exactly the app's types (checked by the compiler, not by hand).
type Assignable<T extends U, U> = T;
export type _HostCheck = Assignable<v.InferOutput<typeof hostSchema>, HostSpec>;
export type _PacketCheck = Assignable<v.InferOutput<typeof packetSchema>, PacketSpec>;
export type _ScenarioCheck = Assignable<v.InferOutput<typeof scenarioSchema>, Scenario>;

/** `packets[1].dport`: where the first problem is, as a reader would write it. */
export function issuePath(issue: v.BaseIssue<unknown>): string {
  let out = '';
  for (const item of issue.path ?? []) {
    const key = item.key;
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? 'scenario' : out;
}

export function validateWith<T>(schema: v.GenericSchema<unknown, T>, data: unknown, root = ''): ValidationResult<T> {
  const result = v.safeParse(schema, data, { abortEarly: true });
  if (result.success) return { ok: true, value: result.output };
  const first = result.issues[0];
  const path = first ? issuePath(first) : 'scenario';
  return { ok: false, path: root && path !== 'scenario' ? `${root}.${path}` : path };
}

/** The first field of a host that the host editor would refuse (the engine's hostProblems), as a path. */
export function hostProblemPath(host: HostSpec, root = 'host'): string | undefined {
  const problem = hostProblems(host)[0];
  return problem && `${root}.${problem.field.replace(/\.(\d+)/g, '[$1]')}`;
}

/** A fresh Scenario built from `data`, or the path of the first field that is wrong. */
export function validateScenario(data: unknown): ValidationResult<Scenario> {
  const result = validateWith(scenarioSchema, data);
  if (!result.ok) return result;
  const bad = hostProblemPath(result.value.host);
  return bad ? { ok: false, path: bad } : result;
}
