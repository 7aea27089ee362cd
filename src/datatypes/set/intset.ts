// The `intset` encoding of a set: a sorted array of distinct integers, stored at the narrowest width
// that fits every one of them. Mirrors: redis src/intset.c (intsetAdd, intsetRemove, intsetFind,
// intsetSearch, intsetUpgradeAndAdd, intsetRandom, intsetGet, _intsetValueEncoding).
//
// The problem: a set of small integers (user ids, flags) stored as a hash table costs ~50 bytes per
// member. Redis stores such a set as one sorted array of integers instead: membership is a binary
// search, O(log n); adding or removing shifts the tail of the array, O(n), which is cheap for the few
// hundred members an intset may hold (set-max-intset-entries, 512 by default).
//
// The width trick: every element has the same width, 2, 4 or 8 bytes (INTSET_ENC_INT16/32/64), the
// smallest that holds the largest magnitude. A set of 16-bit numbers costs 2 bytes per member. Adding
// a number that does not fit "upgrades" the whole array to the wider width; since the new number is
// out of the old range, it is either smaller than everything (negative) or bigger than everything, so
// it goes at one end and no search is needed. Sets never downgrade.
//
// Here the array is a typed array of the same width: Int16Array, Int32Array or BigInt64Array, with
// spare capacity at the end (Redis reallocs to the exact size on every insert; we double instead, so
// adds are amortised O(1) in allocation and O(n) in the copyWithin that makes room).
// Values come and go as JS numbers when they are safe integers, and as bigints beyond ±2^53, the same
// convention as util/numbers.ts's parseLongLong; elements of a BigInt64Array are read back that way.

import type { Rng } from '../../util/clock.js';

/** Bytes per element: INTSET_ENC_INT16, INTSET_ENC_INT32, INTSET_ENC_INT64. */
export type IntsetWidth = 2 | 4 | 8;

/** An intset element: a number when it is a safe integer, a bigint beyond. */
export type IntsetValue = number | bigint;

export interface Intset {
  width: IntsetWidth;
  /** Sorted ascending; slots at index >= length are spare capacity. */
  contents: Int16Array | Int32Array | BigInt64Array;
  length: number;
}

const INITIAL_CAPACITY = 4;
const INT16_MIN = -32768;
const INT16_MAX = 32767;
const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const SAFE_MIN = BigInt(Number.MIN_SAFE_INTEGER);
const SAFE_MAX = BigInt(Number.MAX_SAFE_INTEGER);

export function intsetCreate(): Intset {
  return { width: 2, contents: new Int16Array(INITIAL_CAPACITY), length: 0 };
}

/** _intsetValueEncoding: the narrowest width that holds `v`. */
export function intsetValueWidth(v: IntsetValue): IntsetWidth {
  if (typeof v === 'bigint') return 8;
  if (v >= INT16_MIN && v <= INT16_MAX) return 2;
  if (v >= INT32_MIN && v <= INT32_MAX) return 4;
  return 8;
}

function allocate(width: IntsetWidth, capacity: number): Int16Array | Int32Array | BigInt64Array {
  switch (width) {
    case 2:
      return new Int16Array(capacity);
    case 4:
      return new Int32Array(capacity);
    case 8:
      return new BigInt64Array(capacity);
  }
}

/** A bigint element back to the number|bigint convention. */
function normalize(v: bigint): IntsetValue {
  return v >= SAFE_MIN && v <= SAFE_MAX ? Number(v) : v;
}

/** _intsetGet: the element at `pos` (0 <= pos < length). */
export function intsetGet(set: Intset, pos: number): IntsetValue {
  const v = set.contents[pos] as number | bigint;
  return typeof v === 'bigint' ? normalize(v) : v;
}

/** The element written into a typed array of the set's width. */
function store(set: Intset, pos: number, v: IntsetValue): void {
  if (set.width === 8) (set.contents as BigInt64Array)[pos] = BigInt(v);
  else (set.contents as Int16Array | Int32Array)[pos] = Number(v);
}

/**
 * intsetSearch: binary search for `v` (which must fit the set's width). Returns its position when
 * found, else -(insertion point) - 1.
 */
function search(set: Intset, v: IntsetValue): number {
  let lo = 0;
  let hi = set.length - 1;
  const contents = set.contents;
  // Compare like with like: a BigInt64Array holds bigints, the narrower arrays numbers.
  const key = set.width === 8 ? BigInt(v) : Number(v);
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const cur = contents[mid] as number | bigint;
    if (cur < key) lo = mid + 1;
    else if (cur > key) hi = mid - 1;
    else return mid;
  }
  return -lo - 1;
}

export function intsetFind(set: Intset, v: IntsetValue): boolean {
  return intsetValueWidth(v) <= set.width && search(set, v) >= 0;
}

/** Make room for one more element, doubling the capacity when full. */
function reserve(set: Intset): void {
  if (set.length < set.contents.length) return;
  const bigger = allocate(set.width, Math.max(INITIAL_CAPACITY, set.contents.length * 2));
  copyElements(set.contents, bigger, set.length);
  set.contents = bigger;
}

function copyElements(
  from: Int16Array | Int32Array | BigInt64Array, to: Int16Array | Int32Array | BigInt64Array, count: number,
): void {
  if (to instanceof BigInt64Array) {
    for (let i = 0; i < count; i++) to[i] = BigInt(from[i] as number | bigint);
  } else {
    // Same or wider number width: a plain element-wise copy.
    for (let i = 0; i < count; i++) to[i] = from[i] as number;
  }
}

/**
 * intsetUpgradeAndAdd: widen every element to the width `v` needs, then put `v` at the end it belongs
 * to (it is outside the old range, so it is the new minimum or maximum).
 */
function upgradeAndAdd(set: Intset, v: IntsetValue, width: IntsetWidth): void {
  const wider = allocate(width, Math.max(INITIAL_CAPACITY, (set.length + 1) * 2));
  const prepend = v < 0;
  const offset = prepend ? 1 : 0;
  const old = set.contents;
  if (wider instanceof BigInt64Array) {
    for (let i = 0; i < set.length; i++) wider[i + offset] = BigInt(old[i] as number | bigint);
  } else {
    for (let i = 0; i < set.length; i++) wider[i + offset] = old[i] as number;
  }
  set.contents = wider;
  set.width = width;
  store(set, prepend ? 0 : set.length, v);
  set.length++;
}

/** intsetAdd: true if `v` was added, false if already there. */
export function intsetAdd(set: Intset, v: IntsetValue): boolean {
  const width = intsetValueWidth(v);
  if (width > set.width) {
    upgradeAndAdd(set, v, width);
    return true;
  }
  const found = search(set, v);
  if (found >= 0) return false;
  const pos = -found - 1;
  reserve(set);
  // Shift the tail one place right (intsetMoveTail), then write.
  set.contents.copyWithin(pos + 1, pos, set.length);
  store(set, pos, v);
  set.length++;
  return true;
}

/** intsetRemove: true if `v` was there. The width never shrinks, as in Redis. */
export function intsetRemove(set: Intset, v: IntsetValue): boolean {
  if (intsetValueWidth(v) > set.width) return false;
  const pos = search(set, v);
  if (pos < 0) return false;
  set.contents.copyWithin(pos, pos + 1, set.length);
  set.length--;
  return true;
}

/** Remove the element at `pos` (0 <= pos < length). */
export function intsetRemoveAt(set: Intset, pos: number): void {
  set.contents.copyWithin(pos, pos + 1, set.length);
  set.length--;
}

/** intsetRandom: a uniformly random position. The set must not be empty. */
export function intsetRandomPos(set: Intset, rng: Rng): number {
  return rng.int(set.length);
}

/** Every element, ascending. */
export function intsetValues(set: Intset): IntsetValue[] {
  const out = new Array<IntsetValue>(set.length);
  for (let i = 0; i < set.length; i++) out[i] = intsetGet(set, i);
  return out;
}

/** A copy with its own array (COPY), trimmed to its length. */
export function intsetDuplicate(set: Intset): Intset {
  return { width: set.width, contents: set.contents.slice(0, Math.max(set.length, INITIAL_CAPACITY)), length: set.length };
}
