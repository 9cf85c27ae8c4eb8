// Unsigned integers as libxtables reads them (xtables_strtoui: strtoul with base 0), so `0x10`, `16` and `020` are
// all sixteen, and a sign or trailing text is refused.

const UNSIGNED = /^(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/;

/** The value of an unsigned integer in C notation (decimal, 0x hex, 0 octal) within [min, max]; undefined otherwise. */
export function parseUnsigned(text: string, min = 0, max = 0xffffffff): number | undefined {
  if (!UNSIGNED.test(text)) return undefined;
  let value: number;
  if (/^0[xX]/.test(text)) value = parseInt(text.slice(2), 16);
  else if (text.length > 1 && text.startsWith('0')) value = parseInt(text, 8);
  else value = Number(text);
  if (!Number.isSafeInteger(value) || value < min || value > max) return undefined;
  return value;
}

/** Same, for 64-bit counters (connbytes, quota): a bigint, since they exceed 2^53. */
export function parseUnsigned64(text: string): bigint | undefined {
  if (!UNSIGNED.test(text)) return undefined;
  let value: bigint;
  if (/^0[xX]/.test(text)) value = BigInt(text);
  else if (text.length > 1 && text.startsWith('0')) value = BigInt('0o' + text.slice(1));
  else value = BigInt(text);
  return value <= 0xffffffffffffffffn ? value : undefined;
}

/** `0x…` lowercase, as iptables-save prints marks and masks. */
export function hex(value: number): string {
  return '0x' + (value >>> 0).toString(16);
}

/** `0x` and at least two hex digits, as the tos and dscp matches print (`0x08`, `0x3f`). */
export function hex2(value: number): string {
  return '0x' + value.toString(16).padStart(2, '0');
}
