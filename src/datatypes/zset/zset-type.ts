// The sorted set type: the API zset commands call, whatever the encoding, and the rules for when a
// small sorted set becomes a big one (and, for the store commands, back).
// Mirrors: redis src/t_zset.c (the "Common sorted set API" half: zsetTypeCreate, zsetLength,
// zsetConvert, zsetConvertToListpackIfNeeded, zsetScore, zsetAdd, zsetRemoveFromSkiplist, zsetDel,
// zsetRank, zsetDup, zsetTypeRandomElement) and src/object.c (createZsetObject, createZsetListpackObject).
//
// Encodings, as OBJECT ENCODING reports them (Redis 7.0):
//   listpack  a small set: members and scores in (score, member) order in one packed string, scanned
//             linearly (listpack.ts); the object keeps its entry count and member bytes beside it.
//   skiplist  once it has more than zset-max-listpack-entries members, or a member longer than
//             zset-max-listpack-value bytes is added: a dict plus a ranked skip list (skiplist.ts,
//             zskiplist.ts).
// Removing members never converts back; only the store commands (ZUNIONSTORE, ZINTERSTORE,
// ZDIFFSTORE) shrink their freshly built result to a listpack when it fits, as Redis does.
//
// Reading and deleting by position (ranges, ZSCAN) is in zset-positions.ts, re-exported here.
// Members are latin1 strings of their bytes, so `.length` is the byte length the thresholds compare
// against.

import { assertNever } from '../object.js';
import { unslice } from '../packed.js';
import {
  ZLP_EMPTY, zlpAt, zlpDeleteAt, zlpEmit, zlpEncodeEntry, zlpFind, zlpFindOrPlace, zlpInsert, zlpInsertAt, zlpJoin,
  zlpPlace, zlpRank, zlpScoreAt, zlpScoreEntryBytes, type ZListpack,
} from './listpack.js';
import {
  zssCreate, zssDelete, zssDuplicate, zssInsert, zssLength, zssRank, zssNode, zssScore, zssUpdateNode, zssUpdateScore,
  type ZSkiplistSet,
} from './skiplist.js';
import { ZSL_NIL, zslMember, zslNext, zslScore } from './zskiplist.js';

export {
  zsetCountPrefix, zsetDeleteRange, zsetEmitRange, zsetEntryAt, zsetForEachReverse, zsetLexRangePositions, zsetScan,
  zsetScoreRangePositions,
} from './zset-positions.js';

/** A small sorted set: OBJECT ENCODING "listpack". */
export interface ListpackZSetObject {
  readonly type: 'zset';
  encoding: 'listpack';
  lru: number;
  /** Bytes the keyspace charged (memory accounting); a field from creation so V8 keeps it in-object. */
  charged?: number;
  /** The key's SCAN slot in its database (keyspace/database.ts); -1 while not stored. In-object, as `charged`. */
  slot?: number;
  data: ZListpack;
  /** The number of entries in `data` (ZCARD in O(1), and the conversion check on every insert). */
  listpackLength: number;
  /**
   * Memory accounting (src/eviction): the members' lengths plus what Redis's listpack would spend on
   * each score (zlpScoreEntryBytes), kept up to date by every write.
   */
  payloadBytes: number;
}

/** A big sorted set: OBJECT ENCODING "skiplist". */
export interface SkiplistZSetObject {
  readonly type: 'zset';
  encoding: 'skiplist';
  lru: number;
  /** Bytes the keyspace charged (memory accounting); a field from creation so V8 keeps it in-object. */
  charged?: number;
  /** The key's SCAN slot in its database (keyspace/database.ts); -1 while not stored. In-object, as `charged`. */
  slot?: number;
  data: ZSkiplistSet;
  /** Unused once a skiplist (ZSkiplistSet keeps its own counts); present so both encodings share a shape. */
  listpackLength: number;
  /** Unused once a skiplist, as listpackLength. */
  payloadBytes: number;
}

/**
 * A sorted set value. Like Redis's robj (encoding + ptr), `encoding` and `data` change together, in
 * place, when the set converts: the keyspace keeps pointing at the same object.
 */
export type ZSetObject = ListpackZSetObject | SkiplistZSetObject;

/** The two thresholds, read from config by the caller (zset-max-listpack-entries / -value). */
export interface ZSetLimits {
  readonly maxListpackEntries: number;
  readonly maxListpackValue: number;
}

/** Receives one element of a range: member bytes (latin1) and score. */
export type ZSetEmit = (member: string, score: number) => void;

// --- Creation and conversion ---

/**
 * zsetTypeCreate: an empty sorted set sized for `sizeHint` members whose longest is `maxMemberLength`
 * bytes: a listpack when that fits the thresholds, else a skiplist straight away.
 */
export function createZSet(limits: ZSetLimits, sizeHint: number, maxMemberLength: number): ZSetObject {
  if (sizeHint <= limits.maxListpackEntries && maxMemberLength <= limits.maxListpackValue) {
    return emptyListpackZSet(0);
  }
  // Room for the announced members (an RDB's count, a store command's result), within reason: a corrupt
  // file's count must not allocate gigabytes up front; past the cap the arrays grow by doubling.
  return zsetFromSkiplist(zssCreate(Math.min(sizeHint, SKIPLIST_PRESIZE_MAX)));
}

/** The most members a new skiplist is sized for up front (2 MB of node records). */
const SKIPLIST_PRESIZE_MAX = 1 << 16;

/** A skiplist-encoded object around `data`. Every field exists from creation, so V8 keeps one shape. */
function skiplistObject(data: ZSkiplistSet, lru: number): SkiplistZSetObject {
  return { type: 'zset', encoding: 'skiplist', lru, charged: 0, slot: -1, data, listpackLength: 0, payloadBytes: 0 };
}

/** Wrap a skiplist built elsewhere (the set operations build their result this way). */
export function zsetFromSkiplist(data: ZSkiplistSet): ZSetObject {
  return skiplistObject(data, 0);
}

/** An empty listpack-encoded object, with the same fields as skiplistObject's. */
function emptyListpackZSet(lru: number): ListpackZSetObject {
  return {
    type: 'zset', encoding: 'listpack', lru, charged: 0, slot: -1, data: ZLP_EMPTY, listpackLength: 0, payloadBytes: 0,
  };
}

/** The one place an object changes encoding: the discriminant and the payload move together. */
function setEncoding(obj: ZSetObject, encoding: ZSetObject['encoding'], data: ZListpack | ZSkiplistSet): void {
  const target = obj as unknown as { encoding: ZSetObject['encoding']; data: ZListpack | ZSkiplistSet };
  target.encoding = encoding;
  target.data = data;
}

/** zsetConvert to skiplist, in place. */
function convertToSkiplist(obj: ListpackZSetObject): SkiplistZSetObject {
  const zs = zssCreate(obj.listpackLength + 1);
  // The members become dict keys: copies, not views that would keep the old packed string alive.
  zlpEmit(obj.data, 0, obj.listpackLength, false, (member, score) => zssInsert(zs, score, unslice(member)));
  setEncoding(obj, 'skiplist', zs);
  obj.listpackLength = 0;
  obj.payloadBytes = 0;
  return obj as unknown as SkiplistZSetObject;
}

/**
 * zsetConvertToListpackIfNeeded: a skiplist that fits the listpack thresholds (at most
 * maxListpackEntries members, none longer than maxListpackValue) becomes a listpack. Only the store
 * commands call this, on the result they just built.
 */
export function zsetConvertToListpackIfNeeded(obj: ZSetObject, limits: ZSetLimits, maxMemberLength: number): void {
  if (obj.encoding !== 'skiplist') return;
  const zs = obj.data;
  if (zssLength(zs) > limits.maxListpackEntries || maxMemberLength > limits.maxListpackValue) return;
  // Already in order: encode every entry and join them once (inserting one by one would copy the
  // string per member).
  const entries: string[] = [];
  let payload = zs.memberBytes;
  const zsl = zs.zsl;
  for (let node = zslNext(zsl, ZSL_NIL); node !== ZSL_NIL; node = zslNext(zsl, node)) {
    const score = zslScore(zsl, node);
    entries.push(zlpEncodeEntry(score, zslMember(zsl, node)));
    payload += zlpScoreEntryBytes(score);
  }
  setEncoding(obj, 'listpack', zlpJoin(entries));
  obj.listpackLength = entries.length;
  obj.payloadBytes = payload;
}

/**
 * zsetConvert(zobj, OBJ_ENCODING_SKIPLIST) for callers outside this file: SORT turns a listpack
 * sorted set into a skiplist before reading it, as Redis 7.0's sortCommandGeneric does. In place.
 */
export function zsetConvertToSkiplist(obj: ZSetObject): void {
  if (obj.encoding === 'listpack') convertToSkiplist(obj);
}

/** A deep copy (COPY must not share mutable state): zsetDup. */
export function duplicateZSet(obj: ZSetObject): ZSetObject {
  switch (obj.encoding) {
    case 'listpack': {
      // The packed listpack is an immutable string: the copy may share it.
      const copy = emptyListpackZSet(obj.lru);
      copy.data = obj.data;
      copy.listpackLength = obj.listpackLength;
      copy.payloadBytes = obj.payloadBytes;
      return copy;
    }
    case 'skiplist':
      return skiplistObject(zssDuplicate(obj.data), obj.lru);
    default:
      return assertNever(obj, 'zset encoding');
  }
}

// --- Reading one member ---

export function zsetLength(obj: ZSetObject): number {
  switch (obj.encoding) {
    case 'listpack':
      return obj.listpackLength;
    case 'skiplist':
      return zssLength(obj.data);
    default:
      return assertNever(obj, 'zset encoding');
  }
}

/** zsetScore: the member's score, or undefined. */
export function zsetScore(obj: ZSetObject, member: string): number | undefined {
  switch (obj.encoding) {
    case 'listpack': {
      const pos = zlpFind(obj.data, member);
      return pos === -1 ? undefined : zlpScoreAt(obj.data, zlpAt.scorePos);
    }
    case 'skiplist':
      return zssScore(obj.data, member);
    default:
      return assertNever(obj, 'zset encoding');
  }
}

/** zsetRank: the member's 0-based rank, counted from the lowest score (or the highest if reverse). */
export function zsetRank(obj: ZSetObject, member: string, reverse: boolean): number | undefined {
  let rank: number | undefined;
  switch (obj.encoding) {
    case 'listpack': {
      const i = zlpRank(obj.data, member);
      rank = i === -1 ? undefined : i;
      break;
    }
    case 'skiplist':
      rank = zssRank(obj.data, member);
      break;
    default:
      return assertNever(obj, 'zset encoding');
  }
  return rank === undefined || !reverse ? rank : zsetLength(obj) - 1 - rank;
}

// --- ZADD and ZREM ---

/** zsetAdd's input flags (ZADD_IN_*). NX/XX/GT/LT conflicts are the command's to reject. */
export const ZADD_IN_INCR = 1 << 0;
export const ZADD_IN_NX = 1 << 1;
export const ZADD_IN_XX = 1 << 2;
export const ZADD_IN_GT = 1 << 3;
export const ZADD_IN_LT = 1 << 4;

/**
 * What zsetAdd did (ZADD_OUT_*): `added` a new member, `updated` its score, `unchanged` (present with
 * the same score: processed, but nothing written), `nop` (NX/XX/GT/LT said no), or `nan` (INCR
 * produced NaN: nothing written).
 */
export type ZAddOutcome = 'added' | 'updated' | 'unchanged' | 'nop' | 'nan';

export interface ZAddResult {
  readonly outcome: ZAddOutcome;
  /** The member's score afterwards (with INCR, the incremented one); meaningful unless nop/nan. */
  readonly score: number;
}

/**
 * zsetAdd: add or update one member. Converts a listpack to a skiplist *before* an insertion that
 * would cross a threshold (length + 1 > max entries, or a member longer than max value), as Redis does.
 */
export function zsetAdd(
  obj: ZSetObject, score: number, member: string, flags: number, limits: ZSetLimits,
): ZAddResult {
  const incr = (flags & ZADD_IN_INCR) !== 0;
  const nx = (flags & ZADD_IN_NX) !== 0;
  const xx = (flags & ZADD_IN_XX) !== 0;
  const gt = (flags & ZADD_IN_GT) !== 0;
  const lt = (flags & ZADD_IN_LT) !== 0;
  if (Number.isNaN(score)) return { outcome: 'nan', score };
  // The member is looked up once: a skiplist's node gives the score and is what an update relinks; a
  // listpack's entry offset gives the score and is what an update removes, and when the member is
  // absent the same walk found where it goes.
  const node = obj.encoding === 'skiplist' ? zssNode(obj.data, member) : undefined;
  const offset = obj.encoding === 'listpack' ? zlpFindOrPlace(obj.data, member, score) : -1;
  const place = zlpPlace.offset;
  const current =
    obj.encoding === 'skiplist'
      ? node === undefined ? undefined : zslScore(obj.data.zsl, node)
      : offset === -1 ? undefined : zlpScoreAt(obj.data, zlpAt.scorePos);
  if (current !== undefined) {
    if (nx) return { outcome: 'nop', score: current };
    let next = score;
    if (incr) {
      next += current;
      if (Number.isNaN(next)) return { outcome: 'nan', score: next };
    }
    // GT/LT only ever update: a new score that does not move the right way is a no-op.
    if ((lt && next >= current) || (gt && next <= current)) return { outcome: 'nop', score: current };
    if (next === current) return { outcome: 'unchanged', score: next };
    if (node !== undefined && obj.encoding === 'skiplist') zssUpdateNode(obj.data, node, next);
    else updateScore(obj, member, offset, current, next);
    return { outcome: 'updated', score: next };
  }
  if (xx) return { outcome: 'nop', score };
  insertNew(obj, score, member, limits, place);
  return { outcome: 'added', score };
}

/** A new score for a present member; `offset` is its listpack entry's (from zlpFind). */
function updateScore(obj: ZSetObject, member: string, offset: number, current: number, next: number): void {
  switch (obj.encoding) {
    case 'listpack':
      // Remove and re-insert: the new score may move the member anywhere.
      obj.payloadBytes += zlpScoreEntryBytes(next) - zlpScoreEntryBytes(current);
      obj.data = zlpInsert(zlpDeleteAt(obj.data, offset), next, member);
      return;
    case 'skiplist':
      zssUpdateScore(obj.data, member, next);
      return;
    default:
      assertNever(obj, 'zset encoding');
  }
}

/** Add an absent member; `place` is where zlpFindOrPlace said its listpack entry goes. */
function insertNew(obj: ZSetObject, score: number, member: string, limits: ZSetLimits, place: number): void {
  let target: ZSetObject = obj;
  if (
    target.encoding === 'listpack' &&
    (target.listpackLength + 1 > limits.maxListpackEntries || member.length > limits.maxListpackValue)
  ) {
    target = convertToSkiplist(target);
  }
  switch (target.encoding) {
    case 'listpack':
      target.data = zlpInsertAt(target.data, place, score, member);
      target.listpackLength++;
      target.payloadBytes += member.length + zlpScoreEntryBytes(score);
      return;
    case 'skiplist':
      zssInsert(target.data, score, member);
      return;
    default:
      assertNever(target, 'zset encoding');
  }
}

/** zsetDel: remove one member; true if it was there. The caller deletes an emptied key. */
export function zsetRemove(obj: ZSetObject, member: string): boolean {
  switch (obj.encoding) {
    case 'listpack': {
      const offset = zlpFind(obj.data, member);
      if (offset === -1) return false;
      obj.payloadBytes -= member.length + zlpScoreEntryBytes(zlpScoreAt(obj.data, zlpAt.scorePos));
      obj.data = zlpDeleteAt(obj.data, offset);
      obj.listpackLength--;
      return true;
    }
    case 'skiplist':
      return zssDelete(obj.data, member);
    default:
      return assertNever(obj, 'zset encoding');
  }
}
