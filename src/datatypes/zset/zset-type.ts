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
// Positions below are 0-based ranks in ascending (score, member) order. Ranges are handled in two
// steps, the same for both encodings: find the positions [first, end) a score or lex range covers
// (zsetCountPrefix twice), then emit or delete by position. Members are latin1 strings of their
// bytes, so `.length` is the byte length the thresholds compare against.

import { assertNever } from '../object.js';
import { unslice } from '../packed.js';
import {
  ZLP_EMPTY, zlpAt, zlpCountPrefix, zlpCountScorePrefix, zlpDeleteAt, zlpDeleteRange, zlpEmit, zlpEncodeEntry, zlpFind,
  zlpFindOrPlace, zlpInsert, zlpInsertAt, zlpJoin, zlpMembers, zlpPlace, zlpRank, zlpRemoved, zlpScanAll, zlpScoreAt,
  zlpScoreEntryBytes, type ZListpack,
} from './listpack.js';
import {
  lexGteMin, lexLteMax, lexRangeIsEmpty, scoreGteMin, scoreLteMax, scoreRangeIsEmpty, type LexRange, type ScoreRange,
} from './range.js';
import {
  zssCountPrefix, zssCreate, zssDelete, zssDeleteRange, zssDuplicate, zssInsert, zssLength, zssNodeAt, zssRank,
  zssNode, zssScan, zssScore, zssUpdateNode, zssUpdateScore, type ZSkiplistSet,
} from './skiplist.js';
import { ZSL_NIL, zslMember, zslNext, zslPrev, zslScore } from './zskiplist.js';

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

// --- Positions and ranges ---

/**
 * How many elements, from the lowest, satisfy `holds`, which must be true for a prefix of the order
 * and false after it. Linear on a listpack, O(log n) on a skiplist.
 */
export function zsetCountPrefix(obj: ZSetObject, holds: (member: string, score: number) => boolean): number {
  switch (obj.encoding) {
    case 'listpack':
      return zlpCountPrefix(obj.data, holds);
    case 'skiplist':
      return zssCountPrefix(obj.data, holds);
    default:
      return assertNever(obj, 'zset encoding');
  }
}

/** zsetCountPrefix for a predicate on the score alone: a listpack makes no member strings. */
function zsetCountScorePrefix(obj: ZSetObject, holds: (score: number) => boolean): number {
  switch (obj.encoding) {
    case 'listpack':
      return zlpCountScorePrefix(obj.data, holds);
    case 'skiplist':
      return zssCountPrefix(obj.data, (_m, score) => holds(score));
    default:
      return assertNever(obj, 'zset encoding');
  }
}

/** The positions [first, end) of the elements whose scores are in the range. */
export function zsetScoreRangePositions(obj: ZSetObject, range: ScoreRange): [number, number] {
  if (scoreRangeIsEmpty(range)) return [0, 0];
  const first = zsetCountScorePrefix(obj, (score) => !scoreGteMin(score, range));
  const end = zsetCountScorePrefix(obj, (score) => scoreLteMax(score, range));
  return [first, Math.max(first, end)];
}

/**
 * The positions [first, end) of the elements whose members are in the lex range, walked from the
 * low end (or from the high end when `reverse`, as ZREVRANGEBYLEX walks).
 *
 * Lex ranges are meant for sets whose scores are all equal; then the members are in byte order and
 * every way of finding the range agrees. With mixed scores Redis documents the result as
 * unspecified, but a listpack's answer is deterministic and clients can see it, so we walk it the
 * way zzlFirstInLexRange / zzlLastInLexRange do: give up unless the last member is >= min and the
 * first <= max, find the first member >= min scanning up (the last <= max scanning down when
 * reversed), then take the run that stays in range. A skiplist's answer with mixed scores depends
 * on Redis's random node heights, so there we use the O(log n) prefix counts.
 */
export function zsetLexRangePositions(obj: ZSetObject, range: LexRange, reverse = false): [number, number] {
  if (lexRangeIsEmpty(range)) return [0, 0];
  const length = zsetLength(obj);
  const [firstMember] = zsetEntryAt(obj, 0) ?? [''];
  const [lastMember] = zsetEntryAt(obj, length - 1) ?? [''];
  // zslIsInLexRange / zzlIsInLexRange.
  if (length === 0 || !lexGteMin(lastMember, range) || !lexLteMax(firstMember, range)) return [0, 0];
  switch (obj.encoding) {
    case 'listpack': {
      const members = zlpMembers(obj.data);
      if (!reverse) {
        let first = 0;
        while (first < length && !lexGteMin(members[first] as string, range)) first++;
        let end = first;
        while (end < length && lexLteMax(members[end] as string, range)) end++;
        return [first, end];
      }
      let last = length - 1;
      while (last >= 0 && !lexLteMax(members[last] as string, range)) last--;
      let start = last;
      while (start >= 0 && lexGteMin(members[start] as string, range)) start--;
      return [start + 1, last + 1];
    }
    case 'skiplist': {
      const first = zsetCountPrefix(obj, (member) => !lexGteMin(member, range));
      const end = zsetCountPrefix(obj, (member) => lexLteMax(member, range));
      return [first, Math.max(first, end)];
    }
    default:
      return assertNever(obj, 'zset encoding');
  }
}

/**
 * Emit `count` elements starting at position `start`, towards higher positions, or towards lower
 * ones when `reverse`. The caller keeps the walk inside [0, length).
 */
export function zsetEmitRange(obj: ZSetObject, start: number, count: number, reverse: boolean, emit: ZSetEmit): void {
  if (count <= 0) return;
  switch (obj.encoding) {
    case 'listpack':
      zlpEmit(obj.data, start, count, reverse, emit);
      return;
    case 'skiplist': {
      const zsl = obj.data.zsl;
      let node = zssNodeAt(obj.data, start);
      for (let n = 0; n < count && node !== ZSL_NIL; n++) {
        emit(zslMember(zsl, node), zslScore(zsl, node));
        node = reverse ? zslPrev(zsl, node) : zslNext(zsl, node);
      }
      return;
    }
    default:
      assertNever(obj, 'zset encoding');
  }
}

/** The element at a position (ZRANDMEMBER's samples), or undefined outside [0, length). */
export function zsetEntryAt(obj: ZSetObject, index: number): [string, number] | undefined {
  let entry: [string, number] | undefined;
  if (index >= 0 && index < zsetLength(obj)) zsetEmitRange(obj, index, 1, false, (m, s) => (entry = [m, s]));
  return entry;
}

/** Remove `count` elements from position `start` (ZREMRANGEBY*, ZPOP*). */
export function zsetDeleteRange(obj: ZSetObject, start: number, count: number): void {
  if (count <= 0) return;
  switch (obj.encoding) {
    case 'listpack':
      obj.data = zlpDeleteRange(obj.data, start, count);
      obj.listpackLength -= Math.min(count, obj.listpackLength - start);
      obj.payloadBytes -= zlpRemoved.payloadBytes;
      return;
    case 'skiplist':
      zssDeleteRange(obj.data, start, count);
      return;
    default:
      assertNever(obj, 'zset encoding');
  }
}

/**
 * Every element, highest first: the order Redis's set-operation iterator (zuiNext) walks a zset. The
 * members of a listpack come as copies (unslice), since the set operations store them in their result.
 */
export function zsetForEachReverse(obj: ZSetObject, emit: ZSetEmit): void {
  const length = zsetLength(obj);
  if (obj.encoding === 'listpack') {
    zlpEmit(obj.data, length - 1, length, true, (member, score) => emit(unslice(member), score));
  } else {
    zsetEmitRange(obj, length - 1, length, true, emit);
  }
}

// --- ZSCAN ---

/**
 * One ZSCAN step: [member, score text, ...] and the next cursor. A listpack is returned whole with
 * cursor 0, scores as stored text; a skiplist walks its slots, scores printed as replies print them.
 */
export function zsetScan(obj: ZSetObject, cursor: number, count: number): { cursor: number; items: string[] } {
  switch (obj.encoding) {
    case 'listpack':
      return { cursor: 0, items: zlpScanAll(obj.data) };
    case 'skiplist':
      return zssScan(obj.data, cursor, count);
    default:
      return assertNever(obj, 'zset encoding');
  }
}
