// CRC-32 (ISO-HDLC: polynomial 0xEDB88320 reflected, as in zlib and PNG), over a share link's payload characters,
// so that a character changed, added or lost when a link is copied by hand is noticed before anything is decoded.
// Eleven lines here rather than a dependency: fflate computes the same CRC inside gzip but does not export it.
const TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** The CRC-32 of the text's UTF-16 code units taken as bytes (payloads are ASCII: base64url). */
export function crc32(text: string): number {
  let crc = 0xffffffff;
  for (let i = 0; i < text.length; i++) crc = TABLE[(crc ^ text.charCodeAt(i)) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** Eight lowercase hex digits. */
export function crc32Hex(text: string): string {
  return crc32(text).toString(16).padStart(8, '0');
}
