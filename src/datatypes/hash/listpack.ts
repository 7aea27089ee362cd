// The `listpack` encoding of a small hash: field/value pairs side by side in one packed string, found
// by a linear scan. Mirrors: redis src/t_hash.c (the OBJ_ENCODING_LISTPACK branches of hashTypeGetValue,
// hashTypeSet, hashTypeDelete) and src/listpack.c (lpFind, lpAppend, lpReplace, lpDeleteRange).
//
// Redis keeps a small hash as one listpack: a single allocation holding field1, value1, field2,
// value2 ... back to back, each entry a few header bytes plus its bytes (or a compact integer). For a
// handful of entries a linear scan over contiguous memory beats hashing, and the overhead per entry is
// 2-3 bytes instead of a dict entry's ~40. New fields are appended, so the order is insertion order;
// HSET of an existing field replaces its value in place. Once the hash outgrows
// hash-max-listpack-entries, or any field or value is longer than hash-max-listpack-value bytes, it is
// converted to a hashtable (hash-type.ts decides when).
//
// Layout. We do the same with one latin1 JS string (one char per byte): each entry is its length as a
// varint (7 bits per char, high bit set on all but the last char: one char below 128 bytes) followed
// by its bytes. One string per hash instead of an array plus two strings per pair: measured with
// `--expose-gc` on 100k hashes of 10 fields, 362 instead of 1,066 bytes of heap per hash.
// A write builds a new string (Redis reallocs and memmoves the same way: a listpack is small by
// definition) and reads its first char, which makes V8 flatten the concatenation into one sequential
// string; the GC then drops the rope's wrapper. A read returns a substring (an allocation per HGET,
// where the array handed out the stored string).
// SIMPLIFIED: no integer packing, and no back-length (we never walk backwards). The codec is shared
// with the list's nodes: ../packed.ts.

import type { Rng } from '../../util/clock.js';
import { encodeLength, entryStart, flat, readLength } from '../packed.js';

/** The packed pairs: [varint len][field][varint len][value] ... */
export type HashListpack = string;

/** An empty listpack. */
export const LP_EMPTY: HashListpack = '';

/** What the last lpSet/lpDelete did, for the caller's bookkeeping (a scratch record, not allocated per call). */
export const lpLastWrite = { added: false, delta: 0 };

/** The offset of `field`'s entry header, or -1. */
export function lpFindField(lp: HashListpack, field: string): number {
  const end = lp.length;
  const wanted = field.length;
  let pos = 0;
  while (pos < end) {
    const fieldLength = readLength(lp, pos);
    const fieldStart = entryStart;
    if (fieldLength === wanted && lp.startsWith(field, fieldStart)) return pos;
    const valueLength = readLength(lp, fieldStart + fieldLength);
    pos = entryStart + valueLength;
  }
  return -1;
}

export function lpGet(lp: HashListpack, field: string): string | undefined {
  const pos = lpFindField(lp, field);
  if (pos === -1) return undefined;
  const fieldLength = readLength(lp, pos);
  const valueLength = readLength(lp, entryStart + fieldLength);
  return lp.substring(entryStart, entryStart + valueLength);
}

/**
 * Replace the value of an existing field, or append the pair; returns the new listpack. Sets
 * lpLastWrite: whether the field is new and how many bytes the contents grew by (negative when they
 * shrank), for the caller's memory bookkeeping.
 */
export function lpSet(lp: HashListpack, field: string, value: string): HashListpack {
  const pos = lpFindField(lp, field);
  const encoded = encodeLength(value.length) + value;
  if (pos !== -1) {
    const fieldLength = readLength(lp, pos);
    const valueHeader = entryStart + fieldLength;
    const oldLength = readLength(lp, valueHeader);
    lpLastWrite.added = false;
    lpLastWrite.delta = value.length - oldLength;
    return flat(lp.substring(0, valueHeader) + encoded + lp.substring(entryStart + oldLength));
  }
  lpLastWrite.added = true;
  lpLastWrite.delta = field.length + value.length;
  return flat(lp + encodeLength(field.length) + field + encoded);
}

/**
 * Remove a field and its value; returns the new listpack, or undefined if the field was not there.
 * Sets lpLastWrite.delta to minus the bytes of both.
 */
export function lpDelete(lp: HashListpack, field: string): HashListpack | undefined {
  const pos = lpFindField(lp, field);
  if (pos === -1) return undefined;
  const fieldLength = readLength(lp, pos);
  const valueLength = readLength(lp, entryStart + fieldLength);
  const end = entryStart + valueLength;
  lpLastWrite.added = false;
  lpLastWrite.delta = -(fieldLength + valueLength);
  return flat(lp.substring(0, pos) + lp.substring(end));
}

/** The number of pairs (a walk over the headers: the listpack is small). */
export function lpPairs(lp: HashListpack): number {
  const end = lp.length;
  let pairs = 0;
  let pos = 0;
  while (pos < end) {
    const fieldLength = readLength(lp, pos);
    const valueLength = readLength(lp, entryStart + fieldLength);
    pos = entryStart + valueLength;
    pairs++;
  }
  return pairs;
}

/** Every pair flattened [field, value, ...], in order. */
export function lpEntries(lp: HashListpack): string[] {
  const out: string[] = [];
  const end = lp.length;
  let pos = 0;
  while (pos < end) {
    const length = readLength(lp, pos);
    pos = entryStart + length;
    out.push(lp.substring(entryStart, pos));
  }
  return out;
}

/** A uniformly random pair's index in lpEntries' array (even). The listpack must not be empty. */
export function lpRandomPair(pairs: number, rng: Rng): number {
  return rng.int(pairs) * 2;
}
