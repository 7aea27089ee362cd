// The string type: its three encodings and the operations the string commands build on.
// Mirrors: redis src/object.c (createStringObject, tryObjectEncoding, OBJ_ENCODING_INT/EMBSTR/RAW)
// and the type half of src/t_string.c.
//
// Encodings, as OBJECT ENCODING reports them (Redis 7.0):
//   int     a canonical decimal that fits a signed 64-bit integer, at most 20 chars ("123", "-5").
//           We keep it as a JS number when it is a safe integer, else a bigint.
//   embstr  any other value of at most 44 bytes (Redis allocates the header and bytes together).
//   raw     longer values, and any value APPEND or SETRANGE changed (Redis then edits it in place).
// SIMPLIFIED: embstr and raw both keep the bytes as a latin1 JS string (one char per byte, so binary
// data and invalid UTF-8 round-trip exactly). A V8 one-byte string costs its length plus a 16-byte
// header, far less than a Buffer object (~100 bytes of wrappers), which is what matters for
// millions of small values; concatenation (APPEND) makes a rope instead of copying.
// DIFFERS FROM REDIS: V8 caps a string at 2^29-24 bytes, 24 bytes short of proto-max-bulk-len's
// default 512 MB; SETRANGE/APPEND refuse to grow past that with Redis's size error.

import { longDoubleFromNumber, parseLongDouble, type LongDouble } from '../../util/numbers.js';
import { parseInt64Latin1 } from './int-parse.js';

export interface StringObject {
  readonly type: 'string';
  encoding: 'int' | 'embstr' | 'raw';
  /** int: number | bigint; embstr/raw: latin1 string. */
  value: number | bigint | string;
  lru: number;
  /**
   * What the keyspace charged for it (memory accounting, src/eviction/memory-model.ts). Created as a
   * field so V8 keeps it inside the object: adding it later would allocate a property array per key.
   */
  charged?: number;
  /** The key's SCAN slot in its database (keyspace/database.ts); -1 while not stored. In-object, as `charged`. */
  slot?: number;
}

/**
 * A string value as stored. `type` lives on the prototype, not in each object: every string has the
 * same one, and a field costs 8 bytes per key (V8 in Node has no pointer compression). The other
 * fields are all set by the constructor, so V8 keeps them in-object.
 */
class StringValue implements StringObject {
  declare readonly type: 'string';
  constructor(
    public encoding: StringObject['encoding'],
    public value: number | bigint | string,
    public lru: number,
    public charged: number,
    public slot: number,
  ) {}
}
Object.defineProperty(StringValue.prototype, 'type', { value: 'string', enumerable: true, writable: false });

function newString(encoding: StringObject['encoding'], value: number | bigint | string, lru: number): StringObject {
  return new StringValue(encoding, value, lru, 0, -1);
}

/** OBJ_ENCODING_EMBSTR_SIZE_LIMIT: the longest value stored as embstr. */
export const EMBSTR_SIZE_LIMIT = 44;
/** The longest decimal Redis tries to store as int (string2l on at most 20 chars). */
const INT_MAX_CHARS = 20;
/** Redis's shared integers 0..9999 (OBJ_SHARED_INTEGERS): OBJECT REFCOUNT reports INT_MAX for them. */
export const OBJ_SHARED_INTEGERS = 10000;
/** V8's maximum string length on 64-bit platforms. */
export const MAX_STRING_BYTES = 2 ** 29 - 24;

/** A string object as SET stores it: tryObjectEncoding picks int, embstr or raw. */
export function createString(bytes: Buffer | string, lru = 0): StringObject {
  const text = typeof bytes === 'string' ? bytes : bytes.latin1Slice(0, bytes.length);
  if (text.length <= INT_MAX_CHARS && text.length > 0) {
    const n = parseInt64Latin1(text);
    if (n !== null) return newString('int', n, lru);
  }
  return newString(text.length <= EMBSTR_SIZE_LIMIT ? 'embstr' : 'raw', text, lru);
}

/** A string object holding exactly these bytes without trying int (INCRBYFLOAT's result). */
export function createRawOrEmbstr(text: string, lru = 0): StringObject {
  return newString(text.length <= EMBSTR_SIZE_LIMIT ? 'embstr' : 'raw', text, lru);
}

/** An int-encoded string (INCR, DECR): integers outside the safe range stay exact as bigint. */
export function createStringFromInt(n: number | bigint, lru = 0): StringObject {
  const value = typeof n === 'bigint' && n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
  return newString('int', value, lru);
}

/** The value's bytes as a latin1 string (how replies and other types consume it). */
export function stringValue(obj: StringObject): string {
  const v = obj.value;
  return typeof v === 'string' ? v : String(v);
}

export function stringLength(obj: StringObject): number {
  const v = obj.value;
  return typeof v === 'string' ? v.length : String(v).length;
}

/** The value's bytes as a Buffer (copy). */
export function stringBytes(obj: StringObject): Buffer {
  return Buffer.from(stringValue(obj), 'latin1');
}

/**
 * The value as a 64-bit integer when the whole value is one (INCR's getLongLongFromObject), else
 * null. An int-encoded value answers without parsing.
 */
export function stringAsInt(obj: StringObject): number | bigint | null {
  const v = obj.value;
  if (typeof v !== 'string') return v;
  return v.length <= INT_MAX_CHARS && v.length > 0 ? parseInt64Latin1(v) : null;
}

/** OBJECT REFCOUNT: Redis shares the objects for 0..9999 (when no LRU/LFU policy needs per-key fields). */
export function stringRefcount(obj: StringObject, sharedIntegersEnabled: boolean): number {
  const v = obj.value;
  if (sharedIntegersEnabled && obj.encoding === 'int' && typeof v === 'number' && v >= 0 && v < OBJ_SHARED_INTEGERS) {
    return 2147483647; // OBJ_SHARED_REFCOUNT
  }
  return 1;
}

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
  return newString('raw', spliceBytes('', offset, patch), lru);
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

/** A copy with its own fields (COPY); keeps the encoding, unlike createString. */
export function duplicateString(obj: StringObject): StringObject {
  return newString(obj.encoding, obj.value, obj.lru);
}
