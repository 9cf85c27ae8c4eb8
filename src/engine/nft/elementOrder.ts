// The order `nft list` shows set elements in. nft 1.0.6 sorts the elements it reads back from the kernel
// (src/netlink.c, then expression.c expr_msort_cmp): a single numeric key by its value, but a concatenation or a
// string key by its data read as one integer in host byte order (little-endian here), so the last byte of the data
// weighs most. Each part of a concatenation fills whole 32-bit registers (NFT_REG32_SIZE), a network-order type
// (addresses, ports) keeps its bytes in network order. Checked with nft 1.0.6: `ip daddr . meta l4proto . th dport`
// lists `10.0.2.3 . tcp . 22, 10.0.2.2 . udp . 53, 10.0.2.2 . tcp . 80, 10.0.1.1 . tcp . 8080, 10.0.2.2 . tcp .
// 443` (ports by their low byte 0x16 < 0x35 < 0x50 < 0x90 < 0xbb), and `"docker0"` before `"bridge1"`.
//
// A bitmask element that names several flags (`syn | ack`) is a binop there, which expr_msort_value sorts by its left
// side: the lowest flag it names. So `syn` and `syn | ack` weigh the same, and nft 1.0.6's merge (mergesort.c
// list_splice_sorted, which takes an element of the first half only when it is strictly smaller) lists elements that
// weigh the same in the reverse of the order it read them (nftables fixed this in 2024, after 1.0.6). For a tcp_flag
// set the kernel keeps the elements in the order they were added (nft_set_bitmap's list); for a 32-bit key (ct state)
// or a map it walks a hash with a seed of its own, so nft lists those ties in no fixed order: the lab takes the order
// they were written in, as for the bitmap. Checked with nft 1.0.6: `tcp flags { syn, syn | ack }` lists
// `{ syn | ack, syn }` (and that, loaded again, `{ syn, syn | ack }`), `tcp flags { syn | ack, syn | rst, syn | fin,
// syn, rst, fin }` lists `{ fin, fin | syn, syn, syn | rst, syn | ack, rst }`, `tcp flags { 0x0, 0x40, 0xc2, cwr }`
// lists `{ 0x0, syn | ecn | cwr, ecn, cwr }`.
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

/** Whether nft orders this set's elements as a bitmask whose elements may name several flags (see above). Not an
 * interval set: nft reads those back through another path (interval_map_decompose), and nft 1.0.6 crashes listing one
 * of type tcp_flag (`flags interval; elements = { ack, syn }`, or `tcp flags { 0x20-0x30, syn }`: a segmentation
 * fault), so nothing says what order it would show; the lab keeps those by value. */
export function sortsAsBitmask(set: NftSet): boolean {
  if (set.flags.includes('interval') || set.keyTypes.length !== 1) return false;
  const type = set.keyTypes[0]!;
  return (
    !!type.bitmask &&
    !!type.symbols &&
    set.elements.every((el) => 'str' in el.key[0]! || el.key[0]!.lo === el.key[0]!.hi)
  );
}

/** What nft sorts a bitmask element by: the lowest flag of `syn | ack` (as printBits names it), else its value. */
function bitmaskWeight(type: DataType, part: KeyPart): number {
  if ('str' in part) return 0;
  const v = part.lo;
  let union = 0;
  let first: number | undefined;
  let named = 0;
  for (const bit of Object.values(type.symbols!))
    if (bit && (v & bit) === bit) {
      first ??= bit;
      union |= bit;
      named++;
    }
  return named > 1 && union === v ? first! : v;
}

/** The elements in nft's order for a bitmask key: by weight, elements of the same weight in reverse. */
export function sortAsBitmask(set: NftSet): NftElement[] {
  const type = set.keyTypes[0]!;
  const keyed = set.elements.map((el, i) => ({ el, i, w: bitmaskWeight(type, el.key[0]!) }));
  keyed.sort((a, b) => a.w - b.w || b.i - a.i);
  return keyed.map((k) => k.el);
}
