// Inflates a share link's bytes, giving up as soon as the output passes a cap. A deflate stream can expand about
// 1,000 times (RFC 1951: a 258-byte match costs 1–2 bits), so a 1.6 MB link can ask for gigabytes; fed in small
// pieces, the stream is stopped after the first few kilobytes of such a link instead of freezing the tab.
import { Inflate } from 'fflate';

export type InflateOutcome =
  { ok: true; bytes: Uint8Array } | { ok: false; reason: 'too-big' | 'truncated' | 'garbled' };

/** fflate's error code for "unexpected EOF": the stream ended before its last block (a link cut short). */
const UNEXPECTED_EOF = 0;
const PIECE = 1024;

class TooBig extends Error {}

export function inflateCapped(input: Uint8Array, maxBytes: number, dictionary?: Uint8Array): InflateOutcome {
  const parts: Uint8Array[] = [];
  let total = 0;
  const stream = new Inflate(dictionary ? { dictionary } : {}, (chunk) => {
    total += chunk.length;
    if (total > maxBytes) throw new TooBig();
    parts.push(chunk);
  });
  try {
    for (let at = 0; at < input.length; at += PIECE) {
      const end = Math.min(input.length, at + PIECE);
      stream.push(input.subarray(at, end), end === input.length);
    }
    if (input.length === 0) stream.push(input, true);
  } catch (err) {
    if (err instanceof TooBig) return { ok: false, reason: 'too-big' };
    const code = (err as { code?: number }).code;
    return { ok: false, reason: code === UNEXPECTED_EOF ? 'truncated' : 'garbled' };
  }
  const bytes = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    bytes.set(p, o);
    o += p.length;
  }
  return { ok: true, bytes };
}
