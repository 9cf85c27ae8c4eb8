// `-s`/`-d` values: an IPv4 address with an optional /prefix or /dotted-netmask, as xtables parses them.
import type { AddrMask } from '../model/types.ts';
import { prefixToMask } from '../net/ipv4.ts';

/**
 * A dotted address; like xtables' numeric parser it accepts fewer than four parts with the
 * missing low octets zero (`0/0`, `10/8`).
 */
function parseLooseIPv4(text: string): number | undefined {
  const n = text.length;
  if (n === 0 || n > 15) return undefined;
  let value = 0;
  let parts = 0;
  let octet = 0;
  let digits = 0;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? text.charCodeAt(i) : 46; /* a final '.' closes the last part */
    if (c === 46) {
      if (digits === 0 || octet > 255 || ++parts > 4) return undefined;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57 && digits < 3) {
      octet = octet * 10 + (c - 48);
      digits++;
    } else return undefined;
  }
  for (; parts < 4; parts++) value *= 256;
  return value >>> 0;
}

/** The address and mask, or why the text is not one. */
export function parseAddrMask(text: string): AddrMask | 'bad-address' | 'bad-mask' {
  const slash = text.indexOf('/');
  const addrText = slash < 0 ? text : text.slice(0, slash);
  const addr = parseLooseIPv4(addrText);
  if (addr === undefined) return 'bad-address';
  let mask = 0xffffffff;
  if (slash >= 0) {
    const maskText = text.slice(slash + 1);
    if (/^\d{1,2}$/.test(maskText)) {
      const prefix = Number(maskText);
      if (prefix > 32) return 'bad-mask';
      mask = prefixToMask(prefix);
    } else {
      const dotted = maskText.includes('.') ? parseLooseIPv4(maskText) : undefined;
      if (dotted === undefined) return 'bad-mask';
      mask = dotted;
    }
  }
  return { addr: (addr & mask) >>> 0, mask };
}
