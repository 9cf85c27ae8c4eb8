// The share-link format: the whole scenario and the view in the URL fragment, compressed, versioned, checksummed.
//   #v2.<base64url(deflate(JSON, preset dictionary v1))>.<CRC-32 of the payload characters, 8 hex digits>
//   #v1.<base64url(deflate(JSON, preset dictionary v1))>            (before the checksum; still opened)
// Pure (no DOM): the UI, the store and Node tests call the same functions. A link never throws: decoding returns
// a reason the UI can put into words.
import type { Scenario } from '../scenarios/types.ts';
import { validateScenario, validateWith } from '../scenarios/validate.ts';
import { fromBase64Url, toBase64Url } from './base64url.ts';
import { crc32Hex } from './crc32.ts';
import { deflatePayload } from './deflatePayload.ts';
import { DICTIONARY_V1 } from './dictionary.ts';
import { inflateCapped, type InflateOutcome } from './inflateCapped.ts';
import { viewSchema } from './viewSchema.ts';

export const SHARE_VERSION = 2;
/** The first version whose links end in a checksum. */
const CHECKSUM_SINCE = 2;
const CHECKSUM_CHARS = 8;

/**
 * Past this many characters a whole link is not offered: browsers take far longer URLs, but chat tools, mail
 * clients and URL shorteners cut or refuse them around here. The UI offers a file export instead.
 */
export const SAFE_LINK_LENGTH = 8000;

export interface SharedView {
  /** Which packet of the sequence is shown, and which step of its trace. */
  packetIndex: number;
  stepIndex: number;
  /** Where the security table sits: iptables-nft (150) or legacy (50). */
  tableOrder: 'nft' | 'legacy';
  /** The tab open under the timeline, when it is not the trace (added in v1 as optional). */
  panelTab?: 'rules' | 'host' | 'packets';
  /**
   * "Every branch" (explore mode): then `packetIndex` picks one of the outcomes, not a packet of the sequence.
   * Added in v1 as optional and written only when on, so older links (without it) open in replay mode, as before.
   */
  explore?: true;
  /** With `explore`: which packet of the sequence is explored (absent: the last one, as first released). */
  exploredPacket?: number;
  /** A lesson link (added in v2 as optional): the built-in lesson and the step it opens at. */
  lesson?: { id: string; step: number };
  /** Predict mode: the link opens with the trace hidden until the student answers. Optional, written only when on. */
  predict?: true;
}

export interface SharedState {
  scenario: Scenario;
  view: SharedView;
}

/**
 * Why a link could not be opened: not a lab link; cut short; a character changed (checksum); longer than the
 * lab reads; inflating past the size cap (a deflate bomb); made by a newer lab; a version the lab never made;
 * readable but not a valid scenario (`detail` names the field); the page's link reader (a worker) failed.
 */
export type ShareError =
  | 'not-a-link'
  | 'truncated'
  | 'garbled'
  | 'too-big'
  | 'bomb'
  | 'future-version'
  | 'unknown-version'
  | 'invalid-content'
  | 'unreadable';

export type DecodeResult = { ok: true; state: SharedState } | { ok: false; error: ShareError; detail?: string };

/** A payload of an older format, turned into the next version's payload. */
export type Migration = (payload: unknown) => unknown;

/** How to read an older version's bytes (within the size cap) and the step that lifts its payload to the next. */
export interface FormatStep {
  inflate(bytes: Uint8Array): InflateOutcome;
  upgrade: Migration;
}

function currentInflate(bytes: Uint8Array): InflateOutcome {
  return inflateCapped(bytes, MAX_INFLATED_BYTES, DICTIONARY_V1);
}

/** v1 had the same payload without the checksum after it. */
export const OLDER_FORMATS: Record<number, FormatStep> = {
  1: {
    inflate: currentInflate,
    upgrade: (p) => (typeof p === 'object' && p !== null ? { ...p, v: 2 } : p),
  },
};

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

function fragmentOf(packed: Uint8Array): string {
  const payload = toBase64Url(packed);
  return `v${SHARE_VERSION}.${payload}.${crc32Hex(payload)}`;
}

function payloadOf(state: SharedState): unknown {
  return { v: SHARE_VERSION, scenario: state.scenario, view: state.view };
}

/** The fragment (without '#') for a state. */
export function encodeShare(state: SharedState): string {
  const json = JSON.stringify(payloadOf(state));
  const packed = deflatePayload(encoder.encode(json));
  return fragmentOf(packed);
}

/** Deflates a payload's bytes as links do; the browser passes one that runs in a worker (deflateWorker.ts). */
export type DeflateAsync = (bytes: Uint8Array) => Promise<Uint8Array>;

/** The payload bytes a fragment compresses (exported for the deflate worker's callers). */
export function payloadBytes(state: SharedState): Uint8Array {
  return encoder.encode(JSON.stringify(payloadOf(state)));
}

/**
 * The same fragment, with the compression handed to `deflate` (in the browser, a module worker of our own, so
 * megabyte rulesets do not block the page while autosave writes). Not fflate's own async API: it starts its
 * workers from blob: URLs, which the Content-Security-Policy (worker-src 'self') forbids.
 */
export async function encodeShareAsync(
  state: SharedState,
  deflate: DeflateAsync = async (bytes) => deflatePayload(bytes),
): Promise<string> {
  return fragmentOf(await deflate(payloadBytes(state)));
}

/**
 * The longest fragment read: a browser keeps about 2 MB of address, and autosave stores rulesets up to 2 MB
 * compressed (a few hundred kB). Anything longer is refused before it is decoded.
 */
export const MAX_FRAGMENT_CHARS = 3 * 1024 * 1024;
/**
 * The most a payload may inflate to: autosave's 2 MB of rules as JSON (up to 3 bytes a character in UTF-8). Inflating stops
 * there, so even a deflate bomb costs the share-decode worker only this much work (the page reads links only there).
 */
export const MAX_INFLATED_BYTES = 8 * 1024 * 1024;

function fail(error: ShareError, detail?: string): DecodeResult {
  return detail === undefined ? { ok: false, error } : { ok: false, error, detail };
}

/** The payload characters of a v2+ fragment after its checksum is checked, or why it cannot be read. */
function checkedPayload(body: string): { ok: true; payload: string } | { ok: false; error: ShareError } {
  const dot = body.lastIndexOf('.');
  // The checksum comes last, so a link cut short has lost it (or part of it).
  if (dot < 0) return { ok: false, error: 'truncated' };
  const payload = body.slice(0, dot);
  const sum = body.slice(dot + 1);
  if (sum.length < CHECKSUM_CHARS) return { ok: false, error: 'truncated' };
  if (!/^[0-9a-f]{8}$/.test(sum) || !/^[A-Za-z0-9_-]*$/.test(payload)) return { ok: false, error: 'garbled' };
  if (crc32Hex(payload) !== sum) return { ok: false, error: 'garbled' };
  return { ok: true, payload };
}

function validatePayload(payload: unknown): DecodeResult {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload))
    return fail('invalid-content', 'scenario');
  const o = payload as Record<string, unknown>;
  const scenario = validateScenario(o.scenario);
  if (!scenario.ok) return fail('invalid-content', scenario.path);
  const view = validateWith(viewSchema, o.view, 'view');
  if (!view.ok) return fail('invalid-content', view.path);
  const packets = scenario.value.packets.length;
  const { explore, exploredPacket, packetIndex } = view.value;
  // Indexes past the scenario's packets: a crafted link (the lab never writes one).
  if (!explore && packetIndex >= Math.max(1, packets)) return fail('invalid-content', 'view.packetIndex');
  if (exploredPacket !== undefined && exploredPacket >= Math.max(1, packets))
    return fail('invalid-content', 'view.exploredPacket');
  const shown: SharedView = {
    packetIndex,
    stepIndex: view.value.stepIndex,
    tableOrder: view.value.tableOrder,
  };
  if (view.value.panelTab) shown.panelTab = view.value.panelTab;
  if (explore) shown.explore = true;
  if (explore && exploredPacket !== undefined) shown.exploredPacket = exploredPacket;
  if (view.value.lesson) shown.lesson = { id: view.value.lesson.id, step: view.value.lesson.step };
  if (view.value.predict) shown.predict = true;
  return { ok: true, state: { scenario: scenario.value, view: shown } };
}

/**
 * Reads a fragment (with or without '#'). Never throws, and never does more work than the caps allow: a fragment
 * is refused past MAX_FRAGMENT_CHARS, its checksum is checked before it is inflated, inflating stops past
 * MAX_INFLATED_BYTES, and the payload is validated by schema. Older versions are inflated with their own format
 * and upgraded step by step to the current payload before validation.
 */
export function decodeShare(fragment: string, older: Record<number, FormatStep> = OLDER_FORMATS): DecodeResult {
  const text = fragment.startsWith('#') ? fragment.slice(1) : fragment;
  const m = /^v(\d{1,4})\./.exec(text);
  if (!m) return fail('not-a-link');
  const version = Number(m[1]);
  if (version > SHARE_VERSION) return fail('future-version', String(version));
  const format = version === SHARE_VERSION ? null : older[version];
  if (version !== SHARE_VERSION && !format) return fail('unknown-version', String(version));
  if (text.length > MAX_FRAGMENT_CHARS) return fail('too-big', String(MAX_FRAGMENT_CHARS));
  let body = text.slice(m[0].length);
  if (version >= CHECKSUM_SINCE) {
    const checked = checkedPayload(body);
    if (!checked.ok) return fail(checked.error);
    body = checked.payload;
  }
  const bytes = fromBase64Url(body);
  // Without a checksum (v1), a cut can leave an impossible base64 length: that is a link cut short too.
  if (!bytes) return fail(/^[A-Za-z0-9_-]*$/.test(body) ? 'truncated' : 'garbled');
  const inflated = (format ? format.inflate : currentInflate)(bytes);
  if (!inflated.ok) return fail(inflated.reason === 'too-big' ? 'bomb' : inflated.reason);
  let payload: unknown;
  try {
    payload = JSON.parse(decoder.decode(inflated.bytes));
  } catch {
    // A checksum that matches means the link arrived as written: then it was written wrong, not damaged.
    return version >= CHECKSUM_SINCE ? fail('invalid-content', 'JSON') : fail('garbled');
  }
  for (let v = version; v < SHARE_VERSION; v++) {
    const step = older[v];
    if (!step) return fail('unknown-version', String(v));
    payload = step.upgrade(payload);
  }
  return validatePayload(payload);
}

export interface ShareLink {
  url: string;
  /** False past SAFE_LINK_LENGTH: offer a file export instead. */
  safe: boolean;
}

/** The full link for a page address (anything after '#' in it is replaced). */
export function shareLink(pageUrl: string, state: SharedState): ShareLink {
  const base = pageUrl.split('#')[0] ?? pageUrl;
  const url = `${base}#${encodeShare(state)}`;
  return { url, safe: url.length <= SAFE_LINK_LENGTH };
}
