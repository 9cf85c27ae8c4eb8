// Unsigned integers as libxtables reads them for every extension (xtables_strtoui: strtoul with base 0, so `0x10`,
// `16` and `020` are all sixteen; a leading `-` is refused), and the hex forms iptables-save prints. Shared by the
// match and target modules: they read numbers with the same libxtables code, so they share one reader here.

const UNSIGNED_PREFIX = /^(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)/;
const UNSIGNED_WHOLE = /^(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/;

function valueOf(digits: string): number {
  if (/^0[xX]/.test(digits)) return parseInt(digits.slice(2), 16);
  if (digits.length > 1 && digits.startsWith('0')) return parseInt(digits, 8);
  return Number(digits);
}

/**
 * The unsigned number at the start of `text` and what follows it (xtables_strtoui with an end pointer: trailing
 * text is the caller's business). Undefined when no number starts the text or it is out of [min, max].
 */
export function leadingUnsigned(text: string, min: number, max: number): { value: number; rest: string } | undefined {
  const found = UNSIGNED_PREFIX.exec(text);
  if (!found) return undefined;
  const value = valueOf(found[0]);
  if (!Number.isSafeInteger(value) || value < min || value > max) return undefined;
  return { value, rest: text.slice(found[0].length) };
}

/** A whole-text unsigned number within [min, max] (xtables_strtoui without an end pointer). */
export function parseUnsigned(text: string, min = 0, max = 0xffffffff): number | undefined {
  const found = leadingUnsigned(text, min, max);
  return found && found.rest === '' ? found.value : undefined;
}

/** A whole-text unsigned number for 64-bit counters (connbytes, quota): a bigint, since they exceed 2^53. */
export function parseUnsigned64(text: string): bigint | undefined {
  if (!UNSIGNED_WHOLE.test(text)) return undefined;
  let value: bigint;
  if (/^0[xX]/.test(text)) value = BigInt(text);
  else if (text.length > 1 && text.startsWith('0')) value = BigInt('0o' + text.slice(1));
  else value = BigInt(text);
  return value <= 0xffffffffffffffffn ? value : undefined;
}

/**
 * `value[/mask]` of 32-bit numbers, as libxtables' XTTYPE_MARKMASK32 reads MARK and CONNMARK values.
 * The mask is undefined when the text has none.
 */
export function parseMarkMask(text: string): { value: number; mask: number | undefined } | undefined {
  const head = leadingUnsigned(text, 0, 0xffffffff);
  if (!head) return undefined;
  if (head.rest === '') return { value: head.value, mask: undefined };
  if (!head.rest.startsWith('/')) return undefined;
  const mask = parseUnsigned(head.rest.slice(1));
  return mask === undefined ? undefined : { value: head.value, mask };
}

/** `0x…` in lowercase, as iptables-save prints marks and masks. */
export function hex(value: number): string {
  return '0x' + (value >>> 0).toString(16);
}

/** `0x` and at least two hex digits, as the tos/dscp matches and TOS/DSCP targets print (`0x08`, `0x3f`). */
export function hex2(value: number): string {
  return '0x' + (value >>> 0).toString(16).padStart(2, '0');
}
