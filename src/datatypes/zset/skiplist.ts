// The `skiplist` encoding of a big sorted set: a dict from member to its skip list node, plus the
// ranked skip list itself, so lookups by member are O(1) and everything by order is O(log n).
// Mirrors: redis src/t_zset.c (zsetAdd and zsetRemoveFromSkiplist on OBJ_ENCODING_SKIPLIST,
// zsetConvert, zsetDup) and src/server.h (struct zset: a dict plus a zskiplist).
//
// Redis's dict maps each member to a pointer at the score inside its skip list node; our Map holds
// the node itself, which gives the score and lets updates reach the node without a search.
//
// ZSCAN needs a cursor that survives writes between calls: every member present for the whole scan
// must be returned. Redis walks its dict's buckets with a reverse-binary cursor that tolerates
// rehashing. We keep the same promise more simply, as the keyspace does for SCAN: every node owns a
// slot in an array for as long as it lives, freed slots are reused, and the cursor is a slot index.
// A node never changes slot while it is in the set (score updates relink the same node object), so
// a walk over the slots meets it once. SIMPLIFIED: the slot array only shrinks from its end.

import { formatDouble } from '../../util/numbers.js';
import {
  zslCountPrefix, zslCreate, zslDelete, zslDeleteRangeByRank, zslGetElementByRank, zslGetRank, zslInsert,
  zslUpdateScore, type ZSkiplist, type ZSkiplistNode,
} from './zskiplist.js';

export interface ZSkiplistSet {
  readonly dict: Map<string, ZSkiplistNode>;
  readonly zsl: ZSkiplist;
  /** slot → node, for ZSCAN cursors (undefined: free). */
  readonly slots: (ZSkiplistNode | undefined)[];
  readonly freeSlots: number[];
  /** The sum of the members' lengths in bytes (memory accounting, src/eviction). */
  memberBytes: number;
}

export function zssCreate(): ZSkiplistSet {
  return { dict: new Map(), zsl: zslCreate(), slots: [], freeSlots: [], memberBytes: 0 };
}

export function zssLength(zs: ZSkiplistSet): number {
  return zs.zsl.length;
}

export function zssScore(zs: ZSkiplistSet, member: string): number | undefined {
  return zs.dict.get(member)?.score;
}

function assignSlot(zs: ZSkiplistSet, node: ZSkiplistNode): void {
  const { slots, freeSlots } = zs;
  let slot = freeSlots.pop();
  // Slots freed before the array shrank past them are stale: skip them.
  while (slot !== undefined && slot >= slots.length) slot = freeSlots.pop();
  if (slot === undefined) slot = slots.length;
  slots[slot] = node;
  node.slot = slot;
}

function releaseSlot(zs: ZSkiplistSet, node: ZSkiplistNode): void {
  const { slots } = zs;
  const slot = node.slot;
  node.slot = -1;
  if (slot < 0) return;
  slots[slot] = undefined;
  if (slot === slots.length - 1) {
    let end = slot;
    while (end > 0 && slots[end - 1] === undefined) end--;
    slots.length = end;
  } else {
    zs.freeSlots.push(slot);
  }
}

/** Add a member known to be absent (zslInsert + dictAdd). */
export function zssInsert(zs: ZSkiplistSet, score: number, member: string): void {
  const node = zslInsert(zs.zsl, score, member);
  zs.dict.set(member, node);
  zs.memberBytes += member.length;
  assignSlot(zs, node);
}

/** The member's skip list node (its score and position), or undefined. */
export function zssNode(zs: ZSkiplistSet, member: string): ZSkiplistNode | undefined {
  return zs.dict.get(member);
}

/** zssUpdateScore for a node already looked up (ZADD reads the score first): no second dict probe. */
export function zssUpdateNode(zs: ZSkiplistSet, node: ZSkiplistNode, score: number): void {
  zslUpdateScore(zs.zsl, node, score);
}

/** Change a present member's score (zslUpdateScore); the dict keeps pointing at the same node. */
export function zssUpdateScore(zs: ZSkiplistSet, member: string, score: number): void {
  const node = zs.dict.get(member);
  if (node === undefined) throw new Error('zssUpdateScore: member not present');
  zslUpdateScore(zs.zsl, node, score);
}

/** zsetRemoveFromSkiplist: true if the member was there. */
export function zssDelete(zs: ZSkiplistSet, member: string): boolean {
  const node = zs.dict.get(member);
  if (node === undefined) return false;
  zs.dict.delete(member);
  zs.memberBytes -= member.length;
  zslDelete(zs.zsl, node.score, member);
  releaseSlot(zs, node);
  return true;
}

/** 0-based rank of a member, or undefined. */
export function zssRank(zs: ZSkiplistSet, member: string): number | undefined {
  const node = zs.dict.get(member);
  if (node === undefined) return undefined;
  return zslGetRank(zs.zsl, node.score, member) - 1;
}

/** Remove `count` entries from 0-based position `start` in one pass (zslDeleteRangeByRank). */
export function zssDeleteRange(zs: ZSkiplistSet, start: number, count: number): void {
  zslDeleteRangeByRank(zs.zsl, start + 1, start + count, (node) => {
    zs.dict.delete(node.member);
    zs.memberBytes -= node.member.length;
    releaseSlot(zs, node);
  });
}

export function zssCountPrefix(zs: ZSkiplistSet, holds: (member: string, score: number) => boolean): number {
  return zslCountPrefix(zs.zsl, (node) => holds(node.member, node.score));
}

/** The node at a 0-based position (then walk `forward[0]` or `backward`). */
export function zssNodeAt(zs: ZSkiplistSet, index: number): ZSkiplistNode | null {
  return zslGetElementByRank(zs.zsl, index + 1);
}

/** A deep copy with the same order (zsetDup walks from the tail and inserts, as we do here). */
export function zssDuplicate(zs: ZSkiplistSet): ZSkiplistSet {
  const copy = zssCreate();
  for (let node = zs.zsl.tail; node !== null; node = node.backward) zssInsert(copy, node.score, node.member);
  return copy;
}

/**
 * One ZSCAN step from slot `cursor`: up to `count` members (visiting at most 10 × count slots, like
 * Redis's maxiterations), flattened [member, score, ...] with scores printed as addReplyDouble
 * would. Returns the next cursor, 0 when the walk is complete.
 */
export function zssScan(zs: ZSkiplistSet, cursor: number, count: number): { cursor: number; items: string[] } {
  const items: string[] = [];
  const slots = zs.slots;
  const limit = Math.min(slots.length, cursor + count * 10);
  let i = cursor;
  let found = 0;
  for (; i < limit && found < count; i++) {
    const node = slots[i];
    if (node === undefined) continue;
    items.push(node.member, formatDouble(node.score));
    found++;
  }
  return { cursor: i >= slots.length ? 0 : i, items };
}
