// The `skiplist` encoding of a big sorted set: a dict from member to its skip list node, plus the
// ranked skip list itself, so lookups by member are O(1) and everything by order is O(log n).
// Mirrors: redis src/t_zset.c (zsetAdd and zsetRemoveFromSkiplist on OBJ_ENCODING_SKIPLIST,
// zsetConvert, zsetDup) and src/server.h (struct zset: a dict plus a zskiplist).
//
// Redis's dict maps each member to a pointer at the score inside its skip list node; our Map holds
// the node's index (a small integer, so no allocation per entry), which gives the score and lets
// updates reach the node without a search.
//
// ZSCAN needs a cursor that survives writes between calls: every member present for the whole scan
// must be returned. Redis walks its dict's buckets with a reverse-binary cursor that tolerates
// rehashing. We keep the same promise more simply: a node keeps its index for as long as its member is
// in the set (score updates relink the same node), freed indexes are reused, and the cursor is a node
// index, so a walk over the indexes meets every such member once. The one thing that renumbers nodes is
// a compaction after the set shrank (zslCompact); the cursor carries the list's generation above its
// low 32 bits, and a cursor from an older generation restarts the walk. Members may then come twice,
// which SCAN's contract allows; none present throughout is missed.

import { formatDouble } from '../../util/numbers.js';
import {
  zslCompact, zslCountPrefix, zslCreate, zslDelete, zslDeleteRangeByRank, zslDuplicate, zslGetElementByRank,
  zslGetRank, zslInsert, zslIsNode, zslMember, zslScore, zslShouldCompact, zslUpdateScore, type ZSkiplist, type ZslNode,
} from './zskiplist.js';

export interface ZSkiplistSet {
  /** member → its node in zsl. */
  readonly dict: Map<string, ZslNode>;
  readonly zsl: ZSkiplist;
  /** The sum of the members' lengths in bytes (memory accounting, src/eviction). */
  memberBytes: number;
}

/** A ZSCAN cursor is generation × 2^32 + node index (both exact in a double: generations stay below 2^20). */
const CURSOR_GENERATION_UNIT = 2 ** 32;

/** An empty set; `sizeHint` members fit before its arrays first grow. */
export function zssCreate(sizeHint = 0): ZSkiplistSet {
  return { dict: new Map(), zsl: zslCreate(sizeHint), memberBytes: 0 };
}

export function zssLength(zs: ZSkiplistSet): number {
  return zs.zsl.length;
}

export function zssScore(zs: ZSkiplistSet, member: string): number | undefined {
  const node = zs.dict.get(member);
  return node === undefined ? undefined : zslScore(zs.zsl, node);
}

/** Add a member known to be absent (zslInsert + dictAdd). */
export function zssInsert(zs: ZSkiplistSet, score: number, member: string): void {
  zs.dict.set(member, zslInsert(zs.zsl, score, member));
  zs.memberBytes += member.length;
}

/** The member's skip list node (read it with zslScore etc. on zs.zsl), or undefined. */
export function zssNode(zs: ZSkiplistSet, member: string): ZslNode | undefined {
  return zs.dict.get(member);
}

/** zssUpdateScore for a node already looked up (ZADD reads the score first): no second dict probe. */
export function zssUpdateNode(zs: ZSkiplistSet, node: ZslNode, score: number): void {
  zslUpdateScore(zs.zsl, node, score);
}

/** Change a present member's score (zslUpdateScore); the dict keeps pointing at the same node. */
export function zssUpdateScore(zs: ZSkiplistSet, member: string, score: number): void {
  const node = zs.dict.get(member);
  if (node === undefined) throw new Error('zssUpdateScore: member not present');
  zslUpdateScore(zs.zsl, node, score);
}

/** After deletes: give memory back once the list holds under a quarter of its records. */
function compactIfSparse(zs: ZSkiplistSet): void {
  if (!zslShouldCompact(zs.zsl)) return;
  const dict = zs.dict;
  zslCompact(zs.zsl, (member, node) => dict.set(member, node));
}

/** zsetRemoveFromSkiplist: true if the member was there. */
export function zssDelete(zs: ZSkiplistSet, member: string): boolean {
  const node = zs.dict.get(member);
  if (node === undefined) return false;
  zs.dict.delete(member);
  zs.memberBytes -= member.length;
  zslDelete(zs.zsl, zslScore(zs.zsl, node), member);
  compactIfSparse(zs);
  return true;
}

/** 0-based rank of a member, or undefined. */
export function zssRank(zs: ZSkiplistSet, member: string): number | undefined {
  const node = zs.dict.get(member);
  if (node === undefined) return undefined;
  return zslGetRank(zs.zsl, zslScore(zs.zsl, node), member) - 1;
}

/** Remove `count` entries from 0-based position `start` in one pass (zslDeleteRangeByRank). */
export function zssDeleteRange(zs: ZSkiplistSet, start: number, count: number): void {
  zslDeleteRangeByRank(zs.zsl, start + 1, start + count, (member) => {
    zs.dict.delete(member);
    zs.memberBytes -= member.length;
  });
  compactIfSparse(zs);
}

export function zssCountPrefix(zs: ZSkiplistSet, holds: (member: string, score: number) => boolean): number {
  return zslCountPrefix(zs.zsl, holds);
}

/** The node at a 0-based position (then walk with zslNext or zslPrev), NIL when out of range. */
export function zssNodeAt(zs: ZSkiplistSet, index: number): ZslNode {
  return zslGetElementByRank(zs.zsl, index + 1);
}

/** A deep copy with the same order (zsetDup): the arrays are copied whole, the dict entry by entry. */
export function zssDuplicate(zs: ZSkiplistSet): ZSkiplistSet {
  return { dict: new Map(zs.dict), zsl: zslDuplicate(zs.zsl), memberBytes: zs.memberBytes };
}

/**
 * One ZSCAN step from `cursor`: up to `count` members (visiting at most 10 × count node indexes, like
 * Redis's maxiterations), flattened [member, score, ...] with scores printed as addReplyDouble
 * would. Returns the next cursor, 0 when the walk is complete.
 */
export function zssScan(zs: ZSkiplistSet, cursor: number, count: number): { cursor: number; items: string[] } {
  const items: string[] = [];
  const zsl = zs.zsl;
  const generation = Math.floor(cursor / CURSOR_GENERATION_UNIT);
  // A cursor from before a compaction restarts the walk (index 1: the header, index 0, holds no member).
  let i = generation === zsl.generation ? Math.max(1, cursor % CURSOR_GENERATION_UNIT) : 1;
  const limit = Math.min(zsl.top, i + count * 10);
  let found = 0;
  for (; i < limit && found < count; i++) {
    if (!zslIsNode(zsl, i)) continue;
    items.push(zslMember(zsl, i), formatDouble(zslScore(zsl, i)));
    found++;
  }
  return { cursor: i >= zsl.top ? 0 : zsl.generation * CURSOR_GENERATION_UNIT + i, items };
}
