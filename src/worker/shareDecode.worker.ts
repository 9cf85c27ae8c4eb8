// Reads share links off the main thread: checksum, base64, capped inflate and schema validation of a link the
// user did not write all happen here, so a deflate bomb or a megabyte link never blocks the page. A module worker
// served from the app's own origin, as the Content-Security-Policy requires (worker-src 'self').
import { decodeShare } from '../share/codec.ts';
import type { ShareDecodeReply, ShareDecodeRequest } from './shareDecoder.ts';

self.onmessage = (e: MessageEvent<ShareDecodeRequest>) => {
  const reply: ShareDecodeReply = { id: e.data.id, result: decodeShare(e.data.fragment) };
  (self as unknown as Worker).postMessage(reply);
};
