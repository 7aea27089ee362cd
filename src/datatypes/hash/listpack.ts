// The `listpack` encoding of a small hash: field/value pairs side by side in one array, found by a
// linear scan. Mirrors: redis src/t_hash.c (the OBJ_ENCODING_LISTPACK branches of hashTypeGetValue,
// hashTypeSet, hashTypeDelete) and src/listpack.c (lpFind, lpAppend, lpReplace, lpDeleteRange).
//
// Redis keeps a small hash as one listpack: a single allocation holding field1, value1, field2,
// value2 ... back to back, each entry a few header bytes plus its bytes (or a compact integer). For a
// handful of entries a linear scan over contiguous memory beats hashing, and the overhead per entry is
// 2-3 bytes instead of a dict entry's ~40. New fields are appended, so the order is insertion order;
// HSET of an existing field replaces its value in place. Once the hash outgrows
// hash-max-listpack-entries, or any field or value is longer than hash-max-listpack-value bytes, it is
// converted to a hashtable (hash-type.ts decides when).
// SIMPLIFIED: we model the idea, not the byte layout: a JS array [field1, value1, field2, value2 ...]
// of latin1 strings. Lookups are the same linear scan; there is no integer packing.

import type { Rng } from '../../util/clock.js';

/** [field, value, field, value, ...] */
export type HashListpack = string[];

/** The index of `field`'s entry (even), or -1. */
export function lpFindField(lp: HashListpack, field: string): number {
  for (let i = 0; i < lp.length; i += 2) if (lp[i] === field) return i;
  return -1;
}

export function lpGet(lp: HashListpack, field: string): string | undefined {
  const i = lpFindField(lp, field);
  return i === -1 ? undefined : lp[i + 1];
}

/**
 * Replace the value of an existing field, or append the pair. Returns how many bytes the
 * listpack's contents grew by (negative when they shrank) and whether the field is new, for the
 * caller's memory bookkeeping.
 */
export function lpSet(lp: HashListpack, field: string, value: string): { added: boolean; delta: number } {
  const i = lpFindField(lp, field);
  if (i !== -1) {
    const old = lp[i + 1] as string;
    lp[i + 1] = value;
    return { added: false, delta: value.length - old.length };
  }
  lp.push(field, value);
  return { added: true, delta: field.length + value.length };
}

/** Remove a field and its value; the bytes of both removed, or -1 if the field was not there. */
export function lpDelete(lp: HashListpack, field: string): number {
  const i = lpFindField(lp, field);
  if (i === -1) return -1;
  const removed = (lp[i] as string).length + (lp[i + 1] as string).length;
  lp.splice(i, 2);
  return removed;
}

/** The number of pairs. */
export function lpPairs(lp: HashListpack): number {
  return lp.length >> 1;
}

/** A uniformly random pair's index (even). The listpack must not be empty. */
export function lpRandomPair(lp: HashListpack, rng: Rng): number {
  return rng.int(lp.length >> 1) * 2;
}
