// The order `nft list` shows set elements in. nft 1.0.6 sorts the elements it reads back from the kernel
// (src/netlink.c, then expression.c expr_msort_cmp): a single numeric key by its value, but a concatenation or a
// string key by its data read as one integer in host byte order (little-endian here), so the last byte of the data
// weighs most. Each part of a concatenation fills whole 32-bit registers (NFT_REG32_SIZE), a network-order type
// (addresses, ports) keeps its bytes in network order. Checked with nft 1.0.6: `ip daddr . meta l4proto . th dport`
// lists `10.0.2.3 . tcp . 22, 10.0.2.2 . udp . 53, 10.0.2.2 . tcp . 80, 10.0.1.1 . tcp . 8080, 10.0.2.2 . tcp .
// 443` (ports by their low byte 0x16 < 0x35 < 0x50 < 0x90 < 0xbb), and `"docker0"` before `"bridge1"`.
import type { DataType } from './datatype.ts';
import type { KeyPart, NftElement, NftSet } from './model.ts';

/** Types the kernel keeps in network byte order (nftables BYTEORDER_BIG_ENDIAN). */
const NETWORK_ORDER = new Set(['ipv4_addr', 'inet_service']);

function partBytes(type: DataType, part: KeyPart, out: number[]): void {
  const width = Math.ceil(type.bits / 8);
  const start = out.length;
  if ('str' in part) {
    for (let i = 0; i < width; i++) out.push(i < part.str.length ? part.str.charCodeAt(i) & 0xff : 0);
  } else {
    const v = part.lo;
    for (let i = 0; i < width; i++) {
      const shift = NETWORK_ORDER.has(type.name) ? 8 * (width - 1 - i) : 8 * i;
      out.push(Math.floor(v / 2 ** shift) & 0xff);
    }
  }
  while ((out.length - start) % 4 !== 0) out.push(0);
}

function keyBytes(types: readonly DataType[], key: readonly KeyPart[]): number[] {
  const out: number[] = [];
  key.forEach((p, i) => partBytes(types[i] ?? types[0]!, p, out));
  return out;
}

/** Whether nft orders this set's elements by their data as a host-order integer (see above). */
export function sortsByData(set: NftSet): boolean {
  if (set.flags.includes('interval')) return false;
  if (!(set.keyTypes.length > 1 || set.keyTypes[0]?.string)) return false;
  return set.elements.every((el) => el.key.every((p) => 'str' in p || p.lo === p.hi));
}

/** The elements in nft's order by data: the last byte first. */
export function sortByData(set: NftSet): NftElement[] {
  const keyed = set.elements.map((el) => ({ el, bytes: keyBytes(set.keyTypes, el.key) }));
  keyed.sort((a, b) => {
    for (let i = Math.max(a.bytes.length, b.bytes.length) - 1; i >= 0; i--) {
      const d = (a.bytes[i] ?? 0) - (b.bytes[i] ?? 0);
      if (d !== 0) return d;
    }
    return 0;
  });
  return keyed.map((k) => k.el);
}
