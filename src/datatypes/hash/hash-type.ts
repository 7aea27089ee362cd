// The hash type: the API hash commands call, whatever the encoding, and the rule for when a small
// hash becomes a big one. Mirrors: redis src/t_hash.c (the "Hash type API" half: hashTypeTryConversion,
// hashTypeGetValue, hashTypeSet, hashTypeDelete, hashTypeLength, hashTypeConvert, hashTypeDup,
// hashTypeRandomElement) and src/object.c (createHashObject).
//
// Encodings, as OBJECT ENCODING reports them (Redis 7.0):
//   listpack   a new hash; field/value pairs in one array, scanned linearly (listpack.ts).
//   hashtable  once the hash has more than hash-max-listpack-entries fields, or a field or value
//              longer than hash-max-listpack-value bytes is written (hashtable.ts, dict.ts).
// The conversion is one-way: deleting fields never turns a hashtable back into a listpack.
//
// Fields and values are bytes kept as latin1 strings (one char per byte), so `.length` is the byte
// length that the thresholds compare against.

import type { Rng } from '../../util/clock.js';
import { assertNever } from '../object.js';
import { sampleDistinct } from '../dict.js';
import { copyHashDict, hashDictFromListpack, type HashDict } from './hashtable.js';
import { LP_EMPTY, lpDelete, lpEntries, lpFindField, lpGet, lpLastWrite, lpPairs, lpRandomPair, lpSet, type HashListpack } from './listpack.js';

/** A small hash: OBJECT ENCODING "listpack". */
export interface ListpackHashObject {
  readonly type: 'hash';
  encoding: 'listpack';
  lru: number;
  /** Bytes the keyspace charged (memory accounting); a field from creation so V8 keeps it in-object. */
  charged?: number;
  /** The key's SCAN slot in its database (keyspace/database.ts); -1 while not stored. In-object, as `charged`. */
  slot?: number;
  data: HashListpack;
  /** The sum of the fields' and values' lengths in bytes while a listpack (memory accounting). */
  elementBytes: number;
}

/** A big hash: OBJECT ENCODING "hashtable". */
export interface HashtableHashObject {
  readonly type: 'hash';
  encoding: 'hashtable';
  lru: number;
  /** Bytes the keyspace charged (memory accounting); a field from creation so V8 keeps it in-object. */
  charged?: number;
  /** The key's SCAN slot in its database (keyspace/database.ts); -1 while not stored. In-object, as `charged`. */
  slot?: number;
  data: HashDict;
  /** Unused once a hashtable (the Dict keeps its own byte counts). */
  elementBytes: number;
}

/**
 * A hash value. Like Redis's robj (encoding + ptr), `encoding` and `data` change together, in place,
 * when the hash converts: the keyspace keeps pointing at the same object.
 */
export type HashObject = ListpackHashObject | HashtableHashObject;

/** The two thresholds, read from config by the caller (hash-max-listpack-entries / -value). */
export interface HashLimits {
  readonly maxListpackEntries: number;
  readonly maxListpackValue: number;
}

/** Field/value pairs as two parallel arrays (HRANDFIELD's results). */
export interface HashPairs {
  readonly fields: string[];
  readonly values: string[];
}

/** One HSCAN call's result: pairs flattened [field, value, ...] and the next cursor (0: done). */
export interface HashScanStep {
  readonly cursor: number;
  readonly pairs: string[];
}

// --- Creation and conversion ---

/** An empty hash (createHashObject): always a listpack; the first write may convert it. */
export function createHash(): HashObject {
  return { type: 'hash', encoding: 'listpack', lru: 0, charged: 0, slot: -1, data: LP_EMPTY, elementBytes: 0 };
}

/** hashTypeConvert: listpack → hashtable, in place. */
function convertToHashtable(h: ListpackHashObject): HashtableHashObject {
  const dict = hashDictFromListpack(h.data);
  // The one place an object changes encoding: the discriminant and the payload move together.
  const target = h as unknown as { encoding: HashObject['encoding']; data: HashListpack | HashDict };
  target.encoding = 'hashtable';
  target.data = dict;
  return h as unknown as HashtableHashObject;
}

/** A deep copy (COPY must not share mutable state): hashTypeDup. */
export function duplicateHash(h: HashObject): HashObject {
  switch (h.encoding) {
    case 'listpack':
      // The packed listpack is an immutable string: the copy may share it.
      return { type: 'hash', encoding: 'listpack', lru: h.lru, charged: 0, slot: -1, data: h.data, elementBytes: h.elementBytes };
    case 'hashtable':
      return { type: 'hash', encoding: 'hashtable', lru: h.lru, charged: 0, slot: -1, data: copyHashDict(h.data), elementBytes: 0 };
    default:
      return assertNever(h, 'hash encoding');
  }
}

// --- Reads ---

export function hashLength(h: HashObject): number {
  switch (h.encoding) {
    case 'listpack':
      return lpPairs(h.data);
    case 'hashtable':
      return h.data.size;
    default:
      return assertNever(h, 'hash encoding');
  }
}

/** The value of a field, or undefined. */
export function hashGet(h: HashObject, field: string): string | undefined {
  switch (h.encoding) {
    case 'listpack':
      return lpGet(h.data, field);
    case 'hashtable':
      return h.data.get(field);
    default:
      return assertNever(h, 'hash encoding');
  }
}

export function hashExists(h: HashObject, field: string): boolean {
  switch (h.encoding) {
    case 'listpack':
      return lpFindField(h.data, field) !== -1;
    case 'hashtable':
      return h.data.has(field);
    default:
      return assertNever(h, 'hash encoding');
  }
}

/** Every field, in the hash's order (HKEYS). */
export function hashFields(h: HashObject): string[] {
  switch (h.encoding) {
    case 'listpack': {
      const lp = lpEntries(h.data);
      const out = new Array<string>(lp.length >> 1);
      for (let i = 0; i < lp.length; i += 2) out[i >> 1] = lp[i] as string;
      return out;
    }
    case 'hashtable':
      return h.data.keyList();
    default:
      return assertNever(h, 'hash encoding');
  }
}

/** Every value, in the hash's order (HVALS). */
export function hashValues(h: HashObject): string[] {
  switch (h.encoding) {
    case 'listpack': {
      const lp = lpEntries(h.data);
      const out = new Array<string>(lp.length >> 1);
      for (let i = 1; i < lp.length; i += 2) out[i >> 1] = lp[i] as string;
      return out;
    }
    case 'hashtable':
      return h.data.valueList();
    default:
      return assertNever(h, 'hash encoding');
  }
}

/** Every pair flattened [field, value, ...], in the hash's order (HGETALL). */
export function hashPairs(h: HashObject): string[] {
  switch (h.encoding) {
    case 'listpack':
      return lpEntries(h.data);
    case 'hashtable': {
      const out = new Array<string>(h.data.size * 2);
      let n = 0;
      h.data.forEach((field, value) => {
        out[n++] = field;
        out[n++] = value;
      });
      return out;
    }
    default:
      return assertNever(h, 'hash encoding');
  }
}

// --- Writes ---

/**
 * hashTypeSet (with the checks of hashTypeTryConversion): set a field, converting first when the field
 * or value is too long for a listpack and afterwards when the hash has too many fields. Returns true
 * if the field is new (HSET counts those).
 */
export function hashSet(h: HashObject, field: string, value: string, limits: HashLimits): boolean {
  switch (h.encoding) {
    case 'listpack': {
      if (field.length > limits.maxListpackValue || value.length > limits.maxListpackValue) {
        return convertToHashtable(h).data.set(field, value);
      }
      h.data = lpSet(h.data, field, value);
      const added = lpLastWrite.added;
      h.elementBytes += lpLastWrite.delta;
      // A pair takes at least 2 chars, so a short listpack cannot be over the limit: count only a long one.
      if (added && h.data.length > 2 * limits.maxListpackEntries && lpPairs(h.data) > limits.maxListpackEntries) convertToHashtable(h);
      return added;
    }
    case 'hashtable':
      return h.data.set(field, value);
    default:
      return assertNever(h, 'hash encoding');
  }
}

/** Remove a field; true if it was there. The caller deletes the key when the hash becomes empty. */
export function hashDelete(h: HashObject, field: string): boolean {
  switch (h.encoding) {
    case 'listpack': {
      const next = lpDelete(h.data, field);
      if (next === undefined) return false;
      h.data = next;
      h.elementBytes += lpLastWrite.delta;
      return true;
    }
    case 'hashtable':
      return h.data.delete(field);
    default:
      return assertNever(h, 'hash encoding');
  }
}

// --- Random pairs (HRANDFIELD) ---

/** One uniformly random pair. The hash must not be empty. */
export function hashRandomPair(h: HashObject, rng: Rng): readonly [string, string] {
  switch (h.encoding) {
    case 'listpack': {
      const lp = lpEntries(h.data);
      const i = lpRandomPair(lp.length >> 1, rng);
      return [lp[i] as string, lp[i + 1] as string];
    }
    case 'hashtable': {
      const slot = h.data.randomSlot(rng);
      return [h.data.keyAt(slot), h.data.valueAt(slot)];
    }
    default:
      return assertNever(h, 'hash encoding');
  }
}

/** `count` random pairs, each drawn independently (so repeats happen): HRANDFIELD with count < 0. */
export function hashRandomPairs(h: HashObject, count: number, rng: Rng): HashPairs {
  const fields = new Array<string>(count);
  const values = new Array<string>(count);
  for (let i = 0; i < count; i++) {
    const [field, value] = hashRandomPair(h, rng);
    fields[i] = field;
    values[i] = value;
  }
  return { fields, values };
}

/**
 * min(count, length) distinct random pairs: HRANDFIELD with count > 0. Asking for the whole hash or
 * more returns every pair in the hash's order, as Redis does; otherwise the order is random.
 */
export function hashRandomDistinctPairs(h: HashObject, count: number, rng: Rng): HashPairs {
  const size = hashLength(h);
  if (count >= size) return { fields: hashFields(h), values: hashValues(h) };
  switch (h.encoding) {
    case 'listpack': {
      const lp = lpEntries(h.data);
      const picks = sampleDistinct(count, size, rng, () => lpRandomPair(size, rng), () => {
        const all = new Array<number>(size);
        for (let i = 0; i < size; i++) all[i] = i * 2;
        return all;
      });
      return { fields: picks.map((i) => lp[i] as string), values: picks.map((i) => lp[i + 1] as string) };
    }
    case 'hashtable': {
      const dict = h.data;
      const picks = sampleDistinct(count, size, rng, () => dict.randomSlot(rng), () => dict.slotList());
      return { fields: picks.map((slot) => dict.keyAt(slot)), values: picks.map((slot) => dict.valueAt(slot)) };
    }
    default:
      return assertNever(h, 'hash encoding');
  }
}

// --- Scanning (HSCAN) ---

/**
 * One HSCAN step. A listpack is small by definition, so it is returned whole with cursor 0 whatever
 * the cursor and COUNT (as Redis does); a hashtable walks about `count` fields from `cursor`.
 */
export function hashScan(h: HashObject, cursor: number, count: number): HashScanStep {
  switch (h.encoding) {
    case 'listpack':
      return { cursor: 0, pairs: lpEntries(h.data) };
    case 'hashtable': {
      const dict = h.data;
      const step = dict.scan(cursor, count);
      const pairs = new Array<string>(step.slots.length * 2);
      let n = 0;
      for (const slot of step.slots) {
        pairs[n++] = dict.keyAt(slot);
        pairs[n++] = dict.valueAt(slot);
      }
      return { cursor: step.cursor, pairs };
    }
    default:
      return assertNever(h, 'hash encoding');
  }
}
