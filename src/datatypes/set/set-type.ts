// The set type: the API set commands call, whatever the encoding, and the rule for when an intset
// becomes a hashtable. Mirrors: redis src/t_set.c (the "Set type API" half: setTypeCreate, setTypeAdd,
// setTypeRemove, setTypeIsMember, setTypeRandomElement, setTypeSize, setTypeConvert, setTypeDup) and
// src/object.c (createIntsetObject, createSetObject).
//
// Encodings, as OBJECT ENCODING reports them (Redis 7.0; 7.2 added a listpack in between):
//   intset     while every member is an integer in int64 written canonically ("12", "-7"; not "012",
//              "+1", "-0" or "1.0") and there are at most set-max-intset-entries of them (intset.ts).
//              Members come back in ascending numeric order.
//   hashtable  otherwise (hashtable.ts, ../hash/dict.ts). Members come back in insertion order.
// A set is born an intset when its first member is an integer, else a hashtable. The conversion is
// one-way, except that SPOP can rebuild a set from scratch (see set-ops.ts).
//
// Members are bytes kept as latin1 strings; an intset keeps numbers and gives them back as decimal
// text, which is exactly the text that was added (only canonical text is stored as an integer).

import type { Rng } from '../../util/clock.js';
import { sampleDistinct } from '../dict.js';
import { assertNever } from '../object.js';
import { parseInt64Latin1 } from '../string/int-parse.js';
import { copySetDict, createSetDict, setDictFromIntset, type SetDict } from './hashtable.js';
import {
  intsetAdd, intsetCreate, intsetDuplicate, intsetFind, intsetGet, intsetRandomPos, intsetRemove, intsetRemoveAt,
  type Intset, type IntsetValue,
} from './intset.js';

/** A set of integers: OBJECT ENCODING "intset". */
export interface IntsetSetObject {
  readonly type: 'set';
  encoding: 'intset';
  lru: number;
  /** Bytes the keyspace charged (memory accounting); a field from creation so V8 keeps it in-object. */
  charged?: number;
  /** The key's SCAN slot in its database (keyspace/database.ts); -1 while not stored. In-object, as `charged`. */
  slot?: number;
  data: Intset;
}

/** Any other set: OBJECT ENCODING "hashtable". */
export interface HashtableSetObject {
  readonly type: 'set';
  encoding: 'hashtable';
  lru: number;
  /** Bytes the keyspace charged (memory accounting); a field from creation so V8 keeps it in-object. */
  charged?: number;
  /** The key's SCAN slot in its database (keyspace/database.ts); -1 while not stored. In-object, as `charged`. */
  slot?: number;
  data: SetDict;
}

/**
 * A set value. Like Redis's robj (encoding + ptr), `encoding` and `data` change together, in place,
 * when the set converts: the keyspace keeps pointing at the same object.
 */
export type SetObject = IntsetSetObject | HashtableSetObject;

/** The threshold, read from config by the caller (set-max-intset-entries). */
export interface SetLimits {
  readonly maxIntsetEntries: number;
}

/** One SSCAN call's result. */
export interface SetScanStep {
  readonly cursor: number;
  readonly members: string[];
}

/**
 * isSdsRepresentableAsLongLong: the member as an int64 when its text is exactly a canonical decimal
 * (string2ll's rules), else null.
 */
export function memberAsInt(member: string): IntsetValue | null {
  return parseInt64Latin1(member);
}

// --- Creation and conversion ---

/** createIntsetObject: an empty intset-encoded set (the STORE commands start from one). */
export function createIntsetSet(): SetObject {
  return { type: 'set', encoding: 'intset', lru: 0, charged: 0, slot: -1, data: intsetCreate() };
}

/** setTypeCreate: an empty set that can hold `firstMember`: an intset if it is an integer. */
export function createSetFor(firstMember: string): SetObject {
  if (memberAsInt(firstMember) !== null) return createIntsetSet();
  return { type: 'set', encoding: 'hashtable', lru: 0, charged: 0, slot: -1, data: createSetDict() };
}

/** setTypeConvert: intset → hashtable, in place. */
function convertToHashtable(set: IntsetSetObject): HashtableSetObject {
  const dict = setDictFromIntset(set.data);
  // The one place an object changes encoding: the discriminant and the payload move together.
  const target = set as unknown as { encoding: SetObject['encoding']; data: Intset | SetDict };
  target.encoding = 'hashtable';
  target.data = dict;
  return set as unknown as HashtableSetObject;
}

/** A deep copy (COPY must not share mutable state): setTypeDup. */
export function duplicateSet(set: SetObject): SetObject {
  switch (set.encoding) {
    case 'intset':
      return { type: 'set', encoding: 'intset', lru: set.lru, charged: 0, slot: -1, data: intsetDuplicate(set.data) };
    case 'hashtable':
      return { type: 'set', encoding: 'hashtable', lru: set.lru, charged: 0, slot: -1, data: copySetDict(set.data) };
    default:
      return assertNever(set, 'set encoding');
  }
}

// --- Reads ---

export function setSize(set: SetObject): number {
  switch (set.encoding) {
    case 'intset':
      return set.data.length;
    case 'hashtable':
      return set.data.size;
    default:
      return assertNever(set, 'set encoding');
  }
}

export function setIsMember(set: SetObject, member: string): boolean {
  switch (set.encoding) {
    case 'intset': {
      const n = memberAsInt(member);
      return n !== null && intsetFind(set.data, n);
    }
    case 'hashtable':
      return set.data.has(member);
    default:
      return assertNever(set, 'set encoding');
  }
}

/** Membership of an integer (set algebra over intsets skips the text round trip). */
export function setHasInt(set: SetObject, value: IntsetValue): boolean {
  switch (set.encoding) {
    case 'intset':
      return intsetFind(set.data, value);
    case 'hashtable':
      return set.data.has(String(value));
    default:
      return assertNever(set, 'set encoding');
  }
}

/** Every member in the set's order: ascending for an intset, insertion order for a hashtable. */
export function setMembers(set: SetObject): string[] {
  switch (set.encoding) {
    case 'intset': {
      const ints = set.data;
      const out = new Array<string>(ints.length);
      for (let i = 0; i < ints.length; i++) out[i] = String(intsetGet(ints, i));
      return out;
    }
    case 'hashtable':
      return set.data.keyList();
    default:
      return assertNever(set, 'set encoding');
  }
}

// --- Writes ---

/**
 * setTypeAdd: add a member; true if it is new. An intset converts to a hashtable when the member is
 * not an integer, or when it would grow past set-max-intset-entries.
 */
export function setAdd(set: SetObject, member: string, limits: SetLimits): boolean {
  switch (set.encoding) {
    case 'intset': {
      const n = memberAsInt(member);
      if (n === null) return convertToHashtable(set).data.add(member);
      if (!intsetAdd(set.data, n)) return false;
      if (set.data.length > limits.maxIntsetEntries) convertToHashtable(set);
      return true;
    }
    case 'hashtable':
      return set.data.add(member);
    default:
      return assertNever(set, 'set encoding');
  }
}

/** setAdd for a member already known to be an integer (set algebra over intsets skips the text). */
export function setAddInt(set: SetObject, value: IntsetValue, limits: SetLimits): boolean {
  switch (set.encoding) {
    case 'intset': {
      if (!intsetAdd(set.data, value)) return false;
      if (set.data.length > limits.maxIntsetEntries) convertToHashtable(set);
      return true;
    }
    case 'hashtable':
      return set.data.add(String(value));
    default:
      return assertNever(set, 'set encoding');
  }
}

/** setTypeRemove: true if the member was there. The caller deletes the key when the set empties. */
export function setRemove(set: SetObject, member: string): boolean {
  switch (set.encoding) {
    case 'intset': {
      const n = memberAsInt(member);
      return n !== null && intsetRemove(set.data, n);
    }
    case 'hashtable':
      return set.data.delete(member);
    default:
      return assertNever(set, 'set encoding');
  }
}

// --- Random members (SRANDMEMBER, SPOP) ---

/** setTypeRandomElement: a uniformly random member. The set must not be empty. */
export function setRandomMember(set: SetObject, rng: Rng): string {
  switch (set.encoding) {
    case 'intset':
      return String(intsetGet(set.data, intsetRandomPos(set.data, rng)));
    case 'hashtable':
      return set.data.randomKey(rng);
    default:
      return assertNever(set, 'set encoding');
  }
}

/** Remove and return a uniformly random member (SPOP). The set must not be empty. */
export function setPopRandom(set: SetObject, rng: Rng): string {
  switch (set.encoding) {
    case 'intset': {
      const pos = intsetRandomPos(set.data, rng);
      const member = String(intsetGet(set.data, pos));
      intsetRemoveAt(set.data, pos);
      return member;
    }
    case 'hashtable': {
      const member = set.data.randomKey(rng);
      set.data.delete(member);
      return member;
    }
    default:
      return assertNever(set, 'set encoding');
  }
}

/** `count` members drawn independently, so repeats happen (SRANDMEMBER with a negative count). */
export function setRandomMembers(set: SetObject, count: number, rng: Rng): string[] {
  const out = new Array<string>(count);
  for (let i = 0; i < count; i++) out[i] = setRandomMember(set, rng);
  return out;
}

/**
 * min(count, size) distinct random members (SRANDMEMBER with a positive count). The whole set comes
 * back in the set's order; a proper subset in random order.
 */
export function setRandomDistinctMembers(set: SetObject, count: number, rng: Rng): string[] {
  const size = setSize(set);
  if (count >= size) return setMembers(set);
  switch (set.encoding) {
    case 'intset': {
      const ints = set.data;
      const picks = sampleDistinct(count, size, rng, () => intsetRandomPos(ints, rng), () => {
        const all = new Array<number>(size);
        for (let i = 0; i < size; i++) all[i] = i;
        return all;
      });
      return picks.map((pos) => String(intsetGet(ints, pos)));
    }
    case 'hashtable': {
      const dict = set.data;
      const picks = sampleDistinct(count, size, rng, () => dict.randomSlot(rng), () => dict.slotList());
      return picks.map((slot) => dict.keyAt(slot));
    }
    default:
      return assertNever(set, 'set encoding');
  }
}

// --- Scanning (SSCAN) ---

/**
 * One SSCAN step. An intset is small by definition, so it is returned whole with cursor 0 whatever
 * the cursor and COUNT (as Redis does); a hashtable walks about `count` members from `cursor`.
 */
export function setScan(set: SetObject, cursor: number, count: number): SetScanStep {
  switch (set.encoding) {
    case 'intset':
      return { cursor: 0, members: setMembers(set) };
    case 'hashtable': {
      const dict = set.data;
      const step = dict.scan(cursor, count);
      return { cursor: step.cursor, members: step.slots.map((slot) => dict.keyAt(slot)) };
    }
    default:
      return assertNever(set, 'set encoding');
  }
}
