// Bit-level reads and writes on string values: the type half of the bitmap commands.
// Mirrors: redis src/bitops.c (redisPopcount, redisBitpos, getUnsignedBitfield, setUnsignedBitfield,
// checkSignedBitfieldOverflow, checkUnsignedBitfieldOverflow, lookupStringForBitCommand's growth).
//
// Bits are numbered from the most significant bit of the first byte: bit 0 is 0x80 of byte 0.
// SIMPLIFIED: values are immutable latin1 JS strings (string-type.ts), so a write rebuilds the
// string around the changed bytes: SETBIT is O(N) where Redis is O(1). Reads index the string.

import { createStringForSetRange } from './string-ops.js';
import { stringValue, type StringObject } from './string-type.js';

/** Set bits per byte value. */
const POPCOUNT = new Uint8Array(256);
for (let i = 1; i < 256; i++) POPCOUNT[i] = (i & 1) + (POPCOUNT[i >> 1] as number);

/** The bit at `offset` (0 past the end). */
export function stringGetBit(obj: StringObject, offset: number): 0 | 1 {
  const value = stringValue(obj);
  const byte = Math.floor(offset / 8);
  if (byte >= value.length) return 0;
  return ((value.charCodeAt(byte) >> (7 - (offset % 8))) & 1) as 0 | 1;
}

/**
 * Make the value a raw string at least `bytes` long, zero-padded (dbUnshareStringValue +
 * sdsgrowzero): an int-encoded value becomes its decimal text. True if the length changed.
 */
export function stringGrowZero(obj: StringObject, bytes: number): boolean {
  const value = stringValue(obj);
  obj.encoding = 'raw';
  if (value.length >= bytes) {
    obj.value = value;
    return false;
  }
  obj.value = value + '\0'.repeat(bytes - value.length);
  return true;
}

/** Write one bit of a raw value already long enough (stringGrowZero). */
export function stringWriteBit(obj: StringObject, offset: number, on: 0 | 1): void {
  const value = stringValue(obj);
  const byte = Math.floor(offset / 8);
  const mask = 1 << (7 - (offset % 8));
  const old = value.charCodeAt(byte);
  const next = on === 1 ? old | mask : old & ~mask;
  if (next !== old) obj.value = value.slice(0, byte) + String.fromCharCode(next) + value.slice(byte + 1);
}

/** Set bits of bytes [start, end] (inclusive), minus the bits the edge masks exclude. */
export function stringBitCount(obj: StringObject, start: number, end: number, firstMask = 0, lastMask = 0): number {
  const value = stringValue(obj);
  let count = 0;
  for (let i = start; i <= end; i++) count += POPCOUNT[value.charCodeAt(i)] as number;
  if (firstMask !== 0) count -= POPCOUNT[value.charCodeAt(start) & firstMask] as number;
  if (lastMask !== 0) count -= POPCOUNT[value.charCodeAt(end) & lastMask] as number;
  return count;
}

/**
 * The first bit equal to `bit` in bits [startBit, endBit] (inclusive), or -1. Skips whole bytes
 * that cannot hold it, as redisBitpos does a word at a time.
 */
export function stringBitPos(obj: StringObject, bit: 0 | 1, startBit: number, endBit: number): number {
  const value = stringValue(obj);
  const skip = bit === 1 ? 0 : 0xff;
  let pos = startBit;
  while (pos <= endBit) {
    const byte = pos >> 3;
    const c = value.charCodeAt(byte);
    if ((pos & 7) === 0 && c === skip && pos + 7 <= endBit) {
      pos += 8;
      continue;
    }
    if (((c >> (7 - (pos & 7))) & 1) === bit) return pos;
    pos++;
  }
  return -1;
}

// --- Bitfields (BITFIELD) ---

/** Read `bits` bits at bit `offset` as an unsigned integer; bytes past the end read as zero. */
export function readBitfield(bytes: Buffer, offset: number, bits: number): bigint {
  let value = 0n;
  for (let i = 0; i < bits; i++) {
    const pos = offset + i;
    const byte = Math.floor(pos / 8);
    const bit = byte < bytes.length ? ((bytes[byte] as number) >> (7 - (pos % 8))) & 1 : 0;
    value = (value << 1n) | BigInt(bit);
  }
  return value;
}

/** Write the low `bits` bits of `value` at bit `offset` (the buffer is long enough). */
export function writeBitfield(bytes: Buffer, offset: number, bits: number, value: bigint): void {
  for (let i = 0; i < bits; i++) {
    const pos = offset + i;
    const byte = Math.floor(pos / 8);
    const mask = 1 << (7 - (pos % 8));
    const on = (value >> BigInt(bits - 1 - i)) & 1n;
    bytes[byte] = on === 1n ? (bytes[byte] as number) | mask : (bytes[byte] as number) & ~mask;
  }
}

export type BitfieldOverflow = 'wrap' | 'sat' | 'fail';

/**
 * old + incr in a `bits`-wide field, with the overflow policy (checkSignedBitfieldOverflow /
 * checkUnsignedBitfieldOverflow). Redis does the check in 64-bit arithmetic; with exact bigints
 * "overflow" is simply "the sum leaves the field's range". Null: FAIL refused the write.
 * For SET, Redis checks the new value with incr 0; an unsigned SET of a negative value is that
 * value as a uint64 (too large), so SAT then gives the maximum.
 */
export function bitfieldAdd(signed: boolean, bits: number, old: bigint, incr: bigint, overflow: BitfieldOverflow): bigint | null {
  const width = BigInt(bits);
  const max = signed ? (1n << (width - 1n)) - 1n : (1n << width) - 1n;
  const min = signed ? -max - 1n : 0n;
  let sum = old + incr;
  if (!signed && sum < 0n && incr === 0n) sum = BigInt.asUintN(64, sum);
  if (sum >= min && sum <= max) return sum;
  if (overflow === 'fail') return null;
  if (overflow === 'sat') return sum > max ? max : min;
  return signed ? BigInt.asIntN(bits, sum) : BigInt.asUintN(bits, sum);
}

/** A raw string holding these bytes (BITOP's result, a key SETBIT/BITFIELD creates): never int or embstr. */
export function createBitmapString(bytes: string, lru = 0): StringObject {
  return createStringForSetRange(0, bytes, lru);
}
