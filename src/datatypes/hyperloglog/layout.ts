// The bytes of a HyperLogLog string: the 16-byte header and the dense encoding's 6-bit registers.
// Mirrors: redis src/hyperloglog.c (struct hllhdr, HLL_VALID_CACHE, HLL_INVALIDATE_CACHE,
// HLL_DENSE_GET_REGISTER, HLL_DENSE_SET_REGISTER, hllDenseRegHisto, isHLLObjectOrReply).
//
// Header, identical for both encodings:
//
//   "HYLL"  encoding (0 dense, 1 sparse)  3 unused zero bytes  cached cardinality (8 bytes, LE)
//
// The cached cardinality saves PFCOUNT the O(16384) estimate when nothing changed since the last
// one; its most significant bit (bit 7 of byte 15) set means "stale, recompute". Writers only set
// that bit, so the stale value's other bits stay as they were (visible in GET, hence kept).
//
// Dense: 16384 registers of 6 bits packed from the least significant bit of each byte upwards, so
// register 1's low two bits are the top of byte 0 and its high four bits the bottom of byte 1:
//
//   byte 0: 11000000   byte 1: 22221111   byte 2: 33333322 ...   (digit = register, MSB left)
//
// 16384 * 6 / 8 = 12288 bytes, plus the header: a dense HLL is always 12304 bytes long.

import { HLL_P } from './murmur-hash.js';

export const HLL_REGISTERS = 1 << HLL_P;
export const HLL_BITS = 6;
export const HLL_REGISTER_MAX = (1 << HLL_BITS) - 1;
export const HLL_HDR_SIZE = 16;
export const HLL_DENSE_SIZE = HLL_HDR_SIZE + ((HLL_REGISTERS * HLL_BITS + 7) >> 3);
export const HLL_DENSE = 0;
export const HLL_SPARSE = 1;
const HLL_MAX_ENCODING = 1;
/** Offset of the encoding byte and of the cached cardinality in the header. */
export const HLL_ENCODING_OFFSET = 4;
export const HLL_CARD_OFFSET = 8;

// --- Header ---

/**
 * Is this string a HyperLogLog Redis would accept (isHLLObjectOrReply)? The magic, a known
 * encoding, and for dense the exact length. A sparse body is only checked when it is walked.
 */
export function isHllString(value: string): boolean {
  if (value.length < HLL_HDR_SIZE) return false;
  if (value.charCodeAt(0) !== 0x48 || value.charCodeAt(1) !== 0x59 || value.charCodeAt(2) !== 0x4c || value.charCodeAt(3) !== 0x4c) {
    return false; // "HYLL"
  }
  const encoding = value.charCodeAt(HLL_ENCODING_OFFSET);
  if (encoding > HLL_MAX_ENCODING) return false;
  return encoding !== HLL_DENSE || value.length === HLL_DENSE_SIZE;
}

/** The encoding byte of a valid HLL string: HLL_DENSE or HLL_SPARSE. */
export function hllEncodingOf(value: string): number {
  return value.charCodeAt(HLL_ENCODING_OFFSET);
}

/** HLL_VALID_CACHE: the cached cardinality may be returned as is. */
export function hasValidCache(value: string): boolean {
  return (value.charCodeAt(HLL_CARD_OFFSET + 7) & 0x80) === 0;
}

/** The cached cardinality (valid cache: bit 63 clear, so at most 2^63 - 1). */
export function cachedCardinality(value: string): number | bigint {
  const at = HLL_CARD_OFFSET;
  const lo = (value.charCodeAt(at) | (value.charCodeAt(at + 1) << 8) | (value.charCodeAt(at + 2) << 16) | (value.charCodeAt(at + 3) << 24)) >>> 0;
  const hi = (value.charCodeAt(at + 4) | (value.charCodeAt(at + 5) << 8) | (value.charCodeAt(at + 6) << 16) | (value.charCodeAt(at + 7) << 24)) >>> 0;
  if (hi < 1 << 21) return hi * 2 ** 32 + lo; // below 2^53: exact as a number
  return (BigInt(hi) << 32n) | BigInt(lo);
}

/** Store `card` as the cached cardinality (which makes the cache valid). */
export function writeCardinality(bytes: Uint8Array, card: number | bigint): void {
  let c = BigInt(card);
  for (let i = 0; i < 8; i++) {
    bytes[HLL_CARD_OFFSET + i] = Number(c & 0xffn);
    c >>= 8n;
  }
}

/** HLL_INVALIDATE_CACHE: mark the cached cardinality stale. */
export function invalidateCache(bytes: Uint8Array): void {
  bytes[HLL_CARD_OFFSET + 7] = (bytes[HLL_CARD_OFFSET + 7] as number) | 0x80;
}

// --- Dense registers ---
// `base` is where the registers start (HLL_HDR_SIZE in an HLL string, 0 in a bare array). The
// byte after the last register is read as 0 when it does not exist (Redis reads the sds's NUL).

/** HLL_DENSE_GET_REGISTER on bytes. */
export function denseGet(bytes: Uint8Array, base: number, register: number): number {
  const bit = register * HLL_BITS;
  const at = base + (bit >>> 3);
  const fb = bit & 7;
  if (fb <= 2) return ((bytes[at] as number) >> fb) & HLL_REGISTER_MAX;
  return (((bytes[at] as number) >> fb) | ((bytes[at + 1] as number) << (8 - fb))) & HLL_REGISTER_MAX;
}

/** HLL_DENSE_GET_REGISTER straight off the stored string: PFADD's check needs no copy of it. */
export function denseGetFromString(value: string, register: number): number {
  const bit = register * HLL_BITS;
  const at = HLL_HDR_SIZE + (bit >>> 3);
  const fb = bit & 7;
  if (fb <= 2) return (value.charCodeAt(at) >> fb) & HLL_REGISTER_MAX;
  return ((value.charCodeAt(at) >> fb) | (value.charCodeAt(at + 1) << (8 - fb))) & HLL_REGISTER_MAX;
}

/** HLL_DENSE_SET_REGISTER: `count` must fit 6 bits. */
export function denseSet(bytes: Uint8Array, base: number, register: number, count: number): void {
  const bit = register * HLL_BITS;
  const at = base + (bit >>> 3);
  const fb = bit & 7;
  bytes[at] = ((bytes[at] as number) & ~(HLL_REGISTER_MAX << fb)) | (count << fb);
  // With fb <= 2 the register sits in one byte; the next one (possibly past the end) is untouched.
  if (fb > 2) {
    const fb8 = 8 - fb;
    bytes[at + 1] = ((bytes[at + 1] as number) & ~(HLL_REGISTER_MAX >> fb8)) | (count >> fb8);
  }
}

/**
 * hllDenseRegHisto: how many registers hold each value 0..63. Sixteen registers fill exactly twelve
 * bytes, so the loop decodes them twelve bytes at a time without per-register shifts arithmetic.
 */
export function denseHistogram(bytes: Uint8Array, base: number, histogram: Int32Array): void {
  let r = base;
  const end = base + (HLL_REGISTERS * HLL_BITS) / 8;
  while (r < end) {
    const b0 = bytes[r] as number, b1 = bytes[r + 1] as number, b2 = bytes[r + 2] as number;
    const b3 = bytes[r + 3] as number, b4 = bytes[r + 4] as number, b5 = bytes[r + 5] as number;
    const b6 = bytes[r + 6] as number, b7 = bytes[r + 7] as number, b8 = bytes[r + 8] as number;
    const b9 = bytes[r + 9] as number, b10 = bytes[r + 10] as number, b11 = bytes[r + 11] as number;
    (histogram[b0 & 63] as number)++;
    (histogram[((b0 >> 6) | (b1 << 2)) & 63] as number)++;
    (histogram[((b1 >> 4) | (b2 << 4)) & 63] as number)++;
    (histogram[(b2 >> 2) & 63] as number)++;
    (histogram[b3 & 63] as number)++;
    (histogram[((b3 >> 6) | (b4 << 2)) & 63] as number)++;
    (histogram[((b4 >> 4) | (b5 << 4)) & 63] as number)++;
    (histogram[(b5 >> 2) & 63] as number)++;
    (histogram[b6 & 63] as number)++;
    (histogram[((b6 >> 6) | (b7 << 2)) & 63] as number)++;
    (histogram[((b7 >> 4) | (b8 << 4)) & 63] as number)++;
    (histogram[(b8 >> 2) & 63] as number)++;
    (histogram[b9 & 63] as number)++;
    (histogram[((b9 >> 6) | (b10 << 2)) & 63] as number)++;
    (histogram[((b10 >> 4) | (b11 << 4)) & 63] as number)++;
    (histogram[(b11 >> 2) & 63] as number)++;
    r += 12;
  }
}
