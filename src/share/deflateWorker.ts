// The browser's DeflateAsync: one module worker (deflate.worker.ts), started on first use. Where a worker cannot
// start or fails, it compresses on the main thread instead: slower, but autosave still writes.
import type { DeflateAsync } from './codec.ts';
import { deflatePayload } from './deflatePayload.ts';
import type { DeflateReply, DeflateRequest } from './deflate.worker.ts';

let worker: Worker | null = null;
let broken = false;
let nextId = 0;
const pending = new Map<number, { resolve(p: Uint8Array): void; bytes: Uint8Array }>();

function failAll(): void {
  broken = true;
  worker?.terminate();
  worker = null;
  for (const [id, job] of pending) {
    pending.delete(id);
    job.resolve(deflatePayload(job.bytes));
  }
}

function start(): Worker | null {
  if (broken || typeof Worker === 'undefined') return null;
  if (worker) return worker;
  try {
    worker = new Worker(new URL('./deflate.worker.ts', import.meta.url), { type: 'module', name: 'deflate' });
  } catch {
    broken = true;
    return null;
  }
  worker.onmessage = (e: MessageEvent<DeflateReply>) => {
    const job = pending.get(e.data.id);
    pending.delete(e.data.id);
    job?.resolve(e.data.packed);
  };
  worker.onerror = failAll;
  return worker;
}

export const deflateInWorker: DeflateAsync = (bytes) => {
  const w = start();
  if (!w) return Promise.resolve(deflatePayload(bytes));
  return new Promise((resolve) => {
    const id = ++nextId;
    pending.set(id, { resolve, bytes });
    const request: DeflateRequest = { id, bytes };
    w.postMessage(request);
  });
};
