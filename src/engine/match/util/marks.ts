// `value[/mask]` as the mark and connmark matches take it (XTTYPE_MARKMASK32): two unsigned 32-bit numbers in C
// notation, the mask defaulting to 0xffffffff; printed as `0x…` with `/0x…` only when the mask is not all ones.
import { hex, parseUnsigned } from './numbers.ts';

export interface MarkMask {
  value: number;
  mask: number;
}

export function parseMarkMask(text: string): MarkMask | string {
  const slash = text.indexOf('/');
  const valueText = slash < 0 ? text : text.slice(0, slash);
  const value = parseUnsigned(valueText);
  const mask = slash < 0 ? 0xffffffff : parseUnsigned(text.slice(slash + 1));
  if (value === undefined || mask === undefined)
    return `"${text}" is not a mark: give value[/mask], each a 32-bit number such as 0x4000 or 16384.`;
  return { value, mask };
}

export function formatMarkMask(mm: MarkMask): string {
  return mm.mask === 0xffffffff ? hex(mm.value) : `${hex(mm.value)}/${hex(mm.mask)}`;
}

/** The kernel's test: (mark & mask) == value. */
export function markMatches(mark: number, mm: MarkMask): boolean {
  return (mark & mm.mask) >>> 0 === mm.value >>> 0;
}
