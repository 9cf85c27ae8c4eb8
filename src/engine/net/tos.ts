// The IPv4 TOS byte as iptables reads it for both the tos match and the TOS target: libxtables' XTTYPE_TOSMASK
// (a number 0–255 with an optional /mask, or an RFC 1349 name). One reader here, so both accept the same words.
import { leadingUnsigned, parseUnsigned } from '../ext/numbers.ts';

/** The RFC 1349 names libxtables accepts (compared ignoring case). */
export const TOS_NAMES: Readonly<Record<string, number>> = {
  'minimize-delay': 0x10,
  'maximize-throughput': 0x08,
  'maximize-reliability': 0x04,
  'minimize-cost': 0x02,
  'normal-service': 0x00,
};

/** A name stands for its value under this mask: the RFC 1349 TOS bits without the precedence bits. */
export const TOS_NAME_MASK = 0x3f;

/** `value[/mask]` of 8-bit numbers (a bare number has mask 0xff), or a name (mask 0x3f); undefined otherwise. */
export function parseTosMask(text: string): { value: number; mask: number } | undefined {
  const head = leadingUnsigned(text, 0, 0xff);
  if (head) {
    if (head.rest === '') return { value: head.value, mask: 0xff };
    if (!head.rest.startsWith('/')) return undefined;
    const mask = parseUnsigned(head.rest.slice(1), 0, 0xff);
    return mask === undefined ? undefined : { value: head.value, mask };
  }
  const lower = text.toLowerCase();
  const value = Object.hasOwn(TOS_NAMES, lower) ? TOS_NAMES[lower] : undefined;
  return value === undefined ? undefined : { value, mask: TOS_NAME_MASK };
}
