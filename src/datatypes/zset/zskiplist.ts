// The ranked skip list behind the `skiplist` encoding of sorted sets: ordered by (score, member),
// with a span on every link so that rank and "element at rank" cost O(log n).
// Mirrors: redis src/t_zset.c (zslCreate, zslRandomLevel, zslInsert, zslDeleteNode, zslDelete,
// zslUpdateScore, zslGetRank, zslGetElementByRank, zslDeleteRangeByRank) and the zskiplist structs
// in src/server.h.
//
// The problem. A sorted set must answer "add/remove/update one member" and "give me the members
// between these scores, or these ranks" quickly, for millions of members. A hash table alone has
// no order; a sorted array has order but O(n) inserts; a balanced tree has both but is intricate.
//
// The algorithm. A skip list (William Pugh, 1990) is a sorted linked list with express lanes. Every
// node gets a random height: level 1 always, and each further level with probability P = 1/4, up
// to 32 levels. Level i links each node to the next node that is at least i+1 tall, so the upper
// levels skip over long runs of the list. A search starts at the header's top level, runs forward
// while the next node is still "before" the target, then drops one level; on average it touches
// about 1/P nodes per level over log_{1/P}(n) levels. Inserting and deleting are the same search
// plus relinking the predecessors found on each level (the `update` vector below).
//
// Redis adds three things, all kept here:
//   1. Ties: many members may share a score, so the order is (score, member bytes), and a search
//      compares both. Member bytes compare like memcmp with the shorter string first on a common
//      prefix; members are latin1 strings (one char per byte), so JS's `<` on them compares code
//      units 0..255, which is exactly that byte order.
//   2. A `backward` link on level 1 makes the list doubly linked, for reverse ranges (ZREVRANGE).
//   3. A `span` per link: how many level-1 steps that link jumps. Summing spans along a search path
//      gives the rank of where the search stopped, and searching by accumulated span finds the node
//      at a given rank. That is what makes ZRANK, ZRANGE by index and ZCOUNT O(log n).
//
// Why probabilistic: the random heights make the expected shape balanced whatever the insertion
// order, with no rebalancing code. The heights never affect results, only speed, so they come from
// a module-level Rng that tests may seed (Redis uses the process-wide random()).
//
// What we changed: ranks here are 1-based as in Redis (the header is rank 0) and the range queries
// are phrased as "count the prefix of nodes satisfying a monotone predicate" (zslCountPrefix), from
// which the first/last node of a score or lex range and ZCOUNT all follow. Redis walks node by node
// past a LIMIT offset; we jump straight to first-rank + offset.
//
// Nodes are indexes into typed arrays (zskiplist-nodes.ts has their layout, allocation and compaction);
// the searches here follow levels 2 and up through zslForward/zslSpan and then levels 1 and 0 in a loop that
// reads the records directly (the span sits in the slot after its link), the steps most searches take.

import { defaultRng, type Rng } from '../../util/clock.js';
import {
  BACK, NEXT0, NEXT1, RECORD_SHIFT, ZSKIPLIST_MAXLEVEL, ZSL_NIL, allocNode, freeNode, setForward, setSpan, zslForward,
  zslMember, zslNext, zslNodeLevel, zslPrev, zslScore, zslSpan, type ZSkiplist, type ZslNode,
} from './zskiplist-nodes.js';

export {
  ZSKIPLIST_MAXLEVEL, ZSL_NIL, zslCompact, zslCreate, zslDuplicate, zslForward, zslIsNode, zslMember, zslNext,
  zslNodeLevel, zslPrev, zslScore, zslShouldCompact, zslSpan, type ZSkiplist, type ZslNode,
} from './zskiplist-nodes.js';

/** Redis's ZSKIPLIST_P: the chance that a node reaching level i also reaches level i+1. */
export const ZSKIPLIST_P = 0.25;
/** zslRandomLevel draws 16-bit numbers and compares them with P × 0xFFFF. */
const RANDOM_LEVEL_THRESHOLD = ZSKIPLIST_P * 0xffff;

let levelRng: Rng = defaultRng;

/** Seed the node heights (tests and benchmarks); heights change speed, never results. */
export function setSkiplistRng(rng: Rng): void {
  levelRng = rng;
}

/**
 * Scratch vectors for one operation at a time, as Redis keeps `update[]` and `rank[]` on the C
 * stack. Operations never nest (a range delete's callback only touches the dict), so one pair serves all.
 */
const UPDATE = new Int32Array(ZSKIPLIST_MAXLEVEL);
const RANK = new Int32Array(ZSKIPLIST_MAXLEVEL);

/** zslRandomLevel: 1, plus one more level with probability P each time, at most 32. */
export function zslRandomLevel(): number {
  let level = 1;
  // Capped inside the loop (as Redis 7.2 does), so a degenerate rng cannot spin forever.
  while (level < ZSKIPLIST_MAXLEVEL && levelRng.int(0x10000) < RANDOM_LEVEL_THRESHOLD) level++;
  return level;
}

/** True when node x's (score, member) sorts strictly before (score, member). */
function before(zsl: ZSkiplist, x: ZslNode, score: number, member: string): boolean {
  const s = zsl.f64[x << 2] as number;
  return s < score || (s === score && (zsl.members[x] as string) < member);
}

/** True when node x's (score, member) sorts before or equals (score, member). */
function atOrBefore(zsl: ZSkiplist, x: ZslNode, score: number, member: string): boolean {
  const s = zsl.f64[x << 2] as number;
  return s < score || (s === score && (zsl.members[x] as string) <= member);
}

// --- Insert, delete, update ---

/**
 * Link node x at its place (zslInsert's body): x keeps its own level, so zslUpdateScore can move a
 * node by unlinking and relinking it. The caller guarantees the member is not already linked.
 */
function linkNode(zsl: ZSkiplist, x: ZslNode): void {
  const update = UPDATE;
  const rank = RANK;
  const score = zslScore(zsl, x);
  const member = zslMember(zsl, x);
  let p = ZSL_NIL;
  let i = zsl.level - 1;
  // rank[i]: the rank of update[i], the last node on level i before the insertion point.
  let r = 0;
  for (; i >= 2; i--) {
    for (let next = zslForward(zsl, p, i); next !== ZSL_NIL && before(zsl, next, score, member); next = zslForward(zsl, p, i)) {
      r += zslSpan(zsl, p, i);
      p = next;
    }
    rank[i] = r;
    update[i] = p;
  }
  // Levels 1 and 0, read from the record itself (see "Searches" in the header comment).
  const i32 = zsl.i32;
  for (; i >= 0; i--) {
    const link = i === 0 ? NEXT0 : NEXT1;
    for (let next = i32[(p << RECORD_SHIFT) + link] as number; next !== ZSL_NIL && before(zsl, next, score, member); next = i32[(p << RECORD_SHIFT) + link] as number) {
      r += i32[(p << RECORD_SHIFT) + link + 1] as number;
      p = next;
    }
    rank[i] = r;
    update[i] = p;
  }
  const level = zslNodeLevel(zsl, x);
  if (level > zsl.level) {
    // New levels start from the header, whose span on them covers the whole list so far.
    for (let i = zsl.level; i < level; i++) {
      rank[i] = 0;
      update[i] = ZSL_NIL;
      setSpan(zsl, ZSL_NIL, i, zsl.length);
    }
    zsl.level = level;
  }
  const rank0 = rank[0] as number;
  // Levels 0 and 1 in the records, then the rest through the accessors.
  const low = level < 2 ? level : 2;
  for (let i = 0; i < low; i++) {
    const u = update[i] as number;
    const link = i === 0 ? NEXT0 : NEXT1;
    const ux = (u << RECORD_SHIFT) + link;
    const xx = (x << RECORD_SHIFT) + link;
    const skipped = rank0 - (rank[i] as number);
    i32[xx] = i32[ux] as number;
    i32[ux] = x;
    i32[xx + 1] = (i32[ux + 1] as number) - skipped;
    i32[ux + 1] = skipped + 1;
  }
  for (let i = low; i < level; i++) {
    const u = update[i] as number;
    const skipped = rank0 - (rank[i] as number);
    setForward(zsl, x, i, zslForward(zsl, u, i));
    setForward(zsl, u, i, x);
    // u's old link is split in two around x: u → x covers `skipped + 1`, x → next the rest.
    setSpan(zsl, x, i, zslSpan(zsl, u, i) - skipped);
    setSpan(zsl, u, i, skipped + 1);
  }
  // Links above x's level now jump over one more node.
  for (let i = level; i < zsl.level; i++) {
    const u = update[i] as number;
    setSpan(zsl, u, i, zslSpan(zsl, u, i) + 1);
  }
  i32[(x << RECORD_SHIFT) + BACK] = update[0] as number;
  const next0 = i32[(x << RECORD_SHIFT) + NEXT0] as number;
  if (next0 !== ZSL_NIL) i32[(next0 << RECORD_SHIFT) + BACK] = x;
  else zsl.tail = x;
  zsl.length++;
}

/** zslInsert: add a member that is not in the list yet; returns its node. */
export function zslInsert(zsl: ZSkiplist, score: number, member: string): ZslNode {
  const x = allocNode(zsl, zslRandomLevel(), score, member);
  linkNode(zsl, x);
  return x;
}

/** zslDeleteNode: unlink x given, for each level, the last node before it (in UPDATE). */
function unlinkNode(zsl: ZSkiplist, x: ZslNode): void {
  const update = UPDATE;
  const i32 = zsl.i32;
  const low = zsl.level < 2 ? zsl.level : 2;
  for (let i = 0; i < low; i++) {
    const link = i === 0 ? NEXT0 : NEXT1;
    const ux = ((update[i] as number) << RECORD_SHIFT) + link;
    if (i32[ux] === x) {
      const xx = (x << RECORD_SHIFT) + link;
      i32[ux + 1] = (i32[ux + 1] as number) + (i32[xx + 1] as number) - 1;
      i32[ux] = i32[xx] as number;
    } else {
      i32[ux + 1] = (i32[ux + 1] as number) - 1;
    }
  }
  for (let i = low; i < zsl.level; i++) {
    const u = update[i] as number;
    if (zslForward(zsl, u, i) === x) {
      setSpan(zsl, u, i, zslSpan(zsl, u, i) + zslSpan(zsl, x, i) - 1);
      setForward(zsl, u, i, zslForward(zsl, x, i));
    } else {
      setSpan(zsl, u, i, zslSpan(zsl, u, i) - 1);
    }
  }
  const next0 = i32[(x << RECORD_SHIFT) + NEXT0] as number;
  const back = i32[(x << RECORD_SHIFT) + BACK] as number;
  if (next0 !== ZSL_NIL) i32[(next0 << RECORD_SHIFT) + BACK] = back;
  else zsl.tail = back;
  while (zsl.level > 1 && zslForward(zsl, ZSL_NIL, zsl.level - 1) === ZSL_NIL) zsl.level--;
  zsl.length--;
}

/** Fill UPDATE for (score, member): on each level, the last node sorting before it. */
function findUpdate(zsl: ZSkiplist, score: number, member: string): void {
  const update = UPDATE;
  let p = ZSL_NIL;
  let i = zsl.level - 1;
  for (; i >= 2; i--) {
    for (let next = zslForward(zsl, p, i); next !== ZSL_NIL && before(zsl, next, score, member); next = zslForward(zsl, p, i)) {
      p = next;
    }
    update[i] = p;
  }
  const i32 = zsl.i32;
  for (; i >= 0; i--) {
    const link = i === 0 ? NEXT0 : NEXT1;
    for (let next = i32[(p << RECORD_SHIFT) + link] as number; next !== ZSL_NIL && before(zsl, next, score, member); next = i32[(p << RECORD_SHIFT) + link] as number) {
      p = next;
    }
    update[i] = p;
  }
}

/**
 * zslDelete: remove the node holding exactly (score, member) and free its record; returns the node
 * it was, or NIL if absent.
 */
export function zslDelete(zsl: ZSkiplist, score: number, member: string): ZslNode {
  findUpdate(zsl, score, member);
  const x = zslNext(zsl, UPDATE[0] as number);
  if (x === ZSL_NIL || zslScore(zsl, x) !== score || zslMember(zsl, x) !== member) return ZSL_NIL;
  unlinkNode(zsl, x);
  freeNode(zsl, x);
  return x;
}

/**
 * zslUpdateScore: give a linked node a new score. When the node stays between its neighbours the
 * score changes in place (ZINCRBY on a leaderboard often does not move anything); otherwise the
 * same node is unlinked and relinked, keeping its index and level (so its dict entry and ZSCAN position).
 * Redis searches first and then tests the neighbours; knowing the node, we test them first and
 * search only when it moves.
 */
export function zslUpdateScore(zsl: ZSkiplist, x: ZslNode, newScore: number): void {
  const member = zslMember(zsl, x);
  const prev = zslPrev(zsl, x);
  const next = zslNext(zsl, x);
  if ((prev === ZSL_NIL || before(zsl, prev, newScore, member)) && (next === ZSL_NIL || !before(zsl, next, newScore, member))) {
    zsl.f64[x << 2] = newScore;
    return;
  }
  findUpdate(zsl, zslScore(zsl, x), member);
  if (zslNext(zsl, UPDATE[0] as number) !== x) throw new Error('zslUpdateScore: node is not linked at its score');
  unlinkNode(zsl, x);
  zsl.f64[x << 2] = newScore;
  // linkNode rewrites every link and span of the node's own levels.
  linkNode(zsl, x);
}

// --- Ranks and ranges ---

/**
 * zslGetRank: the 1-based rank of (score, member), or 0 when it is not in the list. Each step
 * forward adds the span it jumped; the search ends on the node itself.
 */
export function zslGetRank(zsl: ZSkiplist, score: number, member: string): number {
  let rank = 0;
  let p = ZSL_NIL;
  let i = zsl.level - 1;
  for (; i >= 2; i--) {
    for (let next = zslForward(zsl, p, i); next !== ZSL_NIL && atOrBefore(zsl, next, score, member); next = zslForward(zsl, p, i)) {
      rank += zslSpan(zsl, p, i);
      p = next;
    }
    if (p !== ZSL_NIL && zslMember(zsl, p) === member) return rank;
  }
  const i32 = zsl.i32;
  for (; i >= 0; i--) {
    const link = i === 0 ? NEXT0 : NEXT1;
    for (let next = i32[(p << RECORD_SHIFT) + link] as number; next !== ZSL_NIL && atOrBefore(zsl, next, score, member); next = i32[(p << RECORD_SHIFT) + link] as number) {
      rank += i32[(p << RECORD_SHIFT) + link + 1] as number;
      p = next;
    }
    if (p !== ZSL_NIL && zslMember(zsl, p) === member) return rank;
  }
  return 0;
}

/** zslGetElementByRank: the node at a 1-based rank, or NIL when out of range. */
export function zslGetElementByRank(zsl: ZSkiplist, rank: number): ZslNode {
  let traversed = 0;
  let p = ZSL_NIL;
  for (let i = zsl.level - 1; i >= 0; i--) {
    for (let next = zslForward(zsl, p, i); next !== ZSL_NIL && traversed + zslSpan(zsl, p, i) <= rank; next = zslForward(zsl, p, i)) {
      traversed += zslSpan(zsl, p, i);
      p = next;
    }
    if (traversed === rank) return p;
  }
  return ZSL_NIL;
}

/**
 * How many nodes, from the first, satisfy `holds`; `holds` must be monotone along the list (true
 * for a prefix, then false). One descent, summing spans: O(log n). Score and lex range bounds are
 * such predicates ("score < min", "score <= max"), so a range's ranks are two of these counts.
 */
export function zslCountPrefix(zsl: ZSkiplist, holds: (member: string, score: number) => boolean): number {
  let count = 0;
  let p = ZSL_NIL;
  for (let i = zsl.level - 1; i >= 0; i--) {
    for (let next = zslForward(zsl, p, i); next !== ZSL_NIL && holds(zslMember(zsl, next), zslScore(zsl, next)); next = zslForward(zsl, p, i)) {
      count += zslSpan(zsl, p, i);
      p = next;
    }
  }
  return count;
}

/**
 * zslDeleteRangeByRank: unlink the nodes at 1-based ranks start..end (inclusive) in one pass,
 * calling `removed` with each one's member before its record is freed. Returns how many went.
 */
export function zslDeleteRangeByRank(zsl: ZSkiplist, start: number, end: number, removed: (member: string) => void): number {
  const update = UPDATE;
  let traversed = 0;
  let p = ZSL_NIL;
  for (let i = zsl.level - 1; i >= 0; i--) {
    for (let next = zslForward(zsl, p, i); next !== ZSL_NIL && traversed + zslSpan(zsl, p, i) < start; next = zslForward(zsl, p, i)) {
      traversed += zslSpan(zsl, p, i);
      p = next;
    }
    update[i] = p;
  }
  let count = 0;
  let x = zslNext(zsl, p);
  for (let rank = traversed + 1; x !== ZSL_NIL && rank <= end; rank++) {
    const next = zslNext(zsl, x);
    unlinkNode(zsl, x);
    removed(zslMember(zsl, x));
    freeNode(zsl, x);
    count++;
    x = next;
  }
  return count;
}
