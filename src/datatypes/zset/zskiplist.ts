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
// Layout: nodes live in typed arrays, not in objects. A node is a small integer, its index; index 0 is
// the header, and since no link ever points back at the header, 0 also means "no node" (NIL) in a
// forward or backward link. Each node owns a 32-byte record in one ArrayBuffer, read through a
// Float64Array and an Int32Array over the same bytes:
//
//   int32 slot  0-1      2      3      4      5        6          7
//               score    next0  span0  next1  span1    backward   shape
//
// Redis's node ends in a level array in its own allocation, so a search step touches one place; here
// levels 0 and 1 (all that 15 nodes in 16 have) sit in the record beside the score, so a step reads one
// 32-byte record: the link it follows and the score it compares share a cache line. Levels 2 and up of
// the taller nodes live in a second Int32Array, the upper arena, as (forward, span) pairs; `shape` packs
// the node's arena offset and its height (offset × 32 + height - 1), and is -1 on a free record. Arena
// regions are allocated by height, with one free list per height (a freed region is reused whole by the
// next node of that height; heights repeat with P = 1/4, so the lists never fragment). Members are a
// plain array by node index: the strings the dict keys already hold, so no object per member.
// Freed records go on a free list threaded through next0; the arrays grow by doubling (a memcpy).
//
// Why: on a 100k-member set every step of the object layout was a cache and TLB miss on a node
// scattered over a 15 MB heap; the records here are 3.2 MB in one block. A set that shrinks to a
// quarter of its records is compacted (zslCompact): rebuilt in list order, which renumbers nodes; the
// set's generation counts those renumberings so ZSCAN can tell a cursor from before one (skiplist.ts).
// Searches run their levels 2 and up through zslForward/zslSpan and then levels 1 and 0 in a loop that
// reads the record directly (the span sits in the slot after its link), which most steps take.
// Outside this file nodes are read with zslScore/zslMember/zslNext/zslPrev (and zslForward/zslSpan/
// zslNodeLevel, for tests).

import { defaultRng, type Rng } from '../../util/clock.js';

/** Redis's ZSKIPLIST_MAXLEVEL: enough for 4^32 elements. */
export const ZSKIPLIST_MAXLEVEL = 32;
/** Redis's ZSKIPLIST_P: the chance that a node reaching level i also reaches level i+1. */
export const ZSKIPLIST_P = 0.25;
/** zslRandomLevel draws 16-bit numbers and compares them with P × 0xFFFF. */
const RANDOM_LEVEL_THRESHOLD = ZSKIPLIST_P * 0xffff;

/** A node: its index in the list's arrays. */
export type ZslNode = number;
/** The header's index, which doubles as "no node" in links and lookups. */
export const ZSL_NIL = 0;

/**
 * Int32 slots per node record (32 bytes), and the slot of each field (the score is f64 slot 4 × node).
 * Indexes are computed with shifts: int32 arithmetic V8 need not check for overflow.
 */
const RECORD_SHIFT = 3;
const RECORD_INTS = 1 << RECORD_SHIFT;
const NEXT0 = 2;
const SPAN0 = 3;
const NEXT1 = 4;
const SPAN1 = 5;
const BACK = 6;
const SHAPE = 7;
/** The shape of a record on the free list. */
const FREE_SHAPE = -1;
/** `shape` = arena offset × SHAPE_OFFSET_UNIT + (height - 1); heights 1..32 fit the low 5 bits. */
const SHAPE_OFFSET_BITS = 5;
const SHAPE_OFFSET_UNIT = 1 << SHAPE_OFFSET_BITS;
/** Arena offsets must keep `shape` a positive int32. */
const MAX_ARENA_INTS = 2 ** 26;
/** The header's arena region: levels 2..31, (forward, span) each. */
const HEADER_UPPER_INTS = 2 * (ZSKIPLIST_MAXLEVEL - 2);
/**
 * The arena starts with the free-list heads, one per height 3..32 (height h's at h - 3), -1 when empty:
 * kept there rather than in an array of their own, one typed array less per sorted set.
 */
const FREE_HEADS = ZSKIPLIST_MAXLEVEL - 2;
/** The arena's first length: the heads and the header's levels. */
const ARENA_START_INTS = 96;
/** Smallest record capacity (header included); a set below it is never compacted. */
const MIN_CAPACITY = 4;

export interface ZSkiplist {
  /** The node records (see Layout); both views cover the same ArrayBuffer, replaced when it grows. */
  f64: Float64Array;
  i32: Int32Array;
  /** The free-list heads (FREE_HEADS), then levels 2 and up of the taller nodes, as (forward, span) pairs. */
  upper: Int32Array;
  /** The arena's first never-used int. */
  upperTop: number;
  /** member by node ('' on the header and free records). */
  members: string[];
  /** The first free record (linked through next0), NIL when none. */
  freeHead: ZslNode;
  /** The first never-used record: nodes are below it (ZSCAN walks 1..top-1). */
  top: number;
  /** Records the buffer holds. */
  capacity: number;
  tail: ZslNode;
  length: number;
  /** The height of the tallest node (at least 1). */
  level: number;
  /** How many times zslCompact renumbered the nodes (mod 2^20): ZSCAN cursors carry it. */
  generation: number;
}

let levelRng: Rng = defaultRng;

/** Seed the node heights (tests and benchmarks); heights change speed, never results. */
export function setSkiplistRng(rng: Rng): void {
  levelRng = rng;
}

// --- Reading nodes ---

export function zslScore(zsl: ZSkiplist, x: ZslNode): number {
  return zsl.f64[x << 2] as number;
}

export function zslMember(zsl: ZSkiplist, x: ZslNode): string {
  return zsl.members[x] as string;
}

/** forward[0]: the next node, NIL at the tail (from the header: the first node). */
export function zslNext(zsl: ZSkiplist, x: ZslNode): ZslNode {
  return zsl.i32[(x << RECORD_SHIFT) + NEXT0] as number;
}

/** backward: the previous node, NIL for the first. */
export function zslPrev(zsl: ZSkiplist, x: ZslNode): ZslNode {
  return zsl.i32[(x << RECORD_SHIFT) + BACK] as number;
}

/** How many levels a node has (the header: ZSKIPLIST_MAXLEVEL). */
export function zslNodeLevel(zsl: ZSkiplist, x: ZslNode): number {
  return ((zsl.i32[(x << RECORD_SHIFT) + SHAPE] as number) & (SHAPE_OFFSET_UNIT - 1)) + 1;
}

/** True when x is a live node (not the header, not a free or never-used record). */
export function zslIsNode(zsl: ZSkiplist, x: ZslNode): boolean {
  return x > 0 && x < zsl.top && (zsl.i32[(x << RECORD_SHIFT) + SHAPE] as number) >= 0;
}

/** Where forward[i] of x sits in upper (i >= 2). */
function upperAt(zsl: ZSkiplist, x: ZslNode, i: number): number {
  return ((zsl.i32[(x << RECORD_SHIFT) + SHAPE] as number) >> SHAPE_OFFSET_BITS) + 2 * i - 4;
}

/** forward[i] of a node: the next node at least i+1 levels tall, or NIL. */
export function zslForward(zsl: ZSkiplist, x: ZslNode, i: number): ZslNode {
  if (i === 0) return zsl.i32[(x << RECORD_SHIFT) + NEXT0] as number;
  if (i === 1) return zsl.i32[(x << RECORD_SHIFT) + NEXT1] as number;
  return zsl.upper[upperAt(zsl, x, i)] as number;
}

/** span[i] of a node: how many level-1 steps its forward[i] link jumps. */
export function zslSpan(zsl: ZSkiplist, x: ZslNode, i: number): number {
  if (i === 0) return zsl.i32[(x << RECORD_SHIFT) + SPAN0] as number;
  if (i === 1) return zsl.i32[(x << RECORD_SHIFT) + SPAN1] as number;
  return zsl.upper[upperAt(zsl, x, i) + 1] as number;
}

function setForward(zsl: ZSkiplist, x: ZslNode, i: number, next: ZslNode): void {
  if (i === 0) zsl.i32[(x << RECORD_SHIFT) + NEXT0] = next;
  else if (i === 1) zsl.i32[(x << RECORD_SHIFT) + NEXT1] = next;
  else zsl.upper[upperAt(zsl, x, i)] = next;
}

function setSpan(zsl: ZSkiplist, x: ZslNode, i: number, span: number): void {
  if (i === 0) zsl.i32[(x << RECORD_SHIFT) + SPAN0] = span;
  else if (i === 1) zsl.i32[(x << RECORD_SHIFT) + SPAN1] = span;
  else zsl.upper[upperAt(zsl, x, i) + 1] = span;
}

// --- Allocation ---

function allocRecords(capacity: number): { f64: Float64Array; i32: Int32Array } {
  const buffer = new ArrayBuffer(capacity * RECORD_INTS * 4);
  return { f64: new Float64Array(buffer), i32: new Int32Array(buffer) };
}

function growRecords(zsl: ZSkiplist): void {
  const capacity = zsl.capacity * 2;
  const { f64, i32 } = allocRecords(capacity);
  i32.set(zsl.i32);
  zsl.f64 = f64;
  zsl.i32 = i32;
  zsl.capacity = capacity;
}

/** An arena region for levels 2..height-1, links NIL and spans 0. */
function allocUpper(zsl: ZSkiplist, height: number): number {
  const size = 2 * (height - 2);
  // A free region of this height, if any (the lists are linked through each region's first int).
  let at = zsl.upper[height - 3] as number;
  if (at !== -1) {
    zsl.upper[height - 3] = zsl.upper[at] as number;
  } else {
    at = zsl.upperTop;
    if (at + size > zsl.upper.length) {
      let length = zsl.upper.length * 2;
      while (at + size > length) length *= 2;
      if (length > MAX_ARENA_INTS) throw new Error('zskiplist: upper-level arena full');
      const upper = new Int32Array(length);
      upper.set(zsl.upper);
      zsl.upper = upper;
    }
    zsl.upperTop = at + size;
  }
  zsl.upper.fill(0, at, at + size);
  return at;
}

function allocNode(zsl: ZSkiplist, height: number, score: number, member: string): ZslNode {
  let x = zsl.freeHead;
  if (x !== ZSL_NIL) {
    zsl.freeHead = zsl.i32[(x << RECORD_SHIFT) + NEXT0] as number;
    zsl.members[x] = member;
  } else {
    if (zsl.top === zsl.capacity) growRecords(zsl);
    x = zsl.top++;
    zsl.members.push(member);
  }
  const offset = height > 2 ? allocUpper(zsl, height) : 0;
  const base = x << RECORD_SHIFT;
  const i32 = zsl.i32;
  zsl.f64[x << 2] = score;
  i32.fill(0, base + NEXT0, base + SHAPE);
  i32[base + SHAPE] = offset * SHAPE_OFFSET_UNIT + height - 1;
  return x;
}

/** Return x's record (and its arena region) to the free lists. */
function freeNode(zsl: ZSkiplist, x: ZslNode): void {
  const height = zslNodeLevel(zsl, x);
  if (height > 2) {
    const at = upperAt(zsl, x, 2);
    zsl.upper[at] = zsl.upper[height - 3] as number;
    zsl.upper[height - 3] = at;
  }
  const base = x << RECORD_SHIFT;
  zsl.i32[base + SHAPE] = FREE_SHAPE;
  zsl.i32[base + NEXT0] = zsl.freeHead;
  zsl.freeHead = x;
  zsl.members[x] = '';
}

/** The capacity for `records` records: a power of two with room to grow. */
function capacityFor(records: number): number {
  let capacity = MIN_CAPACITY;
  while (capacity < records) capacity *= 2;
  return capacity;
}

/** An empty list with room for `sizeHint` nodes before it first grows. */
export function zslCreate(sizeHint = 0): ZSkiplist {
  const capacity = capacityFor(sizeHint + 1);
  const { f64, i32 } = allocRecords(capacity);
  const zsl: ZSkiplist = {
    f64, i32, upper: new Int32Array(ARENA_START_INTS).fill(-1, 0, FREE_HEADS), upperTop: FREE_HEADS, members: [],
    freeHead: ZSL_NIL, top: 0, capacity,
    tail: ZSL_NIL, length: 0, level: 1, generation: 0,
  };
  allocNode(zsl, ZSKIPLIST_MAXLEVEL, 0, '');
  return zsl;
}

/** A deep copy, node for node (same indexes, heights and generation). */
export function zslDuplicate(zsl: ZSkiplist): ZSkiplist {
  const i32 = zsl.i32.slice();
  return {
    f64: new Float64Array(i32.buffer), i32, upper: zsl.upper.slice(), upperTop: zsl.upperTop,
    members: zsl.members.slice(), freeHead: zsl.freeHead, top: zsl.top,
    capacity: zsl.capacity, tail: zsl.tail, length: zsl.length, level: zsl.level, generation: zsl.generation,
  };
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

// --- Compaction ---

/** True when the list holds under a quarter of its records (zslCompact would give memory back). */
export function zslShouldCompact(zsl: ZSkiplist): boolean {
  return zsl.capacity > MIN_CAPACITY && (zsl.length + 1) * 4 < zsl.capacity;
}

/**
 * Rebuild the list in fresh arrays sized for its length, nodes renumbered 1..length in list order
 * (heights, scores and spans kept), and bump the generation. `moved` hears each member's new node.
 * Redis shrinks a zset's dict when it empties out (htNeedsResize); this is our counterpart for the
 * records, which otherwise keep their high-water size.
 */
export function zslCompact(zsl: ZSkiplist, moved: (member: string, node: ZslNode) => void): void {
  const remap = new Int32Array(zsl.top);
  let arenaInts = FREE_HEADS + HEADER_UPPER_INTS;
  let k = 1;
  for (let x = zslNext(zsl, ZSL_NIL); x !== ZSL_NIL; x = zslNext(zsl, x)) {
    remap[x] = k++;
    const height = zslNodeLevel(zsl, x);
    if (height > 2) arenaInts += 2 * (height - 2);
  }
  const capacity = capacityFor(2 * (zsl.length + 1));
  const { f64, i32 } = allocRecords(capacity);
  let arenaLength = ARENA_START_INTS;
  while (arenaLength < arenaInts) arenaLength *= 2;
  const upper = new Int32Array(arenaLength);
  const members: string[] = [''];
  upper.fill(-1, 0, FREE_HEADS);
  let upperTop = FREE_HEADS;
  const copy = (x: ZslNode, y: ZslNode): void => {
    const height = zslNodeLevel(zsl, x);
    const offset = height > 2 ? upperTop : 0;
    if (height > 2) upperTop += 2 * (height - 2);
    f64[y << 2] = zslScore(zsl, x);
    const base = y << RECORD_SHIFT;
    i32[base + SHAPE] = offset * SHAPE_OFFSET_UNIT + height - 1;
    i32[base + BACK] = remap[zslPrev(zsl, x)] as number;
    for (let i = 0; i < height; i++) {
      const next = remap[zslForward(zsl, x, i)] as number;
      const span = zslSpan(zsl, x, i);
      if (i < 2) {
        i32[base + (i === 0 ? NEXT0 : NEXT1)] = next;
        i32[base + (i === 0 ? SPAN0 : SPAN1)] = span;
      } else {
        upper[offset + 2 * i - 4] = next;
        upper[offset + 2 * i - 3] = span;
      }
    }
  };
  copy(ZSL_NIL, ZSL_NIL);
  for (let x = zslNext(zsl, ZSL_NIL); x !== ZSL_NIL; x = zslNext(zsl, x)) {
    const y = remap[x] as number;
    copy(x, y);
    const member = zslMember(zsl, x);
    members.push(member);
    moved(member, y);
  }
  zsl.f64 = f64;
  zsl.i32 = i32;
  zsl.upper = upper;
  zsl.upperTop = upperTop;
  zsl.members = members;
  zsl.freeHead = ZSL_NIL;
  zsl.top = zsl.length + 1;
  zsl.capacity = capacity;
  zsl.tail = remap[zsl.tail] as number;
  zsl.generation = (zsl.generation + 1) % 2 ** 20;
}
