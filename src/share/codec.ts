// The share-link format: the whole scenario and the view in the URL fragment, compressed and versioned.
//   #v1.<base64url(deflate(JSON, preset dictionary v1))>
// Pure (no DOM): the UI, the store and Node tests call the same functions. A link never throws: decoding returns
// a reason the UI can put into words.
import { deflate, deflateSync, inflateSync } from 'fflate';
import type { Scenario } from '../scenarios/types.ts';
import { validateScenario } from '../scenarios/validate.ts';
import { fromBase64Url, toBase64Url } from './base64url.ts';
import { DICTIONARY_V1 } from './dictionary.ts';

export const SHARE_VERSION = 1;

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
}

export interface SharedState {
  scenario: Scenario;
  view: SharedView;
}

export type ShareError = 'not-a-link' | 'unknown-version' | 'corrupt' | 'invalid-content';

export type DecodeResult = { ok: true; state: SharedState } | { ok: false; error: ShareError; detail?: string };

/** A payload of an older format, turned into the next version's payload. */
export type Migration = (payload: unknown) => unknown;

/**
 * Decoders for older formats and the step that lifts each one to the next version. v1 is the first format, so
 * the table is empty; a v2 adds `1: { decode: <v1 bytes → JSON>, upgrade: <v1 JSON → v2 JSON> }`.
 */
export interface FormatStep {
  inflate(bytes: Uint8Array): Uint8Array;
  upgrade: Migration;
}
export const OLDER_FORMATS: Record<number, FormatStep> = {};

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

function payloadOf(state: SharedState): unknown {
  return { v: SHARE_VERSION, scenario: state.scenario, view: state.view };
}

/** The fragment (without '#') for a state. */
export function encodeShare(state: SharedState): string {
  const json = JSON.stringify(payloadOf(state));
  const packed = deflateSync(encoder.encode(json), { level: 9, dictionary: DICTIONARY_V1 });
  return `v${SHARE_VERSION}.${toBase64Url(packed)}`;
}

/**
 * The same fragment, compressed off the main thread (fflate runs its async API in a worker): for megabyte
 * rulesets, where deflate takes seconds, so the page keeps responding while autosave writes.
 */
export function encodeShareAsync(state: SharedState): Promise<string> {
  const bytes = encoder.encode(JSON.stringify(payloadOf(state)));
  return new Promise((resolve, reject) => {
    deflate(bytes, { level: 9, dictionary: DICTIONARY_V1 }, (err, packed) => {
      if (err) reject(err);
      else resolve(`v${SHARE_VERSION}.${toBase64Url(packed)}`);
    });
  });
}

function viewOf(v: unknown): SharedView | null {
  if (typeof v !== 'object' || v === null) return null;
  const o = v as Record<string, unknown>;
  const idx = (x: unknown) => typeof x === 'number' && Number.isInteger(x) && x >= 0;
  if (!idx(o.packetIndex) || !idx(o.stepIndex)) return null;
  if (o.tableOrder !== 'nft' && o.tableOrder !== 'legacy') return null;
  const view: SharedView = {
    packetIndex: o.packetIndex as number,
    stepIndex: o.stepIndex as number,
    tableOrder: o.tableOrder,
  };
  if (o.panelTab === 'rules' || o.panelTab === 'host' || o.panelTab === 'packets') view.panelTab = o.panelTab;
  if (o.explore === true) view.explore = true;
  if (view.explore && idx(o.exploredPacket)) view.exploredPacket = o.exploredPacket as number;
  return view;
}

function currentInflate(bytes: Uint8Array): Uint8Array {
  return inflateSync(bytes, { dictionary: DICTIONARY_V1 });
}

/**
 * Reads a fragment (with or without '#'). Older versions are inflated with their own format and upgraded
 * step by step to the current payload before validation.
 */
export function decodeShare(fragment: string, older: Record<number, FormatStep> = OLDER_FORMATS): DecodeResult {
  const text = fragment.startsWith('#') ? fragment.slice(1) : fragment;
  const m = /^v(\d{1,4})\.([A-Za-z0-9_-]*)$/.exec(text);
  if (!m) return { ok: false, error: 'not-a-link' };
  const version = Number(m[1]);
  const format = version === SHARE_VERSION ? null : older[version];
  if (version > SHARE_VERSION || (version !== SHARE_VERSION && !format))
    return { ok: false, error: 'unknown-version', detail: String(version) };
  const bytes = fromBase64Url(m[2] ?? '');
  if (!bytes) return { ok: false, error: 'corrupt' };
  let payload: unknown;
  try {
    const raw = (format ? format.inflate : currentInflate)(bytes);
    payload = JSON.parse(decoder.decode(raw));
  } catch {
    return { ok: false, error: 'corrupt' };
  }
  for (let v = version; v < SHARE_VERSION; v++) {
    const step = older[v];
    if (!step) return { ok: false, error: 'unknown-version', detail: String(v) };
    payload = step.upgrade(payload);
  }
  if (typeof payload !== 'object' || payload === null) return { ok: false, error: 'invalid-content' };
  const o = payload as Record<string, unknown>;
  const scenario = validateScenario(o.scenario);
  if (!scenario.ok) return { ok: false, error: 'invalid-content', detail: scenario.path };
  const view = viewOf(o.view);
  if (!view) return { ok: false, error: 'invalid-content', detail: 'view' };
  return { ok: true, state: { scenario: scenario.value, view } };
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
