// MurmurHash64A, the 64-bit hash every HyperLogLog element goes through, and the pattern it yields.
// Mirrors: redis src/hyperloglog.c (MurmurHash64A, hllPatLen).
//
// Why this exact hash: a HyperLogLog is an ordinary string value whose bytes other Redis servers
// read (DUMP/RESTORE, RDB, replication). The register an element lands in and the value it sets
// are functions of the hash, so a stand-in must hash exactly as Redis does (MurmurHash2's 64-bit
// variant, little-endian word reads, seed 0xadc83b19) or its HLLs would disagree with Redis's.
//
// JavaScript has no 64-bit integer arithmetic outside BigInt, which allocates on every operation.
// The hash here keeps each 64-bit quantity as two 32-bit halves and multiplies by the
// constant m with 16-bit partial products, so hashing an element allocates nothing.

/** The multiplier m = 0xc6a4a7935bd1e995, as its two 32-bit halves. */
const M_HI = 0xc6a4a793;
const M_LO = 0x5bd1e995;
const M_LO_0 = M_LO & 0xffff;
const M_LO_1 = M_LO >>> 16;

/** The seed hllPatLen passes (the seed is a C unsigned int: zero-extended to 64 bits). */
export const HLL_HASH_SEED = 0xadc83b19;

// The high half of the last product and of the last hash: module state instead of an allocated
// pair, since the hash runs once per PFADD element. Low halves are returned. (Measured: returning
// one half and parking the other here is ~3x faster than parking both.)
let outHi = 0;
let hashLo = 0;

/** (hi, lo) * m modulo 2^64: returns the low 32 bits (as int32), leaves the high ones in outHi. */
function mulM(hi: number, lo: number): number {
  // The low halves' full 64-bit product from 16x16-bit partial products (each exact in a double).
  const a0 = lo & 0xffff;
  const a1 = lo >>> 16;
  const c0 = a0 * M_LO_0;
  let c1 = (c0 >>> 16) + a1 * M_LO_0;
  let c2 = (c1 / 65536) | 0;
  c1 = (c1 & 0xffff) + a0 * M_LO_1;
  c2 += ((c1 / 65536) | 0) + a1 * M_LO_1;
  // The cross terms only reach the high half, where their low 32 bits are all that count.
  outHi = (c2 + Math.imul(hi, M_LO) + Math.imul(lo, M_HI)) | 0;
  return ((c1 & 0xffff) << 16) | (c0 & 0xffff);
}

/**
 * Hash `len` bytes of `data` from `start`: the low half is left in hashLo, the high in outHi (both
 * int32; read them with >>> 0). The 8-byte blocks are read as little-endian words, as Redis does
 * on every architecture (its "endian neutral" variant).
 */
function murmur64(data: Uint8Array, start: number, len: number, seed: number): void {
  // h = seed ^ (len * m); len < 2^32 so the product is (0, len) * m.
  let hLo = mulM(0, len) ^ seed;
  let hHi = outHi;
  const blocksEnd = start + len - (len & 7);
  let i = start;
  while (i < blocksEnd) {
    let kLo = (data[i] as number) | ((data[i + 1] as number) << 8) | ((data[i + 2] as number) << 16) | ((data[i + 3] as number) << 24);
    let kHi = (data[i + 4] as number) | ((data[i + 5] as number) << 8) | ((data[i + 6] as number) << 16) | ((data[i + 7] as number) << 24);
    kLo = mulM(kHi, kLo);
    kHi = outHi;
    kLo ^= kHi >>> 15; // k ^= k >> 47: only the high half's top 17 bits reach the low half
    kLo = mulM(kHi, kLo);
    kHi = outHi;
    hHi ^= kHi;
    hLo = mulM(hHi, hLo ^ kLo);
    hHi = outHi;
    i += 8;
  }
  // The 1..7 trailing bytes, most significant first (the C switch falls through its cases).
  const rem = len & 7;
  if (rem !== 0) {
    if (rem >= 7) hHi ^= (data[i + 6] as number) << 16;
    if (rem >= 6) hHi ^= (data[i + 5] as number) << 8;
    if (rem >= 5) hHi ^= data[i + 4] as number;
    if (rem >= 4) hLo ^= (data[i + 3] as number) << 24;
    if (rem >= 3) hLo ^= (data[i + 2] as number) << 16;
    if (rem >= 2) hLo ^= (data[i + 1] as number) << 8;
    hLo = mulM(hHi, hLo ^ (data[i] as number));
    hHi = outHi;
  }
  hLo = mulM(hHi, hLo ^ (hHi >>> 15));
  hHi = outHi;
  hashLo = hLo ^ (hHi >>> 15);
}

/** MurmurHash64A of `data` as an unsigned 64-bit bigint (tests and tools; the hot path uses hllPatLen). */
export function murmurHash64A(data: Uint8Array, seed: number = HLL_HASH_SEED): bigint {
  murmur64(data, 0, data.length, seed | 0);
  return (BigInt(outHi >>> 0) << 32n) | BigInt(hashLo >>> 0);
}

/** Registers: 2^HLL_P. The low HLL_P bits of the hash pick the register. */
export const HLL_P = 14;
/** The hash bits left for the run of zeros: 64 - HLL_P. */
export const HLL_Q = 64 - HLL_P;

/**
 * hllPatLen: the register an element lands in and the length of the "000...1" run in the hash bits
 * above the index (counting the final 1, so at least 1 and at most HLL_Q + 1 = 51).
 * Returned packed as `register * 64 + count` so the caller allocates nothing.
 */
export function hllPatLen(ele: Uint8Array, start = 0, len = ele.length - start): number {
  murmur64(ele, start, len, HLL_HASH_SEED | 0);
  const index = hashLo & ((1 << HLL_P) - 1);
  // The hash shifted right by HLL_P: 18 bits from the low half, then all 32 of the high half;
  // Redis sets bit HLL_Q of it so the run ends by HLL_Q + 1 at the latest.
  const low = hashLo >>> HLL_P;
  let count: number;
  if (low !== 0) count = 32 - Math.clz32(low & -low);
  else if (outHi !== 0) count = 18 + 32 - Math.clz32(outHi & -outHi);
  else count = HLL_Q + 1;
  return index * 64 + count;
}
