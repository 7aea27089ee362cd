// What the string commands do to a value: int64 arithmetic (INCR and friends), the long-double view
// INCRBYFLOAT reads, the in-place edits APPEND and SETRANGE, and GETRANGE's slicing. string-type.ts
// holds the value itself (its encodings and stored form); this module only goes through its fields.
// Mirrors: redis src/t_string.c (incrDecrCommand, incrbyfloatCommand, appendCommand, setrangeCommand,
// getrangeCommand, checkStringLength) and src/object.c (getLongDoubleFromObject).

import { longDoubleFromNumber, parseLongDouble, type LongDouble } from '../../util/numbers.js';
import { MAX_STRING_BYTES, createRawString, stringValue, type StringObject } from './string-type.js';

// --- Integer arithmetic (t_string.c incrDecrCommand) ---

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

/**
 * a + b as a signed 64-bit integer, or null when the sum leaves the int64 range (Redis checks
 * before adding: "increment or decrement would overflow"). Small values stay plain numbers.
 */
export function addInt64(a: number | bigint, b: number | bigint): number | bigint | null {
  if (typeof a === 'number' && typeof b === 'number') {
    // Two safe integers whose sum is safe were added exactly.
    const sum = a + b;
    if (Number.isSafeInteger(sum)) return sum;
  }
  const sum = BigInt(a) + BigInt(b);
  if (sum > INT64_MAX || sum < INT64_MIN) return null;
  return sum >= BigInt(Number.MIN_SAFE_INTEGER) && sum <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(sum) : sum;
}

/** INCR on an existing string: Redis updates an int-encoded object in place; the result is int-encoded. */
export function setStringInt(obj: StringObject, n: number | bigint): void {
  obj.encoding = 'int';
  obj.value = n;
}

/**
 * The value as a C long double for INCRBYFLOAT (getLongDoubleFromObject): an int-encoded value
 * converts exactly, any other must parse with string2ld's rules. Null: "not a valid float".
 */
export function stringAsLongDouble(obj: StringObject): LongDouble | null {
  const v = obj.value;
  // A safe integer is an exact double, and every double is an exact long double.
  if (typeof v === 'number') return longDoubleFromNumber(v);
  return parseLongDouble(Buffer.from(typeof v === 'bigint' ? v.toString() : v, 'latin1'));
}

// --- In-place edits: APPEND and SETRANGE ---
// Redis first "unshares" the value (dbUnshareStringValue: a private raw sds copy unless it already
// is one), then edits the bytes in place, so a value touched by APPEND or SETRANGE is always raw.
// Here the value is an immutable JS string: appending builds a rope (cheap), SETRANGE copies the
// string around the patch, which is O(N) where Redis is O(M) in the patch length.

/**
 * Redis's checkStringLength: would `length` + `extra` bytes exceed `maxBytes`
 * (proto-max-bulk-len, and for us V8's own string limit)? `length` may be an int64 offset.
 */
export function exceedsStringLimit(length: number | bigint, extra: number, maxBytes: number): boolean {
  return Number(length) + extra > Math.min(maxBytes, MAX_STRING_BYTES);
}

/** APPEND to an existing string: the object becomes raw; returns the new length. */
export function stringAppend(obj: StringObject, tail: string): number {
  const value = stringValue(obj) + tail;
  obj.encoding = 'raw';
  obj.value = value;
  return value.length;
}

/** SETRANGE on an existing string: zero-pads up to `offset`, writes `patch`; returns the new length. */
export function stringSetRange(obj: StringObject, offset: number, patch: string): number {
  const value = spliceBytes(stringValue(obj), offset, patch);
  obj.encoding = 'raw';
  obj.value = value;
  return value.length;
}

/** SETRANGE on a missing key: a raw string of `offset` zero bytes followed by `patch`. */
export function createStringForSetRange(offset: number, patch: string, lru = 0): StringObject {
  return createRawString(spliceBytes('', offset, patch), lru);
}

function spliceBytes(current: string, offset: number, patch: string): string {
  if (offset >= current.length) return current + '\0'.repeat(offset - current.length) + patch;
  return current.slice(0, offset) + patch + current.slice(offset + patch.length);
}

/**
 * GETRANGE's bytes from `start` to `end` inclusive; negative indexes count from the end, and the
 * range is clamped to the string (Redis 7.0 getrangeCommand). Indexes are int64, so they may be
 * bigints; they are clamped before any arithmetic.
 */
export function stringGetRange(obj: StringObject, start: number | bigint, end: number | bigint): string {
  const value = stringValue(obj);
  const len = value.length;
  // Both negative with start after end: empty, before the clamping below could turn them into 0..0.
  if (start < 0 && end < 0 && start > end) return '';
  let from = clampIndex(start, len);
  let to = clampIndex(end, len);
  if (from < 0) from += len;
  if (to < 0) to += len;
  if (from < 0) from = 0;
  if (to < 0) to = 0;
  if (to >= len) to = len - 1;
  if (from > to || len === 0) return '';
  return value.slice(from, to + 1);
}

/** Bring an int64 index into [-len-1, len] as a number: beyond that the clamping gives the same result. */
function clampIndex(index: number | bigint, len: number): number {
  if (index < -len - 1) return -len - 1;
  if (index > len) return len;
  return Number(index);
}
