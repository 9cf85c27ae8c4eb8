// hsiphash as built on 64-bit kernels (lib/siphash.c): there "HalfSipHash-1-3" is SipHash-1-3 on 64-bit words
// (HSIPROUND = SIPROUND), returning the low 32 bits of v0 ^ v1 ^ v2 ^ v3. The key is two 64-bit words.
const MASK = (1n << 64n) - 1n;

function rol(x: bigint, b: bigint): bigint {
  return ((x << b) | (x >> (64n - b))) & MASK;
}

/**
 * SipHash-c-d of a message shorter than 8 bytes, given as its little-endian value: the message is then only the
 * final block b = len << 56 | bytes (lib/siphash.c PREAMBLE/POSTAMBLE).
 */
export function sipHashShort(value: bigint, len: number, k0: bigint, k1: bigint, c: number, d: number): bigint {
  let v0 = 0x736f6d6570736575n ^ k0;
  let v1 = 0x646f72616e646f6dn ^ k1;
  let v2 = 0x6c7967656e657261n ^ k0;
  let v3 = 0x7465646279746573n ^ k1;
  const round = () => {
    v0 = (v0 + v1) & MASK;
    v1 = rol(v1, 13n) ^ v0;
    v0 = rol(v0, 32n);
    v2 = (v2 + v3) & MASK;
    v3 = rol(v3, 16n) ^ v2;
    v0 = (v0 + v3) & MASK;
    v3 = rol(v3, 21n) ^ v0;
    v2 = (v2 + v1) & MASK;
    v1 = rol(v1, 17n) ^ v2;
    v2 = rol(v2, 32n);
  };
  const b = (BigInt(len) << 56n) | value;
  v3 ^= b;
  for (let i = 0; i < c; i++) round();
  v0 ^= b;
  v2 ^= 0xffn;
  for (let i = 0; i < d; i++) round();
  return v0 ^ v1 ^ v2 ^ v3;
}

/** hsiphash(&v, 4, key) of one u32 on a little-endian 64-bit host (what ip_vs_mh_hashkey calls). */
export function hsiphash32(value: number, k0: bigint, k1: bigint): number {
  return Number(sipHashShort(BigInt(value >>> 0), 4, k0, k1, 1, 3) & 0xffffffffn);
}
