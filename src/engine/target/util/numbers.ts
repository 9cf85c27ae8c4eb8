// Unsigned integers as libxtables reads them (xtables_strtoui: strtoul with base 0, so `0x10`, `16` and `020` are
// all sixteen; a leading `-` is refused).

const UNSIGNED_PREFIX = /^(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)/;

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

/** `0x` and at least two hex digits, as the TOS and DSCP targets print (`0x08`, `0x3f`). */
export function hex2(value: number): string {
  return '0x' + (value >>> 0).toString(16).padStart(2, '0');
}
