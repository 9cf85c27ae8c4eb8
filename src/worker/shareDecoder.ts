// The one way the app reads a share link (opened, pasted into the address bar, or imported): in a page, in a
// small module worker of its own (shareDecode.worker.ts), started on first use and kept for the next link. The
// engine worker stays netfilter-only, and fflate's own async inflate is not used: it starts its workers from
// blob: URLs, which the Content-Security-Policy (worker-src 'self') forbids. Where no Worker exists at all (Node:
// unit tests, the CLI) there is no page to block, and the pure decoder runs directly.
import { decodeShare, type DecodeResult } from '../share/codec.ts';

export interface ShareDecodeRequest {
  id: number;
  fragment: string;
}
export interface ShareDecodeReply {
  id: number;
  result: DecodeResult;
}

/** What a link decoder does; the store takes one so tests can count or delay calls. */
export type DecodeLink = (fragment: string) => Promise<DecodeResult>;

/** A worker that dies or whose script fails to load: the links waiting on it are said to be unreadable. */
const UNREADABLE: DecodeResult = { ok: false, error: 'unreadable' };

let worker: Worker | null = null;
let nextId = 0;
const pending = new Map<number, (result: DecodeResult) => void>();

function stop(): void {
  worker?.terminate();
  worker = null;
  for (const [id, resolve] of pending) {
    pending.delete(id);
    resolve(UNREADABLE);
  }
}

function start(): Worker | null {
  if (worker) return worker;
  try {
    worker = new Worker(new URL('./shareDecode.worker.ts', import.meta.url), { type: 'module', name: 'share-decode' });
  } catch {
    return null;
  }
  worker.onmessage = (e: MessageEvent<ShareDecodeReply>) => {
    const resolve = pending.get(e.data.id);
    pending.delete(e.data.id);
    resolve?.(e.data.result);
  };
  // The next link starts a fresh worker: one failure (a network blip loading the script) is not for ever.
  worker.onerror = (e) => {
    e.preventDefault();
    stop();
  };
  return worker;
}

export const decodeLink: DecodeLink = (fragment) => {
  if (typeof Worker === 'undefined') return Promise.resolve(decodeShare(fragment));
  const w = start();
  if (!w) return Promise.resolve(UNREADABLE);
  return new Promise((resolve) => {
    const id = ++nextId;
    pending.set(id, resolve);
    const request: ShareDecodeRequest = { id, fragment };
    w.postMessage(request);
  });
};
