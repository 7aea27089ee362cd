// A sorted set read and trimmed by position: the positions a score or lex range covers, a run of
// elements emitted from a position, a run deleted, the walk the set operations take, and ZSCAN.
// Mirrors: redis src/t_zset.c (zslGetElementByRank, zzlFirstInRange / zzlLastInRange,
// zzlFirstInLexRange / zzlLastInLexRange, zslDeleteRangeByRank, zzlDeleteRangeByRank, zuiNext) and
// src/db.c (scanGenericCommand for a sorted set).
//
// Positions below are 0-based ranks in ascending (score, member) order. Ranges are handled in two
// steps, the same for both encodings: find the positions [first, end) a score or lex range covers
// (zsetCountPrefix twice), then emit or delete by position. Members are latin1 strings of their
// bytes.
//
// zset-type.ts re-exports everything here, so callers import the sorted set API from one module.

import { assertNever } from '../object.js';
import { unslice } from '../packed.js';
import { zlpCountPrefix, zlpCountScorePrefix, zlpDeleteRange, zlpEmit, zlpMembers, zlpRemoved, zlpScanAll } from './listpack.js';
import {
  lexGteMin, lexLteMax, lexRangeIsEmpty, scoreGteMin, scoreLteMax, scoreRangeIsEmpty, type LexRange, type ScoreRange,
} from './range.js';
import { zssCountPrefix, zssDeleteRange, zssNodeAt, zssScan } from './skiplist.js';
import { ZSL_NIL, zslMember, zslNext, zslPrev, zslScore } from './zskiplist.js';
import { zsetLength, type ZSetEmit, type ZSetObject } from './zset-type.js';

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
