// Compresses share-link payloads off the main thread (autosave of a megabyte ruleset takes seconds to deflate).
// A module worker served from the app's own origin, as the Content-Security-Policy requires (worker-src 'self').
import { deflatePayload } from './deflatePayload.ts';

export interface DeflateRequest {
  id: number;
  bytes: Uint8Array;
}
export interface DeflateReply {
  id: number;
  packed: Uint8Array;
}

self.onmessage = (e: MessageEvent<DeflateRequest>) => {
  const packed = deflatePayload(e.data.bytes);
  const reply: DeflateReply = { id: e.data.id, packed };
  (self as unknown as Worker).postMessage(reply, [packed.buffer]);
};
