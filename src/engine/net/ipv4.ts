// IPv4 addresses as unsigned 32-bit numbers.

/**
 * Parses a dotted quad (four decimal octets 0-255, no leading zeros); undefined when it is not one. A loop over the
 * characters, not split() and a regular expression per octet: a kube-proxy dump holds hundreds of thousands.
 */
export function parseIPv4(text: string): number | undefined {
  const n = text.length;
  if (n < 7 || n > 15) return undefined;
  let value = 0;
  let octets = 0;
  let i = 0;
  for (;;) {
    const start = i;
    let octet = 0;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c < 48 || c > 57) break;
      octet = octet * 10 + (c - 48);
      i++;
    }
    const digits = i - start;
    if (digits === 0 || digits > 3 || octet > 255 || (digits > 1 && text.charCodeAt(start) === 48)) return undefined;
    value = value * 256 + octet;
    octets++;
    if (octets === 4) return i === n ? value >>> 0 : undefined;
    if (i >= n || text.charCodeAt(i) !== 46 /* . */) return undefined;
    i++;
  }
}

export function formatIPv4(addr: number): string {
  return `${addr >>> 24}.${(addr >>> 16) & 255}.${(addr >>> 8) & 255}.${addr & 255}`;
}

export function prefixToMask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/** The prefix length of a contiguous mask, or undefined for a non-contiguous one (e.g. 255.0.255.0). */
export function maskToPrefix(mask: number): number | undefined {
  const inverted = ~mask >>> 0;
  if ((inverted & (inverted + 1)) !== 0) return undefined;
  return 32 - Math.log2(inverted + 1);
}

export function inSubnet(addr: number, net: number, mask: number): boolean {
  return (addr & mask) >>> 0 === (net & mask) >>> 0;
}
