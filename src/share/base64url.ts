// RFC 4648 §5 base64url without padding: the alphabet that survives a URL fragment unescaped.
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const LOOKUP = new Map([...ALPHABET].map((c, i) => [c, i]));
const CODES = Uint8Array.from(ALPHABET, (c) => c.charCodeAt(0));
const ASCII = new TextDecoder('latin1');

export function toBase64Url(bytes: Uint8Array): string {
  // Written into a byte buffer and decoded once: string concatenation is slow for megabyte payloads (autosave).
  const out = new Uint8Array(Math.ceil((bytes.length * 4) / 3));
  let o = 0;
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] ?? 0;
    const b = bytes[i + 1] ?? 0;
    const c = bytes[i + 2] ?? 0;
    const n = (a << 16) | (b << 8) | c;
    out[o++] = CODES[(n >> 18) & 63]!;
    out[o++] = CODES[(n >> 12) & 63]!;
    if (i + 1 < bytes.length) out[o++] = CODES[(n >> 6) & 63]!;
    if (i + 2 < bytes.length) out[o++] = CODES[n & 63]!;
  }
  return ASCII.decode(out.subarray(0, o));
}

/** Null when the text holds a character outside the alphabet or has an impossible length. */
export function fromBase64Url(text: string): Uint8Array | null {
  if (text.length % 4 === 1) return null;
  const bytes = new Uint8Array(Math.floor((text.length * 3) / 4));
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const chunk = text.slice(i, i + 4);
    let n = 0;
    for (let j = 0; j < 4; j++) {
      const ch = chunk[j];
      const v = ch === undefined ? 0 : LOOKUP.get(ch);
      if (v === undefined) return null;
      n = (n << 6) | v;
    }
    bytes[o++] = (n >> 16) & 255;
    if (chunk.length > 2) bytes[o++] = (n >> 8) & 255;
    if (chunk.length > 3) bytes[o++] = n & 255;
  }
  return bytes;
}
