// The list type: the API list commands call, whatever the encoding. Redis 7.0 has one list
// encoding, the quicklist (quicklist.ts); the switches below are where a second one would go
// (7.2 added listpack for small lists), and each ends in assertNever.
// Mirrors: redis src/t_list.c (the "List API" half: listTypePush, listTypePop, listTypeLength,
// listTypeInsert, listTypeDelete ...) and src/object.c (createQuicklistObject).
//
// Elements are bytes stored as latin1 strings (one char per byte); commands reply with them as
// bulk strings. Index arithmetic follows LRANGE/LTRIM/LINDEX: negative indexes count from the tail.

import { assertNever } from '../object.js';
import {
  quicklistCreate, quicklistDuplicate, quicklistFind, quicklistGet, quicklistInsert, quicklistPop, quicklistPush,
  quicklistPushMany, quicklistRange, quicklistRemoveMatching, quicklistReplace, quicklistScanMatches, quicklistTrim,
  quicklistValues,
  type Quicklist,
} from './quicklist.js';

/** A list stored as a quicklist: OBJECT ENCODING "quicklist" (every list, in 7.0). */
export interface QuicklistListObject {
  readonly type: 'list';
  readonly encoding: 'quicklist';
  lru: number;
  /** Bytes the keyspace charged (memory accounting); a field from creation so V8 keeps it in-object. */
  charged?: number;
  /** The key's SCAN slot in its database (keyspace/database.ts); -1 while not stored. In-object, as `charged`. */
  slot?: number;
  readonly ql: Quicklist;
}

export type ListObject = QuicklistListObject;

/** Which end: LEFT / head, RIGHT / tail (Redis's LIST_HEAD, LIST_TAIL). */
export type ListWhere = 'head' | 'tail';

/** An empty list whose nodes are sized by `fill` (list-max-listpack-size, read at creation as in Redis). */
export function createList(fill: number): ListObject {
  return { type: 'list', encoding: 'quicklist', lru: 0, charged: 0, slot: -1, ql: quicklistCreate(fill) };
}

/** A list holding `values`, head first (RDB loading, tests). */
export function createListFrom(values: Iterable<string>, fill: number): ListObject {
  const list = createList(fill);
  listPushMany(list, Array.isArray(values) ? (values as readonly string[]) : [...values], 'tail');
  return list;
}

/** A deep copy (COPY must not share mutable state). */
export function duplicateList(obj: ListObject): ListObject {
  switch (obj.encoding) {
    case 'quicklist':
      return { type: 'list', encoding: 'quicklist', lru: obj.lru, charged: 0, slot: -1, ql: quicklistDuplicate(obj.ql) };
    default:
      return assertNever(obj.encoding, 'list encoding');
  }
}

export function listLength(obj: ListObject): number {
  switch (obj.encoding) {
    case 'quicklist':
      return obj.ql.count;
    default:
      return assertNever(obj.encoding, 'list encoding');
  }
}

/** Every element, head to tail (DEBUG, persistence, tests). */
export function listValues(obj: ListObject): IterableIterator<string> {
  switch (obj.encoding) {
    case 'quicklist':
      return quicklistValues(obj.ql);
    default:
      return assertNever(obj.encoding, 'list encoding');
  }
}

// --- Both ends ---

/** listTypePush: O(1). */
export function listPush(obj: ListObject, value: string, where: ListWhere): void {
  switch (obj.encoding) {
    case 'quicklist':
      return quicklistPush(obj.ql, value, where);
    default:
      return assertNever(obj.encoding, 'list encoding');
  }
}

/** Push each of `values` in turn (LPUSH/RPUSH with several elements): one write per node touched. */
export function listPushMany(obj: ListObject, values: readonly string[], where: ListWhere): void {
  switch (obj.encoding) {
    case 'quicklist':
      return quicklistPushMany(obj.ql, values, where);
    default:
      return assertNever(obj.encoding, 'list encoding');
  }
}

/** listTypePop: O(1); undefined when empty. */
export function listPop(obj: ListObject, where: ListWhere): string | undefined {
  switch (obj.encoding) {
    case 'quicklist':
      return quicklistPop(obj.ql, where);
    default:
      return assertNever(obj.encoding, 'list encoding');
  }
}

/** Pop up to `count` elements from one end, in pop order (LPOP/RPOP with a count, LMPOP). */
export function listPopMany(obj: ListObject, where: ListWhere, count: number): string[] {
  const n = Math.min(count, listLength(obj));
  const out = new Array<string>(n);
  for (let i = 0; i < n; i++) out[i] = listPop(obj, where) as string;
  return out;
}

// --- By index ---

/** The element at `index` (negative from the tail), walking from the nearer end; undefined if out of range. */
export function listIndex(obj: ListObject, index: number): string | undefined {
  switch (obj.encoding) {
    case 'quicklist':
      return quicklistGet(obj.ql, index);
    default:
      return assertNever(obj.encoding, 'list encoding');
  }
}

/** Replace the element at `index`; false when out of range (LSET). */
export function listSet(obj: ListObject, index: number, value: string): boolean {
  switch (obj.encoding) {
    case 'quicklist':
      return quicklistReplace(obj.ql, index, value);
    default:
      return assertNever(obj.encoding, 'list encoding');
  }
}

/**
 * Clamp LRANGE/LTRIM's inclusive [start, end] (negative from the tail) to the list: the first
 * index and how many elements, or a count of 0 when the range is empty (start > end or past the end).
 */
export function listClampRange(length: number, start: number, end: number): { first: number; count: number } {
  let s = start < 0 ? length + start : start;
  let e = end < 0 ? length + end : end;
  if (s < 0) s = 0;
  if (s > e || s >= length) return { first: 0, count: 0 };
  if (e >= length) e = length - 1;
  return { first: s, count: e - s + 1 };
}

/** LRANGE: the elements from `start` to `end` inclusive (negative from the tail). */
export function listRange(obj: ListObject, start: number, end: number): string[] {
  const { first, count } = listClampRange(listLength(obj), start, end);
  switch (obj.encoding) {
    case 'quicklist':
      return quicklistRange(obj.ql, first, count);
    default:
      return assertNever(obj.encoding, 'list encoding');
  }
}

/** LTRIM: keep only `start`..`end` inclusive; returns how many elements were removed. */
export function listTrim(obj: ListObject, start: number, end: number): number {
  const length = listLength(obj);
  const { first, count } = listClampRange(length, start, end);
  const fromHead = count === 0 ? length : first;
  const fromTail = count === 0 ? 0 : length - first - count;
  switch (obj.encoding) {
    case 'quicklist':
      quicklistTrim(obj.ql, fromHead, 'head');
      quicklistTrim(obj.ql, fromTail, 'tail');
      return fromHead + fromTail;
    default:
      return assertNever(obj.encoding, 'list encoding');
  }
}

// --- By value ---

/** LINSERT: insert `value` before or after the first `pivot` from the head; false if there is no pivot. */
export function listInsert(obj: ListObject, pivot: string, value: string, after: boolean): boolean {
  switch (obj.encoding) {
    case 'quicklist': {
      const at = quicklistFind(obj.ql, pivot);
      if (at === undefined) return false;
      quicklistInsert(obj.ql, at, value, after);
      return true;
    }
    default:
      return assertNever(obj.encoding, 'list encoding');
  }
}

/**
 * LREM: remove elements equal to `value`: `count` > 0 the first count from the head, < 0 the
 * first |count| from the tail, 0 all of them. Returns how many were removed.
 */
export function listRemove(obj: ListObject, value: string, count: number): number {
  switch (obj.encoding) {
    case 'quicklist':
      return quicklistRemoveMatching(obj.ql, value, Math.abs(count), count < 0);
    default:
      return assertNever(obj.encoding, 'list encoding');
  }
}

/** LPOS's options, already validated by the command. */
export interface ListPosOptions {
  /** 1 = first match, 2 = second ...; negative counts matches from the tail. Never 0. */
  readonly rank: number;
  /** COUNT: how many matches to return, 0 = all; undefined without COUNT (the first match only). */
  readonly count: number | undefined;
  /** Compare at most this many elements; 0 = the whole list. */
  readonly maxlen: number;
}

/** LPOS: the head-based indexes of matching elements, in scan order; a negative rank scans from the tail. */
export function listPositions(obj: ListObject, value: string, options: ListPosOptions): number[] {
  const { rank, count, maxlen } = options;
  const wanted = Math.abs(rank);
  const limit = count ?? 1;
  const out: number[] = [];
  let matches = 0;
  let scanned = 0;
  const visit = (index: number, match: boolean): boolean => {
    if (maxlen !== 0 && scanned >= maxlen) return false;
    scanned++;
    if (!match) return true;
    matches++;
    if (matches < wanted) return true;
    out.push(index);
    return limit === 0 || out.length < limit;
  };
  switch (obj.encoding) {
    case 'quicklist':
      quicklistScanMatches(obj.ql, value, rank < 0, visit);
      return out;
    default:
      return assertNever(obj.encoding, 'list encoding');
  }
}
